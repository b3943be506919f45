package withings

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Route patterns, one per path as Withings routes by the action
// parameter; they are also the keys for counters and faults. They carry no
// method because the live API accepts GET with query parameters as well
// as POST with a form body.
const (
	RouteAuthorize = "/oauth2_user/authorize2"
	RouteToken     = "/v2/oauth2"
	RouteMeasure   = "/measure"
	RouteMeasureV2 = "/v2/measure"
	RouteSleep     = "/v2/sleep"
	RouteHeart     = "/v2/heart"
	RouteUser      = "/v2/user"
	RouteNotify    = "/notify"
)

// Defaults of Config.
const (
	DefaultClientID     = "withings-sim-client"
	DefaultClientSecret = "withings-sim-secret"
	DefaultPageSize     = 100
	// AccessTTL is the Withings access-token lifetime (expires_in 10800).
	AccessTTL = 3 * time.Hour
	// CodeTTL is how long an authorization code can be exchanged.
	CodeTTL = 30 * time.Second
)

// Scopes Withings defines (research B.3); the authorize page takes them
// comma-separated.
const (
	ScopeInfo        = "user.info"
	ScopeMetrics     = "user.metrics"
	ScopeActivity    = "user.activity"
	ScopeSleepEvents = "user.sleepevents"
)

// AllScopes lists every scope the simulator knows.
func AllScopes() []string {
	return []string{ScopeInfo, ScopeMetrics, ScopeActivity, ScopeSleepEvents}
}

// DefaultRateLimits is the public-API plan's quota: 120 requests per minute
// across the application.
func DefaultRateLimits() []simkit.Window {
	return []simkit.Window{{Limit: 120, Length: time.Minute}}
}

// Config configures a Server. Only World is required.
type Config struct {
	World *truth.World
	// Clock drives token and code expiry and rate-limit windows. Default: a
	// FakeClock at World.Now(), advanced by Server.Advance. Data time is
	// always the world's Now.
	Clock simkit.Clock
	// ClientID and ClientSecret of the one registered app.
	ClientID, ClientSecret string
	// RedirectURIs registered for the app; empty accepts any.
	RedirectURIs []string
	// HTTPClient probes callback URLs and sends notifications (default:
	// 10 s timeout).
	HTTPClient *http.Client
	// RateLimits per app; nil means DefaultRateLimits, an empty non-nil
	// slice disables rate limiting.
	RateLimits []simkit.Window
	// PageSize is how many records a page of getmeas, getactivity,
	// getworkouts, getsummary and heart list holds (default 100).
	PageSize int
	// Seed drives probabilistic faults.
	Seed int64
	// Advance, when set, replaces Server.Advance behind POST /_sim/advance:
	// a cluster sharing one world advances it once and notifies every
	// provider (through Server.Notify).
	Advance func(ctx context.Context, d time.Duration) (int, error)
}

// Server is a simulated Withings API.
type Server struct {
	cfg     Config
	world   *truth.World
	seed    int64
	clock   simkit.Clock
	kit     *simkit.Kit
	oauth   *simkit.OAuthStore
	limiter *simkit.RateLimiter
	sender  *simkit.WebhookSender
	client  *http.Client

	mu       sync.Mutex
	nextUser int
	subs     []subscription
	spans    map[string]span // record key → time span, for delete notices
	scanned  time.Time       // world time up to which derived ECGs were announced
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.World == nil {
		return nil, errors.New("withings: Config.World is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = simkit.NewFakeClock(cfg.World.Now())
	}
	if cfg.ClientID == "" {
		cfg.ClientID = DefaultClientID
	}
	if cfg.ClientSecret == "" {
		cfg.ClientSecret = DefaultClientSecret
	}
	if cfg.RateLimits == nil {
		cfg.RateLimits = DefaultRateLimits()
	}
	if cfg.PageSize <= 0 {
		cfg.PageSize = DefaultPageSize
	}
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	s := &Server{
		cfg: cfg, world: cfg.World, seed: cfg.World.Seed(), clock: cfg.Clock, client: cfg.HTTPClient,
		oauth: simkit.NewOAuthStore(simkit.OAuthConfig{
			Clock: cfg.Clock, AccessTTL: AccessTTL, CodeTTL: CodeTTL,
		}),
		limiter: simkit.NewRateLimiter(cfg.Clock, cfg.RateLimits...),
		sender:  simkit.NewWebhookSender(cfg.HTTPClient, cfg.Clock),
		spans:   map[string]span{},
		scanned: cfg.World.Now(),
	}
	s.rememberSpans()
	s.kit = simkit.New(simkit.Config{
		Clock: cfg.Clock, Seed: cfg.Seed, WriteError: writeKitError, OAuth: s.oauth, Limiter: s.limiter,
		Hooks: simkit.Hooks{
			Advance: func(ctx context.Context, d time.Duration) (int, error) {
				if cfg.Advance != nil {
					return cfg.Advance(ctx, d)
				}
				n, err := s.Advance(ctx, d)
				return len(n), err
			},
			Reset: s.resetSubscriptions,
			Status: func() any {
				return map[string]any{
					"world_now": s.world.Now(), "clock": s.clock.Now(), "client_id": s.cfg.ClientID,
					"subscriptions": len(s.Subscriptions()),
				}
			},
		},
	})
	s.routes()
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

// Webhooks exposes the notification sender and its delivery log.
func (s *Server) Webhooks() *simkit.WebhookSender { return s.sender }

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
	g := simkit.Grant{
		ClientID: s.cfg.ClientID, Subject: strconv.FormatInt(p.WithingsUserID, 10), Scopes: scopes,
		Refreshable: true,
	}
	tok, err := s.oauth.ExchangeCode(s.cfg.ClientID, s.oauth.IssueCode(g), "")
	if err != nil {
		return simkit.Token{}, fmt.Errorf("withings: issue token: %w", err)
	}
	return tok, nil
}

// personOf resolves the person a token was issued for.
func (s *Server) personOf(tok simkit.Token) (*truth.Person, bool) {
	id, err := strconv.ParseInt(tok.Subject, 10, 64)
	if err != nil {
		return nil, false
	}
	return s.world.PersonByWithingsID(id)
}

// writeKitError renders simkit's injected faults and unknown routes the
// Withings way: authentication and quota failures inside an HTTP 200
// envelope (status 401 and 601), anything else with the HTTP status the
// fault asked for, so that a client meets both kinds of failure.
func writeKitError(w http.ResponseWriter, _ *http.Request, status int, msg string) {
	switch status {
	case http.StatusUnauthorized:
		writeError(w, fail(StatusInvalidToken, "Invalid token: "+msg))
	case http.StatusTooManyRequests:
		writeError(w, fail(StatusTooManyRequests, "Too many requests: "+msg))
	default:
		simkit.WriteJSON(w, status, Response[Empty]{Status: StatusUnknown, Body: Empty{}, Error: msg})
	}
}
