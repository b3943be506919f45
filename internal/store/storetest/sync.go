package storetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// raw builds a raw Oura document of the fixture's user.
func (f fixture) raw(prid string, start *time.Time, body string) domain.RawDocument {
	return domain.RawDocument{
		UserID: f.user.ID, Provider: domain.ProviderOura, DataType: "daily_sleep",
		ProviderRecordID: prid, StartTime: start, Body: json.RawMessage(body),
	}
}

func testRawDocuments(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	body := `{"id": "d1",  "score":81}` // exact bytes are kept, spacing included
	res, err := s.PutRawDocument(f.ctx, f.raw("d1", ptr(baseTime()), body))
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 1}, res)
	res, err = s.PutRawDocument(f.ctx, f.raw("d1", ptr(baseTime()), body))
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 1}, res)
	res, err = s.PutRawDocument(f.ctx, f.raw("d1", ptr(baseTime()), `{"id":"d1","score":83}`))
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res)

	docs, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, Provider: domain.ProviderOura, DataType: "daily_sleep"})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	require.JSONEq(t, `{"id":"d1","score":83}`, string(docs[0].Body))
	require.Len(t, docs[0].ContentHash, 32, "the hash defaults to SHA-256 of the body")

	_, err = s.PutRawDocument(f.ctx, f.raw("d2", nil, body))
	require.NoError(t, err)
	docs, err = s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Len(t, docs, 2)
	require.Equal(t, "d2", docs[1].ProviderRecordID, "documents without a start time order by fetch time (now)")
	require.Equal(t, body, string(docs[1].Body))
	require.Nil(t, docs[1].StartTime)

	require.NoError(t, s.MarkRawDocumentDeleted(f.ctx, f.user.ID, domain.ProviderOura, "daily_sleep", "d1"))
	docs, err = s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Len(t, docs, 1)
	require.Equal(t, "d2", docs[0].ProviderRecordID)
	require.Empty(t, changes(t, s), "raw documents are inputs, not outbox records")
}

func testRawDocumentPaging(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	for i := range 23 {
		at := baseTime().Add(time.Duration(i/3) * time.Hour)
		_, err := s.PutRawDocument(f.ctx, f.raw(fmt.Sprintf("d%02d", i), &at, fmt.Sprintf(`{"n":%d}`, i)))
		require.NoError(t, err)
	}
	full, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, Page: store.Page{Limit: 100, Desc: true}})
	require.NoError(t, err)
	require.Len(t, full, 23)
	var walked []domain.RawDocument
	page := store.Page{Limit: 4, Desc: true}
	for {
		ds, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, Page: page})
		require.NoError(t, err)
		walked = append(walked, ds...)
		if len(ds) < page.Limit {
			break
		}
		last := ds[len(ds)-1]
		page.After = &store.Keyset{Time: *last.StartTime, ID: last.ID}
	}
	require.Equal(t, full, walked)

	start, end := baseTime().Add(2*time.Hour), baseTime().Add(4*time.Hour)
	ranged, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, Start: &start, End: &end})
	require.NoError(t, err)
	require.Len(t, ranged, 6)
	back, err := s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID, Page: store.Page{
		Limit: 3, Before: &store.Keyset{Time: *full[0].StartTime, ID: full[0].ID}, Desc: true,
	}})
	require.NoError(t, err)
	require.Empty(t, back, "nothing comes before the first row")
}

func testSyncCursors(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	_, err = s.Cursor(f.ctx, c.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.NoError(t, s.SetCursor(f.ctx, domain.SyncCursor{ConnectionID: c.ID, DataType: "sleep", HighWater: baseTime()}))
	require.NoError(t, s.SetCursor(f.ctx, domain.SyncCursor{ConnectionID: c.ID, DataType: "sleep", HighWater: baseTime().Add(time.Hour)}))
	got, err := s.Cursor(f.ctx, c.ID, "sleep")
	require.NoError(t, err)
	require.True(t, baseTime().Add(time.Hour).Equal(got.HighWater))
	require.Equal(t, "sleep", got.DataType)
	_, err = s.Cursor(f.ctx, c.ID, "workout")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testSyncRuns(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	r1, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, ConnectionID: c.ID, Provider: domain.ProviderWHOOP,
		Source: "backfill", StartedAt: baseTime()})
	require.NoError(t, err)
	require.Equal(t, domain.SyncRunning, r1.Status)
	r2, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, Provider: domain.ProviderOura, Source: "webhook",
		StartedAt: baseTime().Add(time.Minute)})
	require.NoError(t, err)

	// A running run adds each page's counts as it goes.
	require.NoError(t, s.AddSyncRunProgress(f.ctx, r2.ID, 5, 4, 1, 0))
	require.NoError(t, s.AddSyncRunProgress(f.ctx, r2.ID, 3, 2, 0, 1))
	runs, err := s.ListSyncRuns(f.ctx, store.SyncRunQuery{Provider: domain.ProviderOura})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	require.Equal(t, []int{8, 6, 1, 1}, []int{runs[0].Fetched, runs[0].Stored, runs[0].Updated, runs[0].Deleted})
	require.Equal(t, domain.SyncRunning, runs[0].Status)
	r2.Fetched, r2.Stored, r2.Updated, r2.Deleted = 8, 6, 1, 1

	r1.Status, r1.Fetched, r1.Stored, r1.Updated, r1.Deleted, r1.Error = domain.SyncPartial, 10, 7, 2, 1, "page 3: 502"
	require.NoError(t, s.FinishSyncRun(f.ctx, r1))
	// A finished run's counts are final.
	require.NoError(t, s.AddSyncRunProgress(f.ctx, r1.ID, 100, 100, 100, 100))

	runs, err = s.ListSyncRuns(f.ctx, store.SyncRunQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Len(t, runs, 2)
	require.Equal(t, r2.ID, runs[0].ID, "newest first")
	got := runs[1]
	require.Equal(t, c.ID, got.ConnectionID)
	require.Equal(t, domain.SyncPartial, got.Status)
	require.Equal(t, []int{10, 7, 2, 1}, []int{got.Fetched, got.Stored, got.Updated, got.Deleted})
	require.Equal(t, "page 3: 502", got.Error)
	require.NotNil(t, got.EndedAt)

	runs, err = s.ListSyncRuns(f.ctx, store.SyncRunQuery{Provider: domain.ProviderOura, Status: domain.SyncRunning})
	require.NoError(t, err)
	require.Len(t, runs, 1)
	require.Empty(t, runs[0].ConnectionID)
	runs, err = s.ListSyncRuns(f.ctx, store.SyncRunQuery{UserID: uuid.NewString()})
	require.NoError(t, err)
	require.Empty(t, runs)
}

func testOAuthState(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	st := domain.OAuthState{State: "st-1", UserID: f.user.ID, Provider: domain.ProviderWithings,
		RedirectURI: "https://app.example/done", CodeVerifier: "verifier", ExpiresAt: baseTime().Add(10 * time.Minute)}
	require.NoError(t, s.PutOAuthState(f.ctx, st))
	require.Error(t, s.PutOAuthState(f.ctx, st), "states are unique")

	got, err := s.TakeOAuthState(f.ctx, "st-1", baseTime())
	require.NoError(t, err)
	require.Equal(t, st.CodeVerifier, got.CodeVerifier)
	require.Equal(t, st.RedirectURI, got.RedirectURI)
	require.Equal(t, domain.ProviderWithings, got.Provider)
	_, err = s.TakeOAuthState(f.ctx, "st-1", baseTime())
	require.ErrorIs(t, err, store.ErrNotFound, "a state is single-use")

	st.State = "st-2"
	require.NoError(t, s.PutOAuthState(f.ctx, st))
	_, err = s.TakeOAuthState(f.ctx, "st-2", st.ExpiresAt)
	require.ErrorIs(t, err, store.ErrNotFound, "an expired state is not found")
	_, err = s.TakeOAuthState(f.ctx, "st-2", baseTime())
	require.ErrorIs(t, err, store.ErrNotFound, "and is consumed all the same")
}

func testOAuthStateCleanup(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	n, err := s.DeleteExpiredOAuthStates(f.ctx, baseTime())
	require.NoError(t, err)
	require.Zero(t, n, "nothing stored, nothing removed")
	for i, ttl := range []time.Duration{-time.Hour, -time.Millisecond, 0, time.Millisecond, time.Hour} {
		require.NoError(t, s.PutOAuthState(f.ctx, domain.OAuthState{State: fmt.Sprintf("st-%d", i), UserID: f.user.ID,
			Provider: domain.ProviderOura, ExpiresAt: baseTime().Add(ttl)}))
	}
	// Expiry is inclusive, as TakeOAuthState has it: the state expiring
	// exactly now goes, the ones expiring later stay.
	n, err = s.DeleteExpiredOAuthStates(f.ctx, baseTime())
	require.NoError(t, err)
	require.Equal(t, 3, n)
	for _, gone := range []string{"st-0", "st-1", "st-2"} {
		_, err = s.TakeOAuthState(f.ctx, gone, baseTime().Add(-2*time.Hour))
		require.ErrorIs(t, err, store.ErrNotFound, gone)
	}
	got, err := s.TakeOAuthState(f.ctx, "st-3", baseTime())
	require.NoError(t, err, "a state still valid at now survives the clean-up")
	require.Equal(t, f.user.ID, got.UserID)

	// Inside a transaction the clean-up commits or rolls back with it.
	errRollback := errors.New("roll back")
	err = s.InTx(f.ctx, func(tx store.Tx) error {
		n, err := tx.DeleteExpiredOAuthStates(f.ctx, baseTime().Add(2*time.Hour))
		require.NoError(t, err)
		require.Equal(t, 1, n)
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	n, err = s.DeleteExpiredOAuthStates(f.ctx, baseTime().Add(2*time.Hour))
	require.NoError(t, err)
	require.Equal(t, 1, n, "the rolled-back delete left st-4 in place")
}
