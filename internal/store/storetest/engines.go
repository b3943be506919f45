package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// PostgresEnv names the variable holding the Postgres server tests use;
// when it is unset, Postgres tests skip.
const PostgresEnv = "WEARHOUSE_TEST_POSTGRES_URL"

// NewBox returns a secret box with a fresh random key.
func NewBox(t testing.TB) *secret.Box {
	t.Helper()
	key, err := secret.ParseKey(secret.NewKey())
	require.NoError(t, err)
	box, err := secret.NewBox(key)
	require.NoError(t, err)
	return box
}

// NewSQLite opens and migrates a SQLite store on a file in t.TempDir()
// (not :memory:, which every pooled connection would see as a different
// database), closed when the test ends.
func NewSQLite(t testing.TB) *sqlite.Store {
	t.Helper()
	return OpenSQLite(t, filepath.Join(t.TempDir(), "wearhouse.db"), NewBox(t))
}

// OpenSQLite opens and migrates a SQLite store on path with box, closed
// when the test ends.
func OpenSQLite(t testing.TB, path string, box *secret.Box) *sqlite.Store {
	t.Helper()
	ctx := context.Background()
	s, err := sqlite.Open(ctx, sqlite.Options{Path: path, Box: box, ReadConns: 2})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(ctx))
	return s
}

// NewPostgres opens and migrates a Postgres store in a fresh schema,
// dropped when the test ends. It skips the test unless PostgresEnv is set.
func NewPostgres(t testing.TB) *postgres.Store {
	t.Helper()
	return OpenPostgres(t, PostgresSchemaURL(t), NewBox(t))
}

// OpenPostgres opens and migrates a Postgres store at url with box,
// closed when the test ends.
func OpenPostgres(t testing.TB, url string, box *secret.Box) *postgres.Store {
	t.Helper()
	ctx := context.Background()
	s, err := postgres.Open(ctx, postgres.Options{URL: url, Box: box, MaxConns: 8})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(ctx))
	return s
}

// PostgresSchemaURL creates an empty schema with a random name on the
// PostgresEnv server and returns a URL whose search_path selects it. The
// schema is dropped when the test ends. It skips the test unless
// PostgresEnv is set.
func PostgresSchemaURL(t testing.TB) string {
	t.Helper()
	base := os.Getenv(PostgresEnv)
	if base == "" {
		t.Skipf("%s is not set", PostgresEnv)
	}
	ctx := context.Background()
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	schema := "wh_test_" + hex.EncodeToString(b)
	conn, err := pgx.Connect(ctx, base)
	require.NoError(t, err)
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		c, err := pgx.Connect(context.Background(), base)
		if err != nil {
			t.Logf("drop schema %s: %v", schema, err)
			return
		}
		defer c.Close(context.Background())
		if _, err := c.Exec(context.Background(), "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Logf("drop schema %s: %v", schema, err)
		}
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	q := u.Query()
	q.Set("search_path", schema)
	// A test database needs no durability against a crash of the server
	// itself: commits stay atomic and visible, they are just not waited
	// on to reach the disk, which makes each schema's migrations and
	// every write an order of magnitude cheaper.
	if !q.Has("options") {
		q.Set("options", "-c synchronous_commit=off")
	}
	// pgx reads the query with path unescaping, where "+" is not a space.
	u.RawQuery = strings.ReplaceAll(q.Encode(), "+", "%20")
	return u.String()
}

// ForEachEngine runs fn once per engine as subtests "SQLite" and
// "Postgres", each with a fresh migrated store; the Postgres one skips
// unless PostgresEnv is set.
func ForEachEngine(t *testing.T, fn func(t *testing.T, s store.Store)) {
	t.Helper()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		fn(t, NewSQLite(t))
	})
	t.Run("Postgres", func(t *testing.T) {
		t.Parallel()
		fn(t, NewPostgres(t))
	})
}
