package cli

import (
	"log/slog"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/store"
)

// openLive opens a SQLite store the way `wearhouse serve` does (key
// generated beside the database, lock file held) and stores a user with a
// connection, so a backup has tokens to carry.
func openLive(t *testing.T, dbPath string) (store.Store, domain.Connection) {
	t.Helper()
	cfg := config.Defaults()
	cfg.DatabaseURL = dbPath
	st, err := server.OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	u, err := st.CreateUser(t.Context(), domain.User{Email: optional("ada@example.com")})
	require.NoError(t, err)
	c, err := st.UpsertConnection(t.Context(), domain.Connection{UserID: u.ID, Provider: domain.ProviderWHOOP,
		ProviderUserID: "w1", AccessToken: "access-1", RefreshToken: "refresh-1", TokenExpiresAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	return st, c
}

// TestBackupCommandOnLiveSQLite backs up a database a server holds open;
// the copy opens as it is, with the key copied beside it, and its tokens
// read back.
func TestBackupCommandOnLiveSQLite(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	_, c := openLive(t, filepath.Join(data, "wearhouse.db"))
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(data, "wearhouse.db"), "WEARHOUSE_LOG_LEVEL": "error"}

	out := filepath.Join(t.TempDir(), "backups")
	r := runCLI(t, env, "backup", "--to", filepath.Join(out, "monday.db"))
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, "database: "+filepath.Join(out, "monday.db")+"\nsecret key: "+filepath.Join(out, "secret.key")+"\n", r.stdout)

	key, err := os.ReadFile(filepath.Join(out, "secret.key"))
	require.NoError(t, err)
	orig, err := os.ReadFile(filepath.Join(data, "secret.key"))
	require.NoError(t, err)
	require.Equal(t, orig, key)
	fi, err := os.Stat(filepath.Join(out, "secret.key"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm())

	// A second backup into the same directory shares the same key file.
	r = runCLI(t, env, "backup", "--to", filepath.Join(out, "tuesday.db"))
	require.Equal(t, 0, r.code, r.stderr)
	r = runCLI(t, env, "backup", "--to", filepath.Join(out, "tuesday.db"))
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "already exists")

	// Restore: point a wearhouse at the copy; it finds its key beside it.
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(out, "monday.db")
	restored, err := server.OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer restored.Close()
	got, err := restored.ConnectionByID(t.Context(), c.ID)
	require.NoError(t, err)
	require.Equal(t, "access-1", got.AccessToken)
	require.Equal(t, "refresh-1", got.RefreshToken)
	u, err := restored.User(t.Context(), c.UserID)
	require.NoError(t, err)
	require.Equal(t, "ada@example.com", *u.Email)
}

// TestBackupRefusesAnotherKey keeps a backup directory from mixing the
// keys of two deployments: a different secret.key there stops the backup
// before the database is copied.
func TestBackupRefusesAnotherKey(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	openLive(t, filepath.Join(data, "wearhouse.db"))
	out := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(out, "secret.key"), []byte("someone else's key\n"), 0o600))
	r := runCLI(t, map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(data, "wearhouse.db")},
		"backup", "--to", filepath.Join(out, "copy.db"))
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "different secret key")
	_, err := os.Stat(filepath.Join(out, "copy.db"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestBackupWithKeyFromEnvironment copies no key file and says which key
// to keep.
func TestBackupWithKeyFromEnvironment(t *testing.T) {
	t.Parallel()
	data := t.TempDir()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(data, "wearhouse.db"),
		"WEARHOUSE_SECRET_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", "WEARHOUSE_LOG_LEVEL": "error"}
	require.Equal(t, 0, runCLI(t, env, "migrate").code)
	out := t.TempDir()
	r := runCLI(t, env, "backup", "--to", filepath.Join(out, "copy.db"))
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, "database: "+filepath.Join(out, "copy.db")+"\n", r.stdout)
	require.Contains(t, r.stderr, "WEARHOUSE_SECRET_KEY")
	_, err := os.Stat(filepath.Join(out, "secret.key"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

// TestBackupOnPostgresPointsToPgDump refuses PostgreSQL with the command
// to use instead, whether or not the rest of the configuration is valid.
func TestBackupOnPostgresPointsToPgDump(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
	}{
		{"complete configuration", map[string]string{"WEARHOUSE_DATABASE_URL": "postgres://wearhouse@db.invalid/wearhouse",
			"WEARHOUSE_SECRET_KEY": "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}},
		{"no secret key", map[string]string{"WEARHOUSE_DATABASE_URL": "postgresql://wearhouse@db.invalid/wearhouse"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			to := filepath.Join(t.TempDir(), "copy.db")
			r := runCLI(t, tt.env, "backup", "--to", to)
			require.Equal(t, 1, r.code)
			require.Contains(t, r.stderr, "PostgreSQL is backed up with its own tools")
			require.Contains(t, r.stderr, `pg_dump --format=custom --file=wearhouse.dump "$WEARHOUSE_DATABASE_URL"`)
			_, err := os.Stat(to)
			require.ErrorIs(t, err, os.ErrNotExist)
		})
	}
}

func TestBackupUsage(t *testing.T) {
	t.Parallel()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(t.TempDir(), "w.db")}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"no destination", []string{"backup"}, 2, "--to FILE"},
		{"stray argument", []string{"backup", "--to", "x.db", "extra"}, 2, "--to FILE"},
		{"no database yet", []string{"backup", "--to", filepath.Join(t.TempDir(), "x.db")}, 1, "no such file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, env, tt.args...)
			require.Equal(t, tt.code, r.code, r.stderr)
			require.Contains(t, r.stderr, tt.want)
		})
	}
}
