// Package server runs one wearhouse process: it opens the store (applying
// migrations), starts the background workers and the HTTP server, and stops
// them in order on shutdown.
package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// secretKeyFile is where a generated key lives, beside the SQLite file.
const secretKeyFile = "secret.key"

// OpenStore opens the configured engine and applies pending migrations
// (goose for wearhouse's schema, then River's), under a lock on Postgres so
// several replicas can start at once.
func OpenStore(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, error) {
	key, err := SecretKey(cfg, log)
	if err != nil {
		return nil, err
	}
	box, err := secret.NewBox(key)
	if err != nil {
		return nil, err
	}
	switch cfg.Engine() {
	case config.EnginePostgres:
		s, err := postgres.Open(ctx, postgres.Options{URL: cfg.DatabaseURL, Box: box, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("server: open postgres: %w", err)
		}
		if err := s.Migrate(ctx); err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("server: migrate postgres: %w", err)
		}
		return s, nil
	default:
		path := cfg.SQLitePath()
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			return nil, fmt.Errorf("server: create data directory: %w", err)
		}
		s, err := sqlite.Open(ctx, sqlite.Options{Path: path, Box: box, Logger: log})
		if err != nil {
			return nil, fmt.Errorf("server: open sqlite %s: %w", path, err)
		}
		if err := s.Migrate(ctx); err != nil {
			_ = s.Close()
			return nil, fmt.Errorf("server: migrate sqlite: %w", err)
		}
		return s, nil
	}
}

// SecretKey returns the token-encryption key. With SQLite and no configured
// key it generates one once, stores it with mode 0600 beside the database
// and warns: losing that file makes stored tokens unreadable. Postgres
// never gets here without a key (config validation refuses it).
func SecretKey(cfg config.Config, log *slog.Logger) ([]byte, error) {
	if cfg.SecretKey != "" {
		k, err := secret.ParseKey(cfg.SecretKey)
		if err != nil {
			return nil, fmt.Errorf("server: WEARHOUSE_SECRET_KEY: %w", err)
		}
		return k, nil
	}
	if cfg.Engine() == config.EnginePostgres {
		return nil, errors.New("server: WEARHOUSE_SECRET_KEY is required with PostgreSQL")
	}
	path := SecretKeyPath(cfg)
	if b, err := os.ReadFile(path); err == nil {
		k, err := secret.ParseKey(strings.TrimSpace(string(b)))
		if err != nil {
			return nil, fmt.Errorf("server: %s: %w", path, err)
		}
		return k, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("server: read %s: %w", path, err)
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return nil, fmt.Errorf("server: create data directory: %w", err)
	}
	enc := secret.NewKey()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, fmt.Errorf("server: create %s: %w", path, err)
	}
	if _, err := f.WriteString(enc + "\n"); err != nil {
		_ = f.Close()
		return nil, fmt.Errorf("server: write %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return nil, fmt.Errorf("server: write %s: %w", path, err)
	}
	log.Warn("generated a new secret key for provider-token encryption; back it up with the database, or set WEARHOUSE_SECRET_KEY",
		slog.String("path", path))
	return secret.ParseKey(enc)
}
