package server

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
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
	api   *api.Server
	sync  *syncWiring
}

// Option adjusts how a process is wired.
type Option func(*options)

type options struct {
	now func() time.Time
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
	sw, err := newSyncWiring(cfg, st, key, log, o.now)
	if err != nil {
		return nil, err
	}
	a, err := api.New(api.Options{Store: st, Logger: log, Metrics: m, MaxBodyBytes: cfg.MaxBodyBytes, Providers: catalog.Default(),
		CursorKey: derive(key, "pagination-cursor"), Sync: sw.services})
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, log: log, store: st, api: a, sync: sw, http: &http.Server{
		Handler:           a,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
	}}, nil
}

// Handler is the process's HTTP handler (for in-process tests and demos).
func (s *Server) Handler() http.Handler { return s.api }

// Run serves on ln until ctx is cancelled, then shuts down in order:
// stop accepting HTTP, drain in-flight requests, then return (the caller
// closes the store).
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	// Jobs run on a context that outlives ctx: River drains them in Stop.
	if err := s.sync.runner.Start(context.WithoutCancel(ctx)); err != nil {
		return fmt.Errorf("server: start jobs: %w", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- s.http.Serve(ln) }()
	go s.keepUpkeeps(ctx, time.After)
	s.log.Info("wearhouse listening", slog.String("addr", ln.Addr().String()), slog.String("store", s.store.Engine()))
	select {
	case err := <-errc:
		return fmt.Errorf("server: http: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 15*time.Second)
	defer cancel()
	if err := s.http.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: http: %w", err)
	}
	if err := s.sync.runner.Stop(shutdownCtx); err != nil {
		return fmt.Errorf("server: stop jobs: %w", err)
	}
	s.log.Info("wearhouse stopped")
	return nil
}

// derive makes a purpose-specific key from the secret key, so one secret
// serves several uses without one leaking into another.
func derive(key []byte, purpose string) []byte {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(purpose))
	return m.Sum(nil)
}
