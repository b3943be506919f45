package postgres_test

import (
	"bytes"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestConformance(t *testing.T) {
	t.Parallel()
	storetest.Run(t, func(t *testing.T) store.Store { return storetest.NewPostgres(t) })
}

func TestMigrateIsIdempotentAndConcurrent(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresSchemaURL(t)
	box := storetest.NewBox(t)
	// Several replicas starting together: the advisory lock serializes
	// them and all succeed.
	var wg sync.WaitGroup
	stores := make([]*postgres.Store, 3)
	errs := make([]error, 3)
	for i := range stores {
		s, err := postgres.Open(t.Context(), postgres.Options{URL: url, Box: box})
		require.NoError(t, err)
		t.Cleanup(func() { _ = s.Close() })
		stores[i] = s
	}
	for i, s := range stores {
		wg.Go(func() { errs[i] = s.Migrate(t.Context()) })
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	require.NoError(t, stores[0].Migrate(t.Context()))
	var tables int
	require.NoError(t, stores[0].Pool().QueryRow(t.Context(),
		"SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN ('series_blocks', 'changes', 'river_job')").Scan(&tables))
	require.Equal(t, 3, tables, "our schema and River's, in the URL's search_path")
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
	s := storetest.NewPostgres(t)
	c := connect(t, s)
	var access, refresh []byte
	require.NoError(t, s.Pool().QueryRow(t.Context(),
		"SELECT access_token, refresh_token FROM connections WHERE id = $1", c.ID).Scan(&access, &refresh))
	require.NotEmpty(t, access)
	require.False(t, bytes.Contains(access, []byte("plain-access-token-123")))
	require.False(t, bytes.Contains(refresh, []byte("plain-refresh-token-456")))

	other := connect(t, s)
	_, err := s.Pool().Exec(t.Context(), "UPDATE connections SET access_token = $1 WHERE id = $2", access, other.ID)
	require.NoError(t, err)
	_, err = s.ConnectionByID(t.Context(), other.ID)
	require.ErrorIs(t, err, secret.ErrOpen)
}

func TestWrongKeyIsAnError(t *testing.T) {
	t.Parallel()
	url := storetest.PostgresSchemaURL(t)
	s := storetest.OpenPostgres(t, url, storetest.NewBox(t))
	c := connect(t, s)
	s2 := storetest.OpenPostgres(t, url, storetest.NewBox(t))
	_, err := s2.ConnectionByID(t.Context(), c.ID)
	require.ErrorIs(t, err, secret.ErrOpen, "a row that cannot be opened is an error, never garbage")
}

func TestUnderlyingIsPgxTx(t *testing.T) {
	t.Parallel()
	s := storetest.NewPostgres(t)
	require.NoError(t, s.InTx(t.Context(), func(tx store.Tx) error {
		_, ok := tx.(interface{ Underlying() any }).Underlying().(pgx.Tx)
		require.True(t, ok, "River's riverpgxv5 InsertTx takes a pgx.Tx")
		return nil
	}))
}
