package oura

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Route patterns that are not per collection; they are also the keys for
// counters and faults. Collection routes are CollectionRoute(path) and
// DocumentRoute(path), with SandboxPrefix for the sandbox mirror.
const (
	// AuthorizePath and TokenPath are where a client's authorize and token
	// URLs point; the API itself is served at the root (/v2/…), as on
	// api.ouraring.com.
	AuthorizePath = "/oauth/authorize"
	TokenPath     = "/oauth/token"

	RouteAuthorize     = "GET /oauth/authorize"
	RouteToken         = "POST /oauth/token"
	RouteRevoke        = "POST /oauth/revoke"
	RouteRevokeGet     = "GET /oauth/revoke"
	RoutePersonalInfo  = "GET /v2/usercollection/personal_info"
	RouteHeartRate     = "GET /v2/usercollection/heartrate"
	RouteSubscriptions = "GET /v2/webhook/subscription"
	RouteSubscribe     = "POST /v2/webhook/subscription"
	RouteSubscription  = "GET /v2/webhook/subscription/{id}"
	RouteUpdate        = "PUT /v2/webhook/subscription/{id}"
	RouteUnsubscribe   = "DELETE /v2/webhook/subscription/{id}"
	RouteRenew         = "PUT /v2/webhook/subscription/renew/{id}"

	// SandboxPrefix is where the sandbox mirror of the collections lives.
	SandboxPrefix = "/v2/sandbox/usercollection/"
	// CollectionPrefix is where the real collections live.
	CollectionPrefix = "/v2/usercollection/"
)

// Credentials of the registered app when Config leaves them empty.
const (
	DefaultClientID     = "oura-sim-client"
	DefaultClientSecret = "oura-sim-secret"
)

// Defaults for Config fields left zero.
const (
	// DefaultAccessTTL: the seed says access tokens "typically" last 24
	// hours in one place and 30 days in another (research B.2); clients
	// must rely on expires_in, and the shorter one exercises refresh.
	DefaultAccessTTL       = 24 * time.Hour
	DefaultPageSize        = 50
	DefaultHeartRatePage   = 1000
	DefaultSubscriptionTTL = 90 * 24 * time.Hour
	DefaultWebhookAttempts = 1
)

// CollectionRoute returns the pattern of a collection's list route.
func CollectionRoute(prefix, path string) string { return "GET " + prefix + path }

// DocumentRoute returns the pattern of a collection's single-document route.
func DocumentRoute(prefix, path string) string { return "GET " + prefix + path + "/{document_id}" }

// DefaultRateLimits is Oura's quota: 5,000 requests per 5 minutes per app
// (seed, "Oura HTTP Response Codes").
func DefaultRateLimits() []simkit.Window {
	return []simkit.Window{{Limit: 5000, Length: 5 * time.Minute}}
}

// Config configures a Server. Only World is required.
type Config struct {
	World *truth.World
	// Clock drives token expiry, rate-limit windows, subscription expiry
	// and webhook timestamps. Default: a FakeClock at World.Now(),
	// advanced by Server.Advance.
	Clock simkit.Clock
	// ClientID and ClientSecret of the one registered app; the secret also
	// signs webhooks.
	ClientID, ClientSecret string
	// RedirectURIs registered for the app; empty accepts any absolute URI.
	RedirectURIs []string
	// HTTPClient sends webhook verification GETs and events (default: 10 s
	// timeout, the deadline Oura gives receivers).
	HTTPClient *http.Client
	// RateLimits per app; nil means DefaultRateLimits, an empty non-nil
	// slice disables rate limiting.
	RateLimits []simkit.Window
	// AccessTTL is the access-token lifetime (default DefaultAccessTTL).
	AccessTTL time.Duration
	// PageSize is the number of documents per page (default 50);
	// HeartRatePageSize the number of heart-rate samples (default 1000).
	// Oura does not document either, and clients cannot choose them.
	PageSize, HeartRatePageSize int
	// SubscriptionTTL is how far expiration_time lies after a create or
	// renew (default 90 days, the lifetime Open Wearables assumes; Oura
	// does not document it).
	SubscriptionTTL time.Duration
	// WebhookAttempts is how many times an event POST is tried before it
	// is dropped (default 1; Oura retries 10 times over about an hour).
	WebhookAttempts int
	// Seed drives probabilistic faults.
	Seed int64
	// Advance, when set, replaces Server.Advance behind POST /_sim/advance:
	// a cluster sharing one world among simulators advances it once and
	// notifies each of them.
	Advance func(ctx context.Context, d time.Duration) (int, error)
	// Logger receives delivery failures (default: discard).
	Logger *slog.Logger
}

// Server is a simulated Oura API v2.
type Server struct {
	cfg     Config
	env     env
	sandbox env
	clock   simkit.Clock
	kit     *simkit.Kit
	oauth   *simkit.OAuthStore
	limiter *simkit.RateLimiter
	hooks   *simkit.WebhookSender
	pats    map[string]*truth.Person // personal access token → person

	mu        sync.Mutex
	nextUser  int
	connected map[string]bool // Oura user ids that authorized the app
	subs      map[string]*subscription
	order     []string           // subscription ids in creation order
	notified  time.Time          // world time up to which derived events were sent
	removed   map[string]Removal // document id → how RemoveDocument took it away
}

// New builds a server.
func New(cfg Config) (*Server, error) {
	if cfg.World == nil {
		return nil, errors.New("oura: Config.World is required")
	}
	if cfg.Clock == nil {
		cfg.Clock = simkit.NewFakeClock(cfg.World.Now())
	}
	cfg.ClientID = cmp.Or(cfg.ClientID, DefaultClientID)
	cfg.ClientSecret = cmp.Or(cfg.ClientSecret, DefaultClientSecret)
	if cfg.RateLimits == nil {
		cfg.RateLimits = DefaultRateLimits()
	}
	cfg.AccessTTL = cmp.Or(cfg.AccessTTL, DefaultAccessTTL)
	cfg.PageSize = cmp.Or(cfg.PageSize, DefaultPageSize)
	cfg.HeartRatePageSize = cmp.Or(cfg.HeartRatePageSize, DefaultHeartRatePage)
	cfg.SubscriptionTTL = cmp.Or(cfg.SubscriptionTTL, DefaultSubscriptionTTL)
	cfg.WebhookAttempts = cmp.Or(cfg.WebhookAttempts, DefaultWebhookAttempts)
	if cfg.HTTPClient == nil {
		cfg.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	sandbox, err := sandboxWorld(cfg.World)
	if err != nil {
		return nil, err
	}
	s := &Server{
		cfg:       cfg,
		env:       env{world: cfg.World, seed: cfg.World.Seed()},
		sandbox:   env{world: sandbox, seed: sandbox.Seed()},
		clock:     cfg.Clock,
		oauth:     simkit.NewOAuthStore(simkit.OAuthConfig{Clock: cfg.Clock, AccessTTL: cfg.AccessTTL}),
		limiter:   simkit.NewRateLimiter(cfg.Clock, cfg.RateLimits...),
		hooks:     simkit.NewWebhookSender(cfg.HTTPClient, cfg.Clock),
		pats:      map[string]*truth.Person{},
		connected: map[string]bool{},
		subs:      map[string]*subscription{},
		notified:  cfg.World.Now(),
		removed:   map[string]Removal{},
	}
	for _, p := range cfg.World.People() {
		s.pats[s.PersonalAccessToken(p)] = p
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
			Reset: s.reset,
			Status: func() any {
				return map[string]any{"world_now": cfg.World.Now(), "clock": s.clock.Now(), "client_id": cfg.ClientID,
					"subscriptions": len(s.Subscriptions())}
			},
		},
	})
	s.routes()
	return s, nil
}

// sandboxWorld is the fixed data behind /v2/sandbox: one made-up person
// over the same dates as the real world, independent of who asks.
func sandboxWorld(w *truth.World) (*truth.World, error) {
	o := w.Options()
	sw, err := truth.Generate(truth.Options{Seed: o.Seed ^ 0x5a4d, Users: 1, Days: o.Days, End: o.End})
	if err != nil {
		return nil, fmt.Errorf("oura: sandbox world: %w", err)
	}
	return sw, nil
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
func (s *Server) World() *truth.World { return s.env.world }

// ClientID returns the registered app's client id.
func (s *Server) ClientID() string { return s.cfg.ClientID }

// ClientSecret returns the registered app's client secret.
func (s *Server) ClientSecret() string { return s.cfg.ClientSecret }

// RequestCount returns how many requests a route pattern served.
func (s *Server) RequestCount(route string) int { return s.kit.Counters.Count(route) }

// Close releases hung requests.
func (s *Server) Close() { s.kit.Close() }

// reset forgets subscriptions, connections and removed documents (POST
// /_sim/reset).
func (s *Server) reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.subs, s.order = map[string]*subscription{}, nil
	s.connected = map[string]bool{}
	s.removed = map[string]Removal{}
	s.hooks.ResetLog()
}

// writeError writes Oura's error shape, {"detail": message}.
func writeError(w http.ResponseWriter, _ *http.Request, status int, msg string) {
	simkit.WriteJSON(w, status, ErrorBody{Detail: msg})
}
