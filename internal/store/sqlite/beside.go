package sqlite

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// ErrLocked means another wearhouse process (a running server) holds the
// database's lock file.
var ErrLocked = errors.New("sqlite: the database is in use by another wearhouse process")

// ErrSchemaMismatch means OpenBeside found the database at a schema
// version other than this binary's: only the lock holder may migrate.
var ErrSchemaMismatch = errors.New("sqlite: database schema version differs from this wearhouse")

// OpenBeside opens the database next to the process holding its lock,
// for small administrative writes (API keys) while a server runs. It
// takes no lock and never migrates. SQLite itself arbitrates the two
// writers: the file is in WAL mode, each write is one short IMMEDIATE
// transaction, and busy_timeout makes each side wait for the other's
// commit instead of failing. The lock file exists to keep out a second
// server (two River clients, two sets of upkeep jobs), not single-row
// writes. The schema must be exactly this binary's, so neither side reads
// columns the other does not know.
func OpenBeside(ctx context.Context, opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, errors.New("sqlite: a database path is required")
	}
	if opts.Box == nil {
		return nil, errors.New("sqlite: a secret box is required")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	be, err := openPools(ctx, opts)
	if err != nil {
		return nil, err
	}
	be.beside = true
	if err := checkSchema(ctx, be); err != nil {
		_ = be.Close()
		return nil, err
	}
	st, err := engine.NewStore(be, opts.Box, opts.Now)
	if err != nil {
		_ = be.Close()
		return nil, err
	}
	return &Store{Store: st, be: be, logger: logger}, nil
}

// checkSchema compares the database's schema version with the newest
// embedded migration.
func checkSchema(ctx context.Context, be *backend) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, be.w, sub)
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	sources := p.ListSources()
	if len(sources) == 0 {
		return errors.New("sqlite: no embedded migrations")
	}
	known := sources[len(sources)-1].Version
	current, err := p.GetDBVersion(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: schema version: %w", err)
	}
	if current != known {
		return fmt.Errorf("%w: the database is at version %d, this wearhouse expects %d; run the same wearhouse version as the server",
			ErrSchemaMismatch, current, known)
	}
	return nil
}
