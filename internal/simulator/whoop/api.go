package whoop

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// routes registers every route on the kit.
func (s *Server) routes() {
	k := s.kit
	k.HandleFunc(RouteAuthorize, s.authorize)
	k.HandleFunc(RouteToken, s.token)
	k.HandleFunc(RouteRevoke, s.api("", s.revoke))
	k.HandleFunc(RouteProfile, s.api(ScopeProfile, func(w http.ResponseWriter, _ *http.Request, p *truth.Person) {
		simkit.WriteJSON(w, http.StatusOK, renderProfile(p))
	}))
	k.HandleFunc(RouteBody, s.api(ScopeBodyMeasurement, func(w http.ResponseWriter, _ *http.Request, p *truth.Person) {
		simkit.WriteJSON(w, http.StatusOK, renderBody(p))
	}))
	k.HandleFunc(RouteCycles, s.api(ScopeCycles, s.cycles))
	k.HandleFunc(RouteCycle, s.api(ScopeCycles, s.cycle))
	// Seed 000 lists no scope for the sleep-for-cycle route; read:sleep is
	// what the data needs.
	k.HandleFunc(RouteCycleSleep, s.api(ScopeSleep, s.cycleSleep))
	k.HandleFunc(RouteCycleRecovery, s.api(ScopeRecovery, s.cycleRecovery))
	k.HandleFunc(RouteRecoveries, s.api(ScopeRecovery, s.recoveries))
	k.HandleFunc(RouteSleeps, s.api(ScopeSleep, s.sleeps))
	k.HandleFunc(RouteSleep, s.api(ScopeSleep, s.sleep))
	k.HandleFunc(RouteSleepStream, s.api(ScopeSleep, s.sleepStream))
	k.HandleFunc(RouteWorkouts, s.api(ScopeWorkout, s.workouts))
	k.HandleFunc(RouteWorkout, s.api(ScopeWorkout, s.workout))
}

// personHandler serves an authenticated request for one person.
type personHandler func(w http.ResponseWriter, r *http.Request, p *truth.Person)

// api authenticates the bearer token, checks the scope (when non-empty),
// applies the app's rate limit and resolves the person.
func (s *Server) api(scope string, h personHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || raw == "" {
			writeError(w, r, http.StatusUnauthorized, "missing bearer token")
			return
		}
		tok, err := s.oauth.Authenticate(raw)
		if err != nil {
			writeError(w, r, http.StatusUnauthorized, err.Error())
			return
		}
		if scope != "" && !tok.HasScope(scope) {
			writeError(w, r, http.StatusForbidden, "token lacks scope "+scope)
			return
		}
		if !s.rateLimit(w, r, tok.ClientID) {
			return
		}
		id, _ := strconv.ParseInt(tok.Subject, 10, 64)
		p, ok := s.world.PersonByWhoopID(id)
		if !ok {
			writeError(w, r, http.StatusUnauthorized, "unknown user")
			return
		}
		h(w, r, p)
	}
}

// rateLimit applies the per-app quota and writes WHOOP's X-RateLimit-*
// headers; it answers 429 with Retry-After and returns false when used up.
func (s *Server) rateLimit(w http.ResponseWriter, r *http.Request, app string) bool {
	windows := s.limiter.Windows()
	if len(windows) == 0 {
		return true
	}
	d := s.limiter.Allow(app)
	parts := []string{strconv.Itoa(d.Limit)}
	for _, win := range windows {
		parts = append(parts, strconv.Itoa(win.Limit)+";window="+strconv.Itoa(int(win.Length/time.Second)))
	}
	h := w.Header()
	h.Set("X-RateLimit-Limit", strings.Join(parts, ", "))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(d.Remaining))
	h.Set("X-RateLimit-Reset", strconv.Itoa(ceilSeconds(d.Reset)))
	if d.Allowed {
		return true
	}
	h.Set("Retry-After", strconv.Itoa(ceilSeconds(d.RetryAfter)))
	writeError(w, r, http.StatusTooManyRequests, "rate limit exceeded")
	return false
}

func ceilSeconds(d time.Duration) int { return int((d + time.Second - 1) / time.Second) }

func (s *Server) revoke(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	s.oauth.RevokeSubject(s.cfg.ClientID, strconv.FormatInt(p.WhoopUserID, 10))
	s.setConnected(p.WhoopUserID, false)
	w.WriteHeader(http.StatusNoContent)
}

// collection parses paging parameters and writes one page.
func collection[T any](w http.ResponseWriter, r *http.Request, fetch func(from, to time.Time) []T, key func(T) (time.Time, string)) {
	pp, err := parsePage(r)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	simkit.WriteJSON(w, http.StatusOK, paginate(fetch(pp.start, pp.end), key, pp))
}

// one writes a single record or 404.
func one[T any](w http.ResponseWriter, r *http.Request, v T, ok bool) {
	if !ok {
		writeError(w, r, http.StatusNotFound, "not found")
		return
	}
	simkit.WriteJSON(w, http.StatusOK, v)
}

func (s *Server) cycles(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	collection(w, r, func(from, to time.Time) []Cycle {
		var out []Cycle
		for _, c := range p.Cycles(from, to) {
			out = append(out, renderCycle(p, c))
		}
		return out
	}, func(c Cycle) (time.Time, string) { return c.Start.Time, strconv.FormatInt(c.ID, 10) })
}

// cycleID parses the cycleId path value; ok is false after writing 400.
func cycleID(w http.ResponseWriter, r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("cycleId"), 10, 64)
	if err != nil {
		writeError(w, r, http.StatusBadRequest, "cycleId must be an integer")
		return 0, false
	}
	return id, true
}

func (s *Server) cycle(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	id, ok := cycleID(w, r)
	if !ok {
		return
	}
	c, found := p.Cycle(id)
	one(w, r, renderCycle(p, c), found)
}

func (s *Server) cycleSleep(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	id, ok := cycleID(w, r)
	if !ok {
		return
	}
	sl, found := p.SleepForCycle(id)
	one(w, r, renderSleep(p, sl), found)
}

func (s *Server) cycleRecovery(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	id, ok := cycleID(w, r)
	if !ok {
		return
	}
	rec, found := p.RecoveryForCycle(id)
	one(w, r, renderRecovery(p, rec), found)
}

func (s *Server) recoveries(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	starts := map[string]time.Time{}
	collection(w, r, func(from, to time.Time) []Recovery {
		var out []Recovery
		for _, rec := range p.Recoveries(from, to) {
			starts[rec.SleepID] = rec.SleepStart
			out = append(out, renderRecovery(p, rec))
		}
		return out
	}, func(rec Recovery) (time.Time, string) { return starts[rec.SleepID], rec.SleepID })
}

func (s *Server) sleeps(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	collection(w, r, func(from, to time.Time) []Sleep {
		var out []Sleep
		for _, sl := range p.Sleeps(from, to) {
			out = append(out, renderSleep(p, sl))
		}
		return out
	}, func(sl Sleep) (time.Time, string) { return sl.Start.Time, sl.ID })
}

func (s *Server) sleep(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	sl, found := p.Sleep(r.PathValue("sleepId"))
	one(w, r, renderSleep(p, sl), found)
}

func (s *Server) workouts(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	collection(w, r, func(from, to time.Time) []Workout {
		var out []Workout
		for _, x := range p.Workouts(from, to) {
			out = append(out, renderWorkout(p, x))
		}
		return out
	}, func(x Workout) (time.Time, string) { return x.Start.Time, x.ID })
}

func (s *Server) workout(w http.ResponseWriter, r *http.Request, p *truth.Person) {
	x, found := p.Workout(r.PathValue("workoutId"))
	one(w, r, renderWorkout(p, x), found)
}
