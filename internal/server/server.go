package server

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Server is one running wearhouse process.
type Server struct {
	cfg   config.Config
	log   *slog.Logger
	store store.Store
	http  *http.Server
	api   http.Handler
	sync  *syncWiring
}

// Option adjusts how a process is wired.
type Option func(*options)

type options struct {
	now  func() time.Time
	jobs JobTuning
}

// JobTuning adjusts the job runner; the zero value is production's.
type JobTuning struct {
	// Timing bounds sync attempts (default jobs.DefaultTiming).
	Timing jobs.Timing
	// LeaseCheck and FollowPoll override the runner's defaults.
	LeaseCheck, FollowPoll time.Duration
	// ClientID names the process in the jobs it works.
	ClientID string
	// Fast polls for new jobs every few milliseconds (tests).
	Fast bool
}

// WithJobTuning sets the job runner's timings (tests use short slices
// and lease checks to exercise a takeover in seconds).
func WithJobTuning(t JobTuning) Option {
	return func(o *options) { o.jobs = t }
}

// WithClock makes the sync engine and token lifecycle read time from now
// instead of the wall clock: the demo runs them on the simulators' clock,
// so simulated days, token expiries and sync windows agree.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// New wires the components of one process on an opened store.
func New(cfg config.Config, st store.Store, log *slog.Logger, opts ...Option) (*Server, error) {
	o := options{now: time.Now}
	for _, opt := range opts {
		opt(&o)
	}
	key, err := SecretKey(cfg, log)
	if err != nil {
		return nil, err
	}
	m := metrics.New()
	if err := m.WatchJobs(jobCounts(st)); err != nil {
		return nil, fmt.Errorf("server: metrics: %w", err)
	}
	s := &Server{cfg: cfg, log: log, store: st}
	// The upkeep jobs run methods of s; they are registered now and run
	// only once s is complete (Run).
	sw, err := newSyncWiring(cfg, st, key, log, o, m, s.upkeeps)
	if err != nil {
		return nil, err
	}
	cursorKey, err := derive(key, purposeCursor)
	if err != nil {
		return nil, err
	}
	con, err := newConsole(cfg, st, sw, log, time.Now)
	if err != nil {
		return nil, err
	}
	a, err := api.New(api.Options{Store: st, Logger: log, Metrics: m, MaxBodyBytes: cfg.MaxBodyBytes, Providers: catalog.Default(),
		CursorKey: cursorKey, Sync: sw.services, WhoopLabs: whoopLabs(cfg.WhoopPartner, st, o.now), PublicAuthorize: cfg.PublicAuthorize, Sessions: con,
		Webhooks: sw.webhooks.manage})
	if err != nil {
		return nil, err
	}
	s.api, s.sync = withConsole(a, con), sw
	s.http = &http.Server{
		Handler:           s.api,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	s.http.RegisterOnShutdown(a.StopStreams) // event streams never end by themselves
	return s, nil
}

// jobCounts reads the job queue's depth for the wearhouse_jobs gauge.
func jobCounts(st store.Store) func(ctx context.Context) ([]metrics.JobCount, error) {
	return func(ctx context.Context) ([]metrics.JobCount, error) {
		cs, err := st.JobCounts(ctx)
		if err != nil {
			return nil, err
		}
		out := make([]metrics.JobCount, len(cs))
		for i, c := range cs {
			out[i] = metrics.JobCount{Kind: c.Kind, State: c.State, Count: c.Count}
		}
		return out, nil
	}
}

// Handler is the process's HTTP handler (for in-process tests and demos).
func (s *Server) Handler() http.Handler { return s.api }

// Run serves on ln until ctx is cancelled or a part fails. Its parts —
// the HTTP server and the job runner (with its leases and the periodic
// upkeep jobs) — run under one errgroup: the first to fail stops the
// others, and Run returns only once every goroutine has ended: HTTP
// stops accepting and drains in-flight requests, the runner lets running
// jobs finish (soft stop) and puts the rest back. The caller closes the
// store.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	g, gctx := errgroup.WithContext(ctx)
	g.Go(func() error {
		if err := s.sync.runner.Run(gctx); err != nil {
			return fmt.Errorf("server: jobs: %w", err)
		}
		return nil
	})
	g.Go(func() error { return s.sync.webhooks.dispatcher.Run(gctx) })
	g.Go(func() error {
		if err := s.http.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			return fmt.Errorf("server: http: %w", err)
		}
		return nil
	})
	g.Go(func() error {
		<-gctx.Done()
		shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
		defer cancel()
		if err := s.http.Shutdown(shutdownCtx); err != nil {
			return fmt.Errorf("server: shutdown: %w", err)
		}
		return nil
	})
	s.log.Info("wearhouse listening", slog.String("addr", ln.Addr().String()), slog.String("store", s.store.Engine()))
	err := g.Wait()
	if err != nil {
		s.log.Error("wearhouse stopped", slog.Any("error", err))
		return err
	}
	s.log.Info("wearhouse stopped")
	return nil
}

// Key purposes: each use of the secret key gets its own key, derived
// with HKDF-SHA256 (RFC 5869), so one use never leaks into another. The
// derived keys sign short-lived values — pagination cursors and connect
// links — or are secrets a provider setting defaults to (its descriptor
// names the purpose: Oura's webhook verification token); nothing stored.
// The secret key itself still seals the stored provider tokens.
const (
	purposeCursor      = "wearhouse pagination-cursor v2"
	purposeConnectLink = "wearhouse connect-link v2"
)

// derive makes the purpose-specific key.
func derive(key []byte, purpose string) ([]byte, error) {
	k, err := hkdf.Key(sha256.New, key, nil, purpose, sha256.Size)
	if err != nil {
		return nil, fmt.Errorf("server: derive the %s key: %w", purpose, err)
	}
	return k, nil
}
