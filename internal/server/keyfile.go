package server

import (
	"path/filepath"

	"github.com/wearhouse/wearhouse/internal/config"
)

// SecretKeyPath is where the SQLite engine keeps a generated secret key:
// secret.key beside the database file. A backup of the database needs it
// (or WEARHOUSE_SECRET_KEY) to read the provider tokens it holds.
func SecretKeyPath(cfg config.Config) string {
	return filepath.Join(filepath.Dir(cfg.SQLitePath()), secretKeyFile)
}
