package withings

import (
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// call is one authenticated API request, as a service sees it.
type call struct {
	form   url.Values
	person *truth.Person
	token  simkit.Token
	// now is the world's time: what data exists and what updatetime says.
	now time.Time
	r   *http.Request
}

// service is one action of a path.
type service struct {
	// scope the token must hold; empty for none.
	scope string
	run   func(c *call) (any, *apiError)
}

// routes registers every path.
func (s *Server) routes() {
	s.kit.HandleFunc(RouteAuthorize, s.authorize)
	s.kit.HandleFunc(RouteToken, s.token)
	s.kit.HandleFunc(RouteMeasure, s.api(map[string]service{
		"getmeas": {ScopeMetrics, s.getmeas},
	}))
	s.kit.HandleFunc(RouteMeasureV2, s.api(map[string]service{
		"getactivity":         {ScopeActivity, s.getactivity},
		"getintradayactivity": {ScopeActivity, s.getintraday},
		"getworkouts":         {ScopeActivity, s.getworkouts},
	}))
	s.kit.HandleFunc(RouteSleep, s.api(map[string]service{
		"get":        {ScopeActivity, s.sleepGet},
		"getsummary": {ScopeActivity, s.sleepSummary},
	}))
	s.kit.HandleFunc(RouteHeart, s.api(map[string]service{
		"list": {ScopeMetrics, s.heartList},
		"get":  {ScopeMetrics, s.heartGet},
	}))
	s.kit.HandleFunc(RouteUser, s.api(map[string]service{
		"getdevice": {ScopeInfo, s.getdevice},
	}))
	s.kit.HandleFunc(RouteNotify, s.api(map[string]service{
		"subscribe": {"", s.notifySubscribe},
		"list":      {"", s.notifyList},
		"get":       {"", s.notifyGet},
		"revoke":    {"", s.notifyRevoke},
		"update":    {"", s.notifyUpdate},
	}))
}

// api dispatches on the action parameter, authenticates the bearer token,
// applies the application's rate limit and wraps the result in the
// envelope.
func (s *Server) api(services map[string]service) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if err := r.ParseForm(); err != nil {
			writeError(w, fail(StatusInvalidParams, "Invalid Params: cannot parse the request"))
			return
		}
		action := r.Form.Get("action")
		svc, ok := services[action]
		if !ok {
			writeError(w, fail(StatusNotImplemented, "Not implemented: unknown action "+action))
			return
		}
		tok, err := s.authenticate(r)
		if err != nil {
			writeError(w, err)
			return
		}
		if !s.limiter.Allow(tok.ClientID).Allowed {
			writeError(w, fail(StatusTooManyRequests, "Too many requests"))
			return
		}
		if svc.scope != "" && !tok.HasScope(svc.scope) {
			writeError(w, fail(StatusScope, "Unauthorized: the token lacks scope "+svc.scope))
			return
		}
		p, ok := s.personOf(tok)
		if !ok {
			writeError(w, fail(StatusInvalidToken, "Invalid token: unknown user"))
			return
		}
		body, apiErr := svc.run(&call{form: r.Form, person: p, token: tok, now: s.world.Now(), r: r})
		if apiErr != nil {
			writeError(w, apiErr)
			return
		}
		writeOK(w, body)
	}
}

// authenticate reads the access token from the Authorization header, or
// from the access_token parameter older integrations still send.
func (s *Server) authenticate(r *http.Request) (simkit.Token, *apiError) {
	raw := r.Form.Get("access_token")
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, tok, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") {
			return simkit.Token{}, fail(StatusInvalidToken, "Invalid token: Authorization must be Bearer")
		}
		raw = strings.TrimSpace(tok)
	}
	if raw == "" {
		return simkit.Token{}, fail(StatusInvalidToken, "Invalid token: missing access token")
	}
	tok, err := s.oauth.Authenticate(raw)
	switch {
	case errors.Is(err, simkit.ErrTokenExpired):
		return simkit.Token{}, fail(StatusInvalidToken, "Invalid token: access token expired")
	case err != nil:
		return simkit.Token{}, fail(StatusInvalidToken, "Invalid token")
	}
	return tok, nil
}

// fields parses data_fields into a selection; with no data_fields the
// service's default set applies.
func fields(form url.Values, defaults []string) func(string) bool {
	raw := form.Get("data_fields")
	list := defaults
	if raw != "" {
		list = strings.Split(raw, ",")
		for i := range list {
			list[i] = strings.TrimSpace(list[i])
		}
	}
	return func(name string) bool { return slices.Contains(list, name) }
}
