package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// connection builds a WHOOP connection of the fixture's user.
func (f fixture) connection() domain.Connection {
	return domain.Connection{
		UserID: f.user.ID, Provider: domain.ProviderWHOOP, ProviderUserID: "whoop-42",
		ProviderUsername: ptr("ada.whoop"), Scope: "read:sleep offline",
		AccessToken: "access-token-one", RefreshToken: "refresh-token-one",
		TokenExpiresAt: baseTime().Add(time.Hour),
	}
}

func testConnectionUpsert(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	_, err = uuid.Parse(c.ID)
	require.NoError(t, err)
	require.Equal(t, int64(1), c.TokenVersion)
	require.Equal(t, domain.ConnectionActive, c.Status, "status defaults to active")
	require.Equal(t, "access-token-one", c.AccessToken)
	require.Equal(t, "refresh-token-one", c.RefreshToken)

	got, err := s.ConnectionByID(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, c, got)
	got, err = s.Connection(f.ctx, f.user.ID, domain.ProviderWHOOP)
	require.NoError(t, err)
	require.Equal(t, c, got)
	byPU, err := s.ConnectionsByProviderUser(f.ctx, domain.ProviderWHOOP, "whoop-42")
	require.NoError(t, err)
	require.Equal(t, []domain.Connection{c}, byPU)

	// Reconnecting replaces the row in place: same id, next token version.
	again := f.connection()
	again.AccessToken, again.RefreshToken, again.Scope = "access-token-two", "", "read:all"
	c2, err := s.UpsertConnection(f.ctx, again)
	require.NoError(t, err)
	require.Equal(t, c.ID, c2.ID)
	require.Equal(t, int64(2), c2.TokenVersion)
	require.Equal(t, "access-token-two", c2.AccessToken)
	require.Empty(t, c2.RefreshToken, "an absent token stays absent")
	require.Equal(t, "read:all", c2.Scope)
	require.Equal(t, c.CreatedAt, c2.CreatedAt)

	list, err := s.ListConnections(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Equal(t, []domain.Connection{c2}, list)
}

func testConnectionStatus(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	oc := f.connection()
	oc.Provider = domain.ProviderOura
	o, err := s.UpsertConnection(f.ctx, oc)
	require.NoError(t, err)

	active, err := s.ActiveConnections(f.ctx, "")
	require.NoError(t, err)
	require.Len(t, active, 2)
	active, err = s.ActiveConnections(f.ctx, domain.ProviderOura)
	require.NoError(t, err)
	require.Equal(t, []string{o.ID}, []string{active[0].ID})

	require.NoError(t, s.SetConnectionStatus(f.ctx, c.ID, domain.ConnectionRevoked, "refresh token rejected"))
	require.NoError(t, s.MarkConnectionSynced(f.ctx, o.ID, baseTime()))
	active, err = s.ActiveConnections(f.ctx, "")
	require.NoError(t, err)
	require.Len(t, active, 1)
	require.Equal(t, o.ID, active[0].ID)
	require.True(t, baseTime().Equal(*active[0].LastSyncedAt))
	got, err := s.ConnectionByID(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionRevoked, got.Status)
	require.Equal(t, "refresh token rejected", got.StatusReason)

	require.NoError(t, s.SetCursor(f.ctx, domain.SyncCursor{ConnectionID: c.ID, DataType: "sleep", HighWater: baseTime()}))
	require.NoError(t, s.DeleteConnection(f.ctx, c.ID))
	_, err = s.ConnectionByID(f.ctx, c.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Cursor(f.ctx, c.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound, "cursors go with their connection")
	require.ErrorIs(t, s.DeleteConnection(f.ctx, c.ID), store.ErrNotFound)
}

// testRevokeAtVersion: a rejected refresh revokes only the tokens it
// tried; a reconnect that wrote newer tokens meanwhile keeps the
// connection active.
func testRevokeAtVersion(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	reconnected, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	require.Greater(t, reconnected.TokenVersion, c.TokenVersion)

	err = s.RevokeConnection(f.ctx, c.ID, c.TokenVersion, "refresh_rejected")
	require.ErrorIs(t, err, store.ErrConflict)
	got, err := s.ConnectionByID(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionActive, got.Status)

	require.NoError(t, s.RevokeConnection(f.ctx, c.ID, reconnected.TokenVersion, "refresh_rejected"))
	got, err = s.ConnectionByID(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionRevoked, got.Status)
	require.Equal(t, "refresh_rejected", got.StatusReason)
	require.ErrorIs(t, s.RevokeConnection(f.ctx, "00000000-0000-7000-8000-000000000000", 1, "x"), store.ErrNotFound)
}

func testTokenVersionConflict(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)

	// 20 workers refresh from the same read; exactly one may persist.
	const workers = 20
	var wg sync.WaitGroup
	results := make([]error, workers)
	winners := make([]domain.Connection, workers)
	for i := range workers {
		wg.Go(func() {
			next := c
			next.AccessToken = "access-" + uuid.NewString()
			next.RefreshToken = "refresh-" + uuid.NewString()
			next.TokenExpiresAt = baseTime().Add(2 * time.Hour)
			winners[i], results[i] = s.UpdateConnectionTokens(f.ctx, next)
		})
	}
	wg.Wait()
	won := -1
	for i, err := range results {
		if err == nil {
			require.Equal(t, -1, won, "only one refresh may win")
			won = i
			continue
		}
		require.ErrorIs(t, err, store.ErrConflict)
	}
	require.NotEqual(t, -1, won, "one refresh must win")
	require.Equal(t, c.TokenVersion+1, winners[won].TokenVersion)

	got, err := s.ConnectionByID(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, winners[won].AccessToken, got.AccessToken)
	require.Equal(t, winners[won].RefreshToken, got.RefreshToken)
	require.Equal(t, c.TokenVersion+1, got.TokenVersion)
	require.True(t, baseTime().Add(2*time.Hour).Equal(got.TokenExpiresAt))

	// Inside a transaction too, and a missing row is not a conflict.
	err = s.InTx(f.ctx, func(tx store.Tx) error {
		_, err := tx.UpdateConnectionTokens(f.ctx, c) // stale version
		return err
	})
	require.ErrorIs(t, err, store.ErrConflict)
	missing := c
	missing.ID = uuid.NewString()
	_, err = s.UpdateConnectionTokens(f.ctx, missing)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testDataSourceEnsure(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	again, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderWHOOP, Source: ptr("whoop")})
	require.NoError(t, err)
	require.Equal(t, f.ds, again, "same key, same data source")

	watch := domain.DataSource{
		UserID: f.user.ID, Provider: domain.ProviderWHOOP, DeviceModel: ptr("WHOOP 4.0"), Source: ptr("whoop"),
		DeviceType: ptr(domain.DeviceBand), SoftwareVersion: ptr("41.0"),
	}
	w, err := s.EnsureDataSource(f.ctx, watch)
	require.NoError(t, err)
	require.NotEqual(t, f.ds.ID, w.ID)
	require.Equal(t, domain.DeviceBand, *w.DeviceType)

	// A missing model and an empty one are the same key.
	bare1, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderOura})
	require.NoError(t, err)
	bare2, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderOura, DeviceModel: ptr("")})
	require.NoError(t, err)
	require.Equal(t, bare1.ID, bare2.ID)

	// A source stored before its connector named the device type gets the
	// type later; a type once set is not changed by another caller.
	ring, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderOura,
		DeviceType: ptr(domain.DeviceRing), OriginalSourceName: ptr("Oura")})
	require.NoError(t, err)
	require.Equal(t, bare1.ID, ring.ID)
	require.Equal(t, domain.DeviceRing, *ring.DeviceType)
	require.Equal(t, "Oura", *ring.OriginalSourceName)
	other, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderOura,
		DeviceType: ptr(domain.DeviceOther)})
	require.NoError(t, err)
	require.Equal(t, domain.DeviceRing, *other.DeviceType)

	// Concurrent first use converges on one row.
	var wg sync.WaitGroup
	ids := make([]string, 8)
	for i := range ids {
		wg.Go(func() {
			ds, err := s.EnsureDataSource(f.ctx, domain.DataSource{UserID: f.user.ID, Provider: domain.ProviderWithings, DeviceModel: ptr("Body+")})
			if err == nil {
				ids[i] = ds.ID
			}
		})
	}
	wg.Wait()
	for _, id := range ids {
		require.Equal(t, ids[0], id)
	}

	all, err := s.ListDataSources(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Len(t, all, 4)
}
