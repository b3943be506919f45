package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// errPostgresBackup is backup's answer on PostgreSQL, whose own tools
// make consistent dumps of a live database.
var errPostgresBackup = errors.New("PostgreSQL is backed up with its own tools, not by wearhouse: " +
	`run pg_dump --format=custom --file=wearhouse.dump "$WEARHOUSE_DATABASE_URL" (see docs/deployment.md), ` +
	"and keep WEARHOUSE_SECRET_KEY with the dump: provider tokens cannot be read without it")

// runBackup writes a consistent copy of the SQLite database (safe while
// `wearhouse serve` runs on it) and copies the generated secret key beside
// the copy, so the two restore together.
func runBackup(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("backup", env)
	to := fs.String("to", "", "file to write the database copy to (must not exist); secret.key is copied beside it")
	build := config.RegisterFlags(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		return err
	}
	// Answer PostgreSQL with pg_dump even when its configuration is
	// otherwise incomplete: the settings a server needs do not matter here.
	cfg, err := build()
	if cfg.Engine() == config.EnginePostgres {
		return errPostgresBackup
	}
	if err != nil {
		return fmt.Errorf("invalid configuration:\n%w", err)
	}
	if *to == "" || fs.NArg() > 0 {
		return fmt.Errorf("%w: wearhouse backup --to FILE", errUsage)
	}
	dst, err := filepath.Abs(*to)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	key, err := planKeyCopy(cfg, dst)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o700); err != nil {
		return fmt.Errorf("backup: create directory: %w", err)
	}
	if err := sqlite.Backup(ctx, cfg.SQLitePath(), dst); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "database: %s\n", dst)
	if err := key.write(); err != nil {
		return fmt.Errorf("backup: the database was copied, the key was not: %w", err)
	}
	if key.note != "" {
		fmt.Fprintf(env.Stderr, "wearhouse backup: %s\n", key.note)
		return nil
	}
	fmt.Fprintf(env.Stdout, "secret key: %s\n", key.dst)
	return nil
}
