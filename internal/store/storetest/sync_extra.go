package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// RunSyncExtra is the conformance suite of store.SyncExtra (the sync
// engine's raw-document lookup, page progress, refresh lease and shared
// rate budget). Engines run it beside Run.
func RunSyncExtra(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	for _, b := range []behaviour{
		{"RawDocumentByKey", testRawDocumentByKey},
		{"SyncProgressInTransaction", testSyncProgress},
		{"TokenRefreshLeaseSingleHolder", testRefreshLease},
		{"RateBudgetWindowsAndPause", testRateBudget},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			b.fn(t, open(t))
		})
	}
}

func testRawDocumentByKey(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	x := store.SyncExtra(s)
	_, err := x.RawDocument(f.ctx, f.user.ID, domain.ProviderWHOOP, "sleep", "s-1")
	require.ErrorIs(t, err, store.ErrNotFound)
	start := baseTime()
	_, err = s.PutRawDocument(f.ctx, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "sleep",
		ProviderRecordID: "s-1", StartTime: &start, Body: []byte(`{"id":"s-1"}`)})
	require.NoError(t, err)
	require.NoError(t, s.MarkRawDocumentDeleted(f.ctx, f.user.ID, domain.ProviderWHOOP, "sleep", "s-1"))
	d, err := x.RawDocument(f.ctx, f.user.ID, domain.ProviderWHOOP, "sleep", "s-1")
	require.NoError(t, err)
	require.True(t, d.Deleted, "deleted documents stay readable for replaying deletes")
	require.JSONEq(t, `{"id":"s-1"}`, string(d.Body))

	_, err = s.PutRawDocument(f.ctx, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "sleep",
		ProviderRecordID: "s-2", StartTime: &start, Body: []byte(`{"id":"s-2"}`)})
	require.NoError(t, err)
	_, err = s.PutRawDocument(f.ctx, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "cycle",
		ProviderRecordID: "s-3", StartTime: &start, Body: []byte(`{"id":"s-3"}`)})
	require.NoError(t, err)
	ds, err := x.RawDocumentsByID(f.ctx, f.user.ID, domain.ProviderWHOOP, "sleep", []string{"s-1", "s-2", "s-3", "missing"})
	require.NoError(t, err)
	got := map[string]bool{}
	for _, d := range ds {
		got[d.ProviderRecordID] = d.Deleted
	}
	require.Equal(t, map[string]bool{"s-1": true, "s-2": false}, got, "one data type, deleted included, missing left out")
	ds, err = x.RawDocumentsByID(f.ctx, f.user.ID, domain.ProviderWHOOP, "sleep", nil)
	require.NoError(t, err)
	require.Empty(t, ds)
}

func testSyncProgress(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderWHOOP, ProviderUserID: "1",
		AccessToken: "a", RefreshToken: "r", TokenExpiresAt: baseTime()})
	require.NoError(t, err)
	x := store.SyncExtra(s)
	_, err = x.SyncProgress(f.ctx, c.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound)
	p := store.SyncProgress{ConnectionID: c.ID, DataType: "sleep", WindowStart: baseTime(), WindowEnd: baseTime().Add(24 * time.Hour), Resume: "tok-2"}

	// Progress rolls back with the page it belongs to.
	err = s.InTx(f.ctx, func(tx store.Tx) error {
		require.NoError(t, store.SyncExtra(tx).SetSyncProgress(f.ctx, p))
		return store.ErrConflict
	})
	require.ErrorIs(t, err, store.ErrConflict)
	_, err = x.SyncProgress(f.ctx, c.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound)

	require.NoError(t, s.InTx(f.ctx, func(tx store.Tx) error { return store.SyncExtra(tx).SetSyncProgress(f.ctx, p) }))
	got, err := x.SyncProgress(f.ctx, c.ID, "sleep")
	require.NoError(t, err)
	require.Equal(t, "tok-2", got.Resume)
	require.True(t, got.WindowStart.Equal(p.WindowStart) && got.WindowEnd.Equal(p.WindowEnd))
	p.Resume = "tok-3"
	require.NoError(t, x.SetSyncProgress(f.ctx, p))
	got, err = x.SyncProgress(f.ctx, c.ID, "sleep")
	require.NoError(t, err)
	require.Equal(t, "tok-3", got.Resume)
	require.NoError(t, x.ClearSyncProgress(f.ctx, c.ID, "sleep"))
	_, err = x.SyncProgress(f.ctx, c.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testRefreshLease(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderWHOOP, ProviderUserID: "1",
		AccessToken: "a", RefreshToken: "r", TokenExpiresAt: baseTime()})
	require.NoError(t, err)
	x := store.SyncExtra(s)
	now := baseTime()
	var wg sync.WaitGroup
	won := make(chan string, 20)
	for i := range 20 {
		wg.Go(func() {
			holder := string(rune('a' + i))
			ok, err := x.ClaimTokenRefresh(f.ctx, c.ID, holder, now.Add(time.Minute), now)
			require.NoError(t, err)
			if ok {
				won <- holder
			}
		})
	}
	wg.Wait()
	close(won)
	var winners []string
	for w := range won {
		winners = append(winners, w)
	}
	require.Len(t, winners, 1, "exactly one claimer holds the lease")
	ok, err := x.ClaimTokenRefresh(f.ctx, c.ID, winners[0], now.Add(2*time.Minute), now)
	require.NoError(t, err)
	require.True(t, ok, "the holder may extend its lease")
	ok, err = x.ClaimTokenRefresh(f.ctx, c.ID, "other", now.Add(3*time.Minute), now.Add(2*time.Minute))
	require.NoError(t, err)
	require.True(t, ok, "an expired lease can be taken over")
	require.NoError(t, x.ReleaseTokenRefresh(f.ctx, c.ID, winners[0]), "releasing a lost lease is a no-op")
	ok, err = x.ClaimTokenRefresh(f.ctx, c.ID, "third", now.Add(3*time.Minute), now.Add(2*time.Minute))
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, x.ReleaseTokenRefresh(f.ctx, c.ID, "other"))
	ok, err = x.ClaimTokenRefresh(f.ctx, c.ID, "third", now.Add(3*time.Minute), now.Add(2*time.Minute))
	require.NoError(t, err)
	require.True(t, ok)
}

func testRateBudget(t *testing.T, s store.Store) {
	ctx := t.Context()
	x := store.SyncExtra(s)
	buckets := []store.RateBucket{{Name: "minute", Limit: 3, Window: time.Minute}, {Name: "day", Limit: 5, Window: 24 * time.Hour}}
	now := baseTime().Add(10 * time.Second)
	for range 3 {
		wait, err := x.TakeRateBudget(ctx, "whoop", buckets, now)
		require.NoError(t, err)
		require.Zero(t, wait)
	}
	wait, err := x.TakeRateBudget(ctx, "whoop", buckets, now)
	require.NoError(t, err)
	require.Equal(t, 50*time.Second, wait, "until the minute window ends")
	// A new minute: two more fit the day's five, then the day is full.
	next := baseTime().Add(time.Minute)
	for range 2 {
		wait, err = x.TakeRateBudget(ctx, "whoop", buckets, next)
		require.NoError(t, err)
		require.Zero(t, wait)
	}
	wait, err = x.TakeRateBudget(ctx, "whoop", buckets, next)
	require.NoError(t, err)
	require.Equal(t, 24*time.Hour-time.Minute, wait)
	// Another provider has its own budget; a pause blocks only its own.
	wait, err = x.TakeRateBudget(ctx, "oura", buckets, next)
	require.NoError(t, err)
	require.Zero(t, wait)
	require.NoError(t, x.PauseRateBudget(ctx, "oura", next.Add(30*time.Second), next))
	require.NoError(t, x.PauseRateBudget(ctx, "oura", next.Add(10*time.Second), next), "an earlier pause does not shorten a later one")
	wait, err = x.TakeRateBudget(ctx, "oura", buckets, next)
	require.NoError(t, err)
	require.Equal(t, 30*time.Second, wait)
}
