package whoop

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Route patterns; they are also the keys for counters and faults.
const (
	RouteAuthorize       = "GET /oauth/oauth2/auth"
	RouteToken           = "POST /oauth/oauth2/token"
	RouteProfile         = "GET /developer/v2/user/profile/basic"
	RouteBody            = "GET /developer/v2/user/measurement/body"
	RouteRevoke          = "DELETE /developer/v2/user/access"
	RouteCycles          = "GET /developer/v2/cycle"
	RouteCycle           = "GET /developer/v2/cycle/{cycleId}"
	RouteCycleSleep      = "GET /developer/v2/cycle/{cycleId}/sleep"
	RouteCycleRecovery   = "GET /developer/v2/cycle/{cycleId}/recovery"
	RouteRecoveries      = "GET /developer/v2/recovery"
	RouteSleeps          = "GET /developer/v2/activity/sleep"
	RouteSleep           = "GET /developer/v2/activity/sleep/{sleepId}"
	RouteWorkouts        = "GET /developer/v2/activity/workout"
	RouteWorkout         = "GET /developer/v2/activity/workout/{workoutId}"
	APIPrefix            = "/developer"
	DefaultClientID      = "whoop-sim-client"
	DefaultClientSecret  = "whoop-sim-secret"
	defaultMinStateChars = 8
)

// Scopes WHOOP defines (research Part B.1).
const (
	ScopeOffline         = "offline"
	ScopeProfile         = "read:profile"
	ScopeBodyMeasurement = "read:body_measurement"
	ScopeCycles          = "read:cycles"
	ScopeSleep           = "read:sleep"
	ScopeRecovery        = "read:recovery"
	ScopeWorkout         = "read:workout"
)

// DefaultRateLimits are WHOOP's default per-app quotas.
func DefaultRateLimits() []simkit.Window {
	return []simkit.Window{{Limit: 100, Length: time.Minute}, {Limit: 10000, Length: 24 * time.Hour}}
}

// Config configures a Server. Only World is required.
type Config struct {
	World *truth.World
	// Clock drives token expiry, rate-limit windows and webhook timestamps.
	// Default: a FakeClock at World.Now(), advanced by Server.Advance.
	Clock simkit.Clock
	// ClientID and ClientSecret of the one registered app.
	ClientID, ClientSecret string
	// RedirectURIs registered for the app; empty accepts any.
	RedirectURIs []string
	// WebhookURL receives signed v2 webhooks; empty disables them.
	WebhookURL string
	// HTTPClient sends webhooks (default: 10 s timeout).
	HTTPClient *http.Client
	// RateLimits per app; nil means DefaultRateLimits, an empty non-nil
	// slice disables rate limiting.
	RateLimits []simkit.Window
	// AccessTTL is the access-token lifetime (default 3600 s).
	AccessTTL time.Duration
	// MinStateLength rejects shorter OAuth state values (default 8, which
	// ORY-Hydra-style servers enforce; negative disables).
	MinStateLength int
	// Seed drives probabilistic faults and the seeded lab orders.
	Seed int64
	// Partners are the lab partners of the partner API (default
	// DefaultPartners); each owns every len(Partners)-th person's order.
	Partners []Partner
	// PartnerTokenTTL is the partner token lifetime (default 3600 s).
	PartnerTokenTTL time.Duration
	// Advance, when set, replaces Server.Advance behind POST /_sim/advance:
	// a cluster sharing one world advances it once and notifies every
	// provider.
	Advance func(ctx context.Context, d time.Duration) (int, error)
}

// Server is a simulated WHOOP API.
type Server struct {
	cfg     Config
	world   *truth.World
	clock   simkit.Clock
	kit     *simkit.Kit
	oauth   *simkit.OAuthStore
	limiter *simkit.RateLimiter
	hooks   *simkit.WebhookSender
	labs    *labs

	mu        sync.Mutex
	nextUser  int
	connected map[int64]bool
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.World == nil {
		return nil, errors.New("whoop: Config.World is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = simkit.NewFakeClock(cfg.World.Now())
	}
	cfg.ClientID = cmp.Or(cfg.ClientID, DefaultClientID)
	cfg.ClientSecret = cmp.Or(cfg.ClientSecret, DefaultClientSecret)
	if cfg.RateLimits == nil {
		cfg.RateLimits = DefaultRateLimits()
	}
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = time.Hour
	}
	if cfg.MinStateLength == 0 {
		cfg.MinStateLength = defaultMinStateChars
	}
	s := &Server{
		cfg: cfg, world: cfg.World, clock: cfg.Clock,
		oauth:     simkit.NewOAuthStore(simkit.OAuthConfig{Clock: cfg.Clock, AccessTTL: cfg.AccessTTL}),
		limiter:   simkit.NewRateLimiter(cfg.Clock, cfg.RateLimits...),
		hooks:     simkit.NewWebhookSender(cfg.HTTPClient, cfg.Clock),
		connected: map[int64]bool{},
	}
	s.kit = simkit.New(simkit.Config{
		Clock: cfg.Clock, Seed: cfg.Seed, WriteError: writeError, OAuth: s.oauth, Limiter: s.limiter,
		Hooks: simkit.Hooks{
			Advance: func(ctx context.Context, d time.Duration) (int, error) {
				if cfg.Advance != nil {
					return cfg.Advance(ctx, d)
				}
				ev, err := s.Advance(ctx, d)
				return len(ev), err
			},
			Status: func() any {
				return map[string]any{"world_now": s.world.Now(), "clock": s.clock.Now(), "client_id": s.cfg.ClientID}
			},
		},
	})
	if len(cfg.Partners) == 0 {
		cfg.Partners = DefaultPartners()
	}
	if cfg.PartnerTokenTTL <= 0 {
		cfg.PartnerTokenTTL = time.Hour
	}
	s.labs = &labs{partners: cfg.Partners, ttl: cfg.PartnerTokenTTL, tokens: map[string]partnerToken{},
		orders: seedLabs(cfg.World, cfg.Partners, cfg.Seed), reports: map[string][]DiagnosticReport{}}
	s.routes()
	s.partnerRoutes()
	return s, nil
}

// Handler serves the API, OAuth and the /_sim/ admin routes.
func (s *Server) Handler() http.Handler { return s.kit.Handler() }

// Kit exposes faults and counters.
func (s *Server) Kit() *simkit.Kit { return s.kit }

// OAuth exposes the token store (tests expire or revoke tokens with it).
func (s *Server) OAuth() *simkit.OAuthStore { return s.oauth }

// Limiter exposes the rate limiter.
func (s *Server) Limiter() *simkit.RateLimiter { return s.limiter }

// Webhooks exposes the webhook sender and its delivery log.
func (s *Server) Webhooks() *simkit.WebhookSender { return s.hooks }

// World returns the truth the server renders.
func (s *Server) World() *truth.World { return s.world }

// ClientID returns the registered app's client id.
func (s *Server) ClientID() string { return s.cfg.ClientID }

// ClientSecret returns the registered app's client secret.
func (s *Server) ClientSecret() string { return s.cfg.ClientSecret }

// RequestCount returns how many requests a route pattern served.
func (s *Server) RequestCount(route string) int { return s.kit.Counters.Count(route) }

// Close releases hung requests.
func (s *Server) Close() { s.kit.Close() }

// IssueToken grants person i the given scopes (all scopes when none are
// given) without the browser dance, for tests and the demo.
func (s *Server) IssueToken(i int, scopes ...string) (simkit.Token, error) {
	if len(scopes) == 0 {
		scopes = AllScopes()
	}
	p := s.world.Person(i)
	g := simkit.Grant{ClientID: s.cfg.ClientID, Subject: strconv.FormatInt(p.WhoopUserID, 10), Scopes: scopes,
		Refreshable: slices.Contains(scopes, ScopeOffline)}
	tok, err := s.oauth.ExchangeCode(s.cfg.ClientID, s.oauth.IssueCode(g), "")
	if err != nil {
		return simkit.Token{}, fmt.Errorf("whoop: issue token: %w", err)
	}
	s.setConnected(p.WhoopUserID, true)
	return tok, nil
}

// AllScopes lists every scope the simulator knows.
func AllScopes() []string {
	return []string{ScopeOffline, ScopeProfile, ScopeBodyMeasurement, ScopeCycles, ScopeSleep, ScopeRecovery, ScopeWorkout}
}

func (s *Server) setConnected(userID int64, on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if on {
		s.connected[userID] = true
		return
	}
	delete(s.connected, userID)
}

func (s *Server) isConnected(userID int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.connected[userID]
}

// errorBody is the simulator's error shape; WHOOP's own error bodies are
// not documented in the seeds, so clients must rely on the status code.
type errorBody struct {
	Error   string `json:"error"`
	Message string `json:"message"`
}

func writeError(w http.ResponseWriter, _ *http.Request, status int, msg string) {
	simkit.WriteJSON(w, status, errorBody{Error: strings.ToLower(strings.ReplaceAll(http.StatusText(status), " ", "_")), Message: msg})
}
