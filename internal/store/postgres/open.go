package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// Options configures Open.
type Options struct {
	// URL is a postgres:// connection URL. Runtime parameters in it, such
	// as search_path, apply to every connection (tests use a schema each).
	URL string
	// Box seals connection tokens at rest. Required.
	Box *secret.Box
	// Logger receives migration and lifecycle logs; nil discards them.
	Logger *slog.Logger
	// MaxConns caps the pool; 0 keeps pgxpool's default (or pool_max_conns
	// from the URL).
	MaxConns int32
	// Now is the clock for stored timestamps; nil means time.Now.
	Now func() time.Time
}

// Store is the Postgres engine. It implements store.Store; Migrate and
// Pool are what the composition root and the jobs package need beyond
// that.
type Store struct {
	*engine.Store
	pool   *pgxpool.Pool
	logger *slog.Logger
}

// Open connects a pool and checks the server answers. It does not
// migrate; call Migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.URL == "" {
		return nil, errors.New("postgres: a database URL is required")
	}
	if opts.Box == nil {
		return nil, errors.New("postgres: a secret box is required")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	cfg, err := pgxpool.ParseConfig(opts.URL)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse url: %w", err)
	}
	if opts.MaxConns > 0 {
		cfg.MaxConns = opts.MaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect: %w", err)
	}
	st, err := engine.NewStore(&backend{pool: pool}, opts.Box, opts.Now)
	if err != nil {
		pool.Close()
		return nil, err
	}
	return &Store{Store: st, pool: pool, logger: logger}, nil
}

// Pool returns the connection pool, for River's pgx driver: jobs share
// the database (and can be inserted in data transactions).
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
