package api

import (
	"cmp"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/api/docsui"
	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/sdk"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/manage"
)

// Options configures the API server.
type Options struct {
	Store   store.Store
	Logger  *slog.Logger
	Metrics *metrics.Metrics
	// MaxBodyBytes caps request bodies; larger ones get 413.
	MaxBodyBytes int64
	// Now is the clock; tests inject a fixed one.
	Now func() time.Time
	// Providers is the provider catalogue (catalog.Default in a
	// process): the provider list, coverage and default priorities.
	Providers provider.Catalog
	// Coverage declares what each provider fills (GET /meta/coverage);
	// nil uses DefaultCoverage of Providers.
	Coverage []ProviderCoverage
	// CursorKey authenticates pagination cursors. Replicas must share it
	// (the server derives it from WEARHOUSE_SECRET_KEY); empty means a
	// random per-process key.
	CursorKey []byte
	// Sync holds the connect-and-sync services (connect.go); routes
	// whose service is missing answer 404.
	Sync SyncServices
	// WhoopLabs serves the WHOOP lab partner routes (labs_whoop.go); nil
	// or unconfigured, they answer 503.
	WhoopLabs *whooplabs.Service
	// SyncStreamPoll is how often a sync event stream reads the store
	// (default one second).
	SyncStreamPoll time.Duration
	// PublicAuthorize opens GET /oauth/{provider}/authorize to callers
	// without an API key or connect link, as Open Wearables does
	// (WEARHOUSE_PUBLIC_AUTHORIZE).
	PublicAuthorize bool
	// SDK serves the mobile SDK routes (sdk_*.go); nil builds one on
	// Store with the server's clock.
	SDK *sdk.Service
	// ImportMaxBytes caps an Apple Health export upload (default 16 GiB);
	// ImportTempDir is where a zip is spooled (default os.TempDir()).
	ImportMaxBytes int64
	ImportTempDir  string
	// Sessions, when set, lets a browser signed in to the operator
	// console call the API with its session cookie instead of a key.
	Sessions SessionAuth
	// Webhooks serves the outgoing-webhook management routes
	// (webhooks_out.go); nil manages endpoints without triggering
	// deliveries and refuses loopback URLs.
	Webhooks *manage.Service
}

// catchAll is the API mux's pattern for paths no route serves.
const catchAll = "/"

// Server implements the generated StrictServerInterface plus the system
// routes (health, readiness, metrics, spec, docs).
type Server struct {
	store    store.Store
	log      *slog.Logger
	metrics  *metrics.Metrics
	maxBody  int64
	now      func() time.Time
	cursors  cursorCodec
	coverage []ProviderCoverage
	catalog  provider.Catalog
	ranks    priority.Ranker
	spec     *openapi3.T
	specRaw  []byte
	handler  http.Handler
	sync     SyncServices
	pages    pageBuffers
	labs     *whooplabs.Service
	// Sync event streams (sync_stream.go) and the authorize mode.
	streamPoll      time.Duration
	streams         *streams
	publicAuthorize bool
	// Mobile SDK and Apple Health import (sdk_*.go, import_apple.go).
	sdk                       *sdk.Service
	sdkMaxBody, importMaxBody int64
	tempDir                   string
	raw                       *http.ServeMux
	sessions                  SessionAuth
	hooks                     *manage.Service
}

var _ apigen.StrictServerInterface = (*Server)(nil)

// New builds the server and its routing table.
func New(o Options) (*Server, error) {
	if o.Store == nil {
		return nil, errors.New("api: Options.Store is required")
	}
	s := &Server{store: o.Store, log: o.Logger, metrics: o.Metrics, maxBody: o.MaxBodyBytes, now: o.Now, labs: o.WhoopLabs, sessions: o.Sessions, hooks: o.Webhooks}
	s.streamPoll, s.streams, s.publicAuthorize = cmp.Or(o.SyncStreamPoll, defaultStreamPoll), newStreams(), o.PublicAuthorize
	if s.hooks == nil {
		s.hooks = &manage.Service{Store: o.Store}
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.metrics == nil {
		s.metrics = metrics.New()
	}
	if s.maxBody <= 0 {
		s.maxBody = 1 << 20
	}
	if s.now == nil {
		s.now = time.Now
	}
	s.sdk, s.sdkMaxBody, s.importMaxBody, s.tempDir = o.SDK, s.maxBody*sdkBodyFactor, o.ImportMaxBytes, o.ImportTempDir
	if s.sdk == nil {
		s.sdk = sdk.New(sdk.Options{Store: o.Store, Now: s.now})
	}
	if s.importMaxBody <= 0 {
		s.importMaxBody = defaultImportMax
	}
	s.catalog, s.ranks = o.Providers, priority.Default(o.Providers.Names()...)
	s.coverage = o.Coverage
	if s.coverage == nil {
		s.coverage = DefaultCoverage(o.Providers)
	}
	s.cursors.key = o.CursorKey
	if len(s.cursors.key) == 0 {
		s.cursors.key = make([]byte, 32)
		_, _ = rand.Read(s.cursors.key)
	}
	spec, err := apigen.GetSwagger()
	if err != nil {
		return nil, fmt.Errorf("api: load embedded spec: %w", err)
	}
	s.spec = spec
	if s.specRaw, err = json.Marshal(spec); err != nil {
		return nil, fmt.Errorf("api: encode spec: %w", err)
	}
	v, err := newValidator(spec)
	if err != nil {
		return nil, err
	}

	apiMux := http.NewServeMux()
	s.sync = o.Sync
	strict := apigen.NewStrictHandlerWithOptions(s, []apigen.StrictMiddlewareFunc{withRequest}, apigen.StrictHTTPServerOptions{
		RequestErrorHandlerFunc:  s.requestError,
		ResponseErrorHandlerFunc: s.responseError,
	})
	apigen.HandlerWithOptions(strict, apigen.StdHTTPServerOptions{BaseRouter: apiMux, ErrorHandlerFunc: s.requestError})
	s.raw = s.rawRoutes()
	// Whatever the generated routes do not serve gets a JSON answer too.
	apiMux.HandleFunc(catchAll, func(w http.ResponseWriter, r *http.Request) {
		writeError(w, r, s.log, notFound("no route for %s %s", r.Method, r.URL.Path))
	})

	mux := http.NewServeMux()
	mux.Handle("/api/", v.gate(s, apiMux))
	mux.HandleFunc("GET /healthz", s.healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.Handle("GET /metrics", s.metrics.Handler())
	mux.HandleFunc("GET /openapi.json", s.openapiJSON)
	mux.HandleFunc("GET /docs", s.docs)
	mux.Handle("GET /docs/assets/{name}", docsui.Handler())
	mux.HandleFunc("GET /static/provider-icons/{name}", s.providerIcon)
	mux.HandleFunc("GET /{$}", s.root)
	s.handler = s.observe(mux)
	return s, nil
}

// ServeHTTP makes the server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// requestError answers parameter-binding and body-decoding failures that
// slip past spec validation (they should be rare) as 400s.
func (s *Server) requestError(w http.ResponseWriter, r *http.Request, err error) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		writeError(w, r, s.log, err)
		return
	}
	if pe, ok := errors.AsType[*apigen.InvalidParamFormatError](err); ok {
		writeError(w, r, s.log, badRequest("invalid parameter %q: %s", pe.ParamName, firstLine(pe.Err.Error())))
		return
	}
	writeError(w, r, s.log, badRequest("invalid request: %s", firstLine(err.Error())))
}

// responseError renders handler errors through the single error mapping.
func (s *Server) responseError(w http.ResponseWriter, r *http.Request, err error) {
	writeError(w, r, s.log, err)
}

func (s *Server) healthz(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// readyz reports ready only when the store answers, so a load balancer
// stops sending traffic to a replica that lost its database.
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := s.store.Ping(ctx); err != nil {
		s.log.WarnContext(ctx, "readiness check failed", slog.Any("error", err))
		writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "detail": "store unreachable", "code": CodeUnavailable})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok", "store": s.store.Engine()})
}

func (s *Server) openapiJSON(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(s.specRaw)
}

func (s *Server) root(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, map[string]string{"message": "Server is running!", "docs": "/docs", "openapi": "/openapi.json"})
}
