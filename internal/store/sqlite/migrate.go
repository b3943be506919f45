package sqlite

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"

	"github.com/pressly/goose/v3"
	"github.com/riverqueue/river/riverdriver/riversqlite"
	"github.com/riverqueue/river/rivermigrate"

	"github.com/wearhouse/wearhouse/internal/logging"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Migrate applies wearhouse's schema migrations and then River's, both on
// the writer pool. It is idempotent. SQLite needs no migration lock: the
// lock file already guarantees a single process.
func (s *Store) Migrate(ctx context.Context) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.be.w, sub, goose.WithSlog(s.logger))
	if err != nil {
		return fmt.Errorf("sqlite: migrations: %w", err)
	}
	if err := engine.MigrateUp(ctx, p); err != nil {
		return fmt.Errorf("sqlite: %w", err)
	}
	// River's own lines (one per check, even with nothing to do) go to
	// DEBUG; an upgrade that applied something is reported once.
	m, err := rivermigrate.New(riversqlite.New(s.be.w), &rivermigrate.Config{Logger: logging.Quieter(s.logger)})
	if err != nil {
		return fmt.Errorf("sqlite: river migrations: %w", err)
	}
	res, err := m.Migrate(ctx, rivermigrate.DirectionUp, nil)
	if err != nil {
		return fmt.Errorf("sqlite: river migrate: %w", err)
	}
	if n := len(res.Versions); n > 0 && s.logger != nil {
		s.logger.InfoContext(ctx, "applied River's job-queue migrations", slog.Int("count", n))
	}
	return nil
}
