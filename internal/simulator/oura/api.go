package oura

import (
	"errors"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// routes registers every route on the kit, one pattern per collection so
// that faults and counters can target a single data type.
func (s *Server) routes() {
	k := s.kit
	k.HandleFunc(RouteAuthorize, s.authorize)
	k.HandleFunc(RouteToken, s.token)
	k.HandleFunc(RouteRevoke, s.revoke)
	k.HandleFunc(RouteRevokeGet, s.revoke)
	k.HandleFunc(RoutePersonalInfo, s.api(false, "", s.personalInfo))
	k.HandleFunc(RouteHeartRate, s.api(false, ScopeHeartRate, s.heartRate))
	k.HandleFunc(CollectionRoute(SandboxPrefix, "heartrate"), s.api(true, "", s.heartRate))
	for _, c := range collections() {
		for _, sandbox := range []bool{false, true} {
			prefix, scope := CollectionPrefix, c.scope
			if sandbox {
				prefix, scope = SandboxPrefix, ""
			}
			k.HandleFunc(CollectionRoute(prefix, c.path), s.api(sandbox, scope, s.list(c)))
			k.HandleFunc(DocumentRoute(prefix, c.path), s.api(sandbox, scope, s.document(c)))
		}
	}
	k.HandleFunc(RouteSubscriptions, s.app(s.listSubscriptions))
	k.HandleFunc(RouteSubscribe, s.app(s.createSubscription))
	k.HandleFunc(RouteSubscription, s.app(s.getSubscription))
	k.HandleFunc(RouteUpdate, s.app(s.updateSubscription))
	k.HandleFunc(RouteUnsubscribe, s.app(s.deleteSubscription))
	k.HandleFunc(RouteRenew, s.app(s.renewSubscription))
}

// caller is an authenticated request: whose data, rendered from which
// world, with which scopes.
type caller struct {
	env    env
	person *truth.Person
	scopes []string
	all    bool // personal access tokens carry every scope
}

func (c caller) has(scope string) bool {
	return c.all || slices.Contains(c.scopes, scope) || (scope == ScopeSpO2 && slices.Contains(c.scopes, "spo2"))
}

// personHandler serves an authenticated request.
type personHandler func(w http.ResponseWriter, r *http.Request, c caller)

// api authenticates the bearer token (OAuth access token or personal
// access token), checks the scope when non-empty, applies the app's rate
// limit (sandbox requests share it, as the seed says) and resolves the
// person: the token's owner, or the sandbox person.
func (s *Server) api(sandbox bool, scope string, h personHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || raw == "" {
			writeError(w, r, http.StatusUnauthorized, "Unauthorized: missing bearer token")
			return
		}
		c, app, err := s.authenticate(raw)
		if err != nil {
			writeError(w, r, http.StatusUnauthorized, "Unauthorized: "+err.Error())
			return
		}
		if scope != "" && !c.has(scope) {
			writeError(w, r, http.StatusForbidden, "Forbidden: token lacks scope "+scope)
			return
		}
		if !s.rateLimit(w, r, app) {
			return
		}
		if sandbox {
			c.env, c.person, c.all = s.sandbox, s.sandbox.world.Person(0), true
		}
		h(w, r, c)
	}
}

// authenticate resolves a bearer token and the rate-limit key of its app.
func (s *Server) authenticate(raw string) (caller, string, error) {
	if p, ok := s.personalToken(raw); ok {
		return caller{env: s.env, person: p, all: true}, "pat:" + p.OuraUserID, nil
	}
	tok, err := s.oauth.Authenticate(raw)
	if err != nil {
		return caller{}, "", fmt.Errorf("authenticate: %w", err)
	}
	p, ok := s.env.world.PersonByOuraID(tok.Subject)
	if !ok {
		return caller{}, "", errors.New("unknown user")
	}
	return caller{env: s.env, person: p, scopes: tok.Scopes}, tok.ClientID, nil
}

// rateLimit applies the per-app quota; when it is used up it answers 429
// with Retry-After in whole seconds (rounded up) and returns false.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, app string) bool {
	if len(s.limiter.Windows()) == 0 {
		return true
	}
	d := s.limiter.Allow(app)
	if d.Allowed {
		return true
	}
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(d.RetryAfter.Seconds()))))
	writeError(w, r, http.StatusTooManyRequests, "Request Rate Limit Exceeded.")
	return false
}

// writeFailure maps window and token errors to 422 (unparseable
// parameter) or 400 (refused request).
func writeFailure(w http.ResponseWriter, r *http.Request, err error) {
	var pe *paramError
	if errors.As(err, &pe) {
		simkit.WriteJSON(w, http.StatusUnprocessableEntity, ValidationError{Detail: []ValidationErrorItem{
			{Loc: []string{"query", pe.name}, Msg: pe.msg, Type: "value_error"},
		}})
		return
	}
	writeError(w, r, http.StatusBadRequest, err.Error())
}

// today is the person's local date at the world's Now, as a UTC midnight.
func today(c caller) time.Time {
	now := c.env.world.Now()
	y, m, d := now.In(c.person.Location(now)).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// list serves GET /v2/usercollection/{path}: the documents whose local day
// is in the window, oldest first, PageSize at a time.
func (s *Server) list(col collection) personHandler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		q := r.URL.Query()
		var win dayWindow
		var cur cursor
		var err error
		if tok := q.Get("next_token"); tok != "" {
			cur, err = decodeCursor(tok)
			win = dayWindow{Start: time.Unix(0, cur.Start).UTC(), End: time.Unix(0, cur.End).UTC()}
		} else {
			win, err = parseDayWindow(q, today(c))
			cur = cursor{Start: win.Start.UnixNano(), End: win.End.UnixNano(), After: math.MinInt64}
		}
		if err != nil {
			writeFailure(w, r, err)
			return
		}
		items := col.items(c.env, c.person)
		slices.SortStableFunc(items, compareItems)
		page := Page[any]{Data: []any{}}
		for _, it := range items {
			if (col.dated && !win.contains(it.day)) || !cur.after(it.start, it.id) {
				continue
			}
			doc, ok := s.shown(it)
			if !ok {
				continue
			}
			if len(page.Data) == s.cfg.PageSize {
				page.NextToken = ptr(cur.encode())
				break
			}
			page.Data = append(page.Data, doc)
			cur.After, cur.ID = it.start.UnixNano(), it.id
		}
		simkit.WriteJSON(w, http.StatusOK, page)
	}
}

// document serves GET /v2/usercollection/{path}/{document_id}.
func (s *Server) document(col collection) personHandler {
	return func(w http.ResponseWriter, r *http.Request, c caller) {
		id := r.PathValue("document_id")
		for _, it := range col.items(c.env, c.person) {
			if it.id != id {
				continue
			}
			if doc, ok := s.shown(it); ok {
				simkit.WriteJSON(w, http.StatusOK, doc)
				return
			}
			break
		}
		writeError(w, r, http.StatusNotFound, "Not Found")
	}
}

// personalInfo serves the profile; any token may read the id.
func (s *Server) personalInfo(w http.ResponseWriter, _ *http.Request, c caller) {
	simkit.WriteJSON(w, http.StatusOK, personalInfo(c.person, c.has(ScopePersonal), c.has(ScopeEmail)))
}
