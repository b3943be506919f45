package postgres

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/wearhouse/wearhouse/internal/logging"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lockSQL takes the migration lock: a session advisory lock keyed by the
// current schema, so replicas starting together migrate one at a time
// (the others wait, then find nothing to do) while tests in separate
// schemas do not block each other. Unlike goose's polling locker it
// blocks in the server and wakes the moment the holder finishes.
const (
	lockSQL   = "SELECT pg_advisory_lock(hashtextextended('wearhouse:migrate:' || current_schema(), 0))"
	unlockSQL = "SELECT pg_advisory_unlock(hashtextextended('wearhouse:migrate:' || current_schema(), 0))"
)

// Migrate applies wearhouse's schema migrations and then River's, under
// the migration lock. It is idempotent and safe to run from several
// replicas at once.
func (s *Store) Migrate(ctx context.Context) (err error) {
	db := stdlib.OpenDBFromPool(s.pool) // goose speaks database/sql; closing db leaves the pool open
	defer db.Close()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, lockSQL); err != nil {
		return fmt.Errorf("postgres: migrate: lock: %w", err)
	}
	defer func() {
		if _, uerr := conn.ExecContext(context.WithoutCancel(ctx), unlockSQL); uerr != nil && err == nil {
			err = fmt.Errorf("postgres: migrate: unlock: %w", uerr)
		}
	}()
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, sub, goose.WithSlog(s.logger))
	if err != nil {
		return fmt.Errorf("postgres: migrations: %w", err)
	}
	if err := engine.MigrateUp(ctx, p); err != nil {
		return fmt.Errorf("postgres: %w", err)
	}
	// River's own lines (one per check, even with nothing to do) go to
	// DEBUG; an upgrade that applied something is reported once.
	m, err := rivermigrate.New(riverpgxv5.New(s.pool), &rivermigrate.Config{Logger: logging.Quieter(s.logger)})
	if err != nil {
		return fmt.Errorf("postgres: river migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("postgres: river migrate: %w", err)
	}
	if n := len(res.Versions); n > 0 && s.logger != nil {
		s.logger.InfoContext(ctx, "applied River's job-queue migrations", slog.Int("count", n))
	}
	return nil
}
