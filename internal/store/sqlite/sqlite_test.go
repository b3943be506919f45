package sqlite_test

import (
	"bytes"
	"context"
	"database/sql"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return storetest.NewSQLite(t) })
}

func TestMigrateIsIdempotent(t *testing.T) {
	t.Parallel()
	s := storetest.NewSQLite(t)
	require.NoError(t, s.Migrate(t.Context()))
	var tables int
	require.NoError(t, s.DB().QueryRowContext(t.Context(),
		"SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN ('series_blocks', 'changes', 'river_job')").Scan(&tables))
	require.Equal(t, 3, tables, "our schema and River's")
	var fk int
	require.NoError(t, s.DB().QueryRowContext(t.Context(), "PRAGMA foreign_keys").Scan(&fk))
	require.Equal(t, 1, fk)
	var mode string
	require.NoError(t, s.ReadDB().QueryRowContext(t.Context(), "PRAGMA journal_mode").Scan(&mode))
	require.Equal(t, "wal", mode)
}

// connect stores a connection with known tokens.
func connect(t *testing.T, s store.Store) domain.Connection {
	t.Helper()
	u, err := s.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	c, err := s.UpsertConnection(t.Context(), domain.Connection{
		UserID: u.ID, Provider: domain.ProviderOura, ProviderUserID: "o-" + u.ID,
		AccessToken: "plain-access-token-123", RefreshToken: "plain-refresh-token-456",
		TokenExpiresAt: time.Now().Add(time.Hour),
	})
	require.NoError(t, err)
	return c
}

func TestTokensEncryptedAtRest(t *testing.T) {
	t.Parallel()
	s := storetest.NewSQLite(t)
	c := connect(t, s)
	var access, refresh []byte
	require.NoError(t, s.DB().QueryRowContext(t.Context(),
		"SELECT access_token, refresh_token FROM connections WHERE id = ?", c.ID).Scan(&access, &refresh))
	require.NotEmpty(t, access)
	require.False(t, bytes.Contains(access, []byte("plain-access-token-123")))
	require.False(t, bytes.Contains(refresh, []byte("plain-refresh-token-456")))

	// A sealed token moved to another row does not open there.
	other := connect(t, s)
	_, err := s.DB().ExecContext(t.Context(), "UPDATE connections SET access_token = ? WHERE id = ?", access, other.ID)
	require.NoError(t, err)
	_, err = s.ConnectionByID(t.Context(), other.ID)
	require.ErrorIs(t, err, secret.ErrOpen)
}

func TestWrongKeyIsAnError(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wearhouse.db")
	s := storetest.OpenSQLite(t, path, storetest.NewBox(t))
	c := connect(t, s)
	require.NoError(t, s.Close())

	s2 := storetest.OpenSQLite(t, path, storetest.NewBox(t))
	_, err := s2.ConnectionByID(t.Context(), c.ID)
	require.ErrorIs(t, err, secret.ErrOpen, "a row that cannot be opened is an error, never garbage")
	_, err = s2.ListConnections(t.Context(), c.UserID)
	require.ErrorIs(t, err, secret.ErrOpen)
}

func TestSecondOpenIsRefused(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wearhouse.db")
	box := storetest.NewBox(t)
	s := storetest.OpenSQLite(t, path, box)
	_, err := sqlite.Open(context.Background(), sqlite.Options{Path: path, Box: box})
	require.ErrorContains(t, err, "in use")
	require.NoError(t, s.Close())
	again, err := sqlite.Open(context.Background(), sqlite.Options{Path: path, Box: box})
	require.NoError(t, err, "the lock is released on close")
	require.NoError(t, again.Close())
}

func TestReaderPoolIsReadOnly(t *testing.T) {
	t.Parallel()
	s := storetest.NewSQLite(t)
	_, err := s.ReadDB().ExecContext(t.Context(), "DELETE FROM users")
	require.Error(t, err)
}

func TestUnderlyingIsSQLTx(t *testing.T) {
	t.Parallel()
	s := storetest.NewSQLite(t)
	require.NoError(t, s.InTx(t.Context(), func(tx store.Tx) error {
		_, ok := tx.(interface{ Underlying() any }).Underlying().(*sql.Tx)
		require.True(t, ok, "River's riversqlite InsertTx takes a *sql.Tx")
		return nil
	}))
}
