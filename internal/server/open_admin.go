package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// OpenAdminStore opens the store for a short administrative command
// (`wearhouse apikeys …`). It is OpenStore, except that when a running
// server holds the SQLite lock file it opens the database beside it
// (sqlite.OpenBeside: no lock, no migrations) instead of failing, so keys
// can be created and revoked without stopping the server.
func OpenAdminStore(ctx context.Context, cfg config.Config, log *slog.Logger) (store.Store, error) {
	st, err := OpenStore(ctx, cfg, log)
	if err == nil || cfg.Engine() == config.EnginePostgres || !errors.Is(err, sqlite.ErrLocked) {
		return st, err
	}
	key, err := SecretKey(cfg, log)
	if err != nil {
		return nil, err
	}
	box, err := secret.NewBox(key)
	if err != nil {
		return nil, err
	}
	s, err := sqlite.OpenBeside(ctx, sqlite.Options{Path: cfg.SQLitePath(), Box: box, Logger: log, ReadConns: 1})
	if err != nil {
		return nil, fmt.Errorf("server: open sqlite %s beside the running server: %w", cfg.SQLitePath(), err)
	}
	log.Debug("a running server holds the database; writing beside it", slog.String("path", cfg.SQLitePath()))
	return s, nil
}
