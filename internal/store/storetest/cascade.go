package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// populate gives the fixture's user one of everything, under ds.
func (f fixture) populate(t *testing.T, ds domain.DataSource, p domain.Provider) domain.Connection {
	t.Helper()
	c := f.connection()
	c.Provider, c.ProviderUserID = p, string(p)+"-"+f.user.ID
	conn, err := f.s.UpsertConnection(f.ctx, c)
	require.NoError(t, err)
	ev := f.sleep("sleep-"+string(p), baseTime(), time.Hour)
	ev.DataSourceID = ds.ID
	_, err = f.s.UpsertEvents(f.ctx, []domain.Event{ev})
	require.NoError(t, err)
	sm := f.summary("2026-03-01", 1)
	sm.DataSourceID = ds.ID
	_, err = f.s.UpsertDailySummaries(f.ctx, []domain.DailySummary{sm})
	require.NoError(t, err)
	sc := f.score("s-"+string(p), domain.ScoreReadiness, 80, baseTime())
	sc.DataSourceID = ds.ID
	_, err = f.s.UpsertHealthScores(f.ctx, []domain.HealthScore{sc})
	require.NoError(t, err)
	_, err = f.s.WriteSamples(f.ctx, f.user.ID, ds.ID, typeHeartRate, hrSamples(baseTime(), 10, time.Second))
	require.NoError(t, err)
	rd := f.raw("r-"+string(p), nil, `{}`)
	rd.Provider = p
	_, err = f.s.PutRawDocument(f.ctx, rd)
	require.NoError(t, err)
	require.NoError(t, f.s.SetCursor(f.ctx, domain.SyncCursor{ConnectionID: conn.ID, DataType: "sleep", HighWater: baseTime()}))
	_, err = f.s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, ConnectionID: conn.ID, Provider: p, Source: "pull"})
	require.NoError(t, err)
	return conn
}

// counts is what a user has, per kind of data.
type counts struct {
	Connections, DataSources, Events, Summaries, Scores, SampleSeries, Raw, Runs int
}

// count tallies what the fixture's user has.
func (f fixture) count(t *testing.T) counts {
	t.Helper()
	var c counts
	conns, err := f.s.ListConnections(f.ctx, f.user.ID)
	require.NoError(t, err)
	c.Connections = len(conns)
	dss, err := f.s.ListDataSources(f.ctx, f.user.ID)
	require.NoError(t, err)
	c.DataSources = len(dss)
	c.Events, err = f.s.CountEvents(f.ctx, store.EventQuery{UserID: f.user.ID, WithDelete: true})
	require.NoError(t, err)
	sms, err := f.s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID})
	require.NoError(t, err)
	c.Summaries = len(sms)
	_, c.Scores, err = f.s.ListHealthScores(f.ctx, store.ScoreQuery{UserID: f.user.ID})
	require.NoError(t, err)
	c.SampleSeries = len(f.readAll(t, baseTime(), baseTime().Add(time.Hour)))
	raws, err := f.s.ListRawDocuments(f.ctx, store.RawQuery{UserID: f.user.ID})
	require.NoError(t, err)
	c.Raw = len(raws)
	runs, err := f.s.ListSyncRuns(f.ctx, store.SyncRunQuery{UserID: f.user.ID})
	require.NoError(t, err)
	c.Runs = len(runs)
	return c
}

func testUserDeleteCascades(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	conn := f.populate(t, f.ds, domain.ProviderWHOOP)
	require.NoError(t, s.PutOAuthState(f.ctx, domain.OAuthState{State: "st", UserID: f.user.ID, Provider: domain.ProviderOura,
		ExpiresAt: baseTime().Add(time.Hour)}))
	bystander := newFixture(t, s)
	bystander.populate(t, bystander.ds, domain.ProviderWHOOP)
	require.Equal(t, counts{1, 1, 1, 1, 1, 1, 1, 1}, f.count(t))

	deleted, err := s.DeleteUser(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Equal(t, f.user.ID, deleted.ID)
	_, err = s.User(f.ctx, f.user.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.Equal(t, counts{}, f.count(t))
	_, err = s.ConnectionByID(f.ctx, conn.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.Cursor(f.ctx, conn.ID, "sleep")
	require.ErrorIs(t, err, store.ErrNotFound)
	_, err = s.TakeOAuthState(f.ctx, "st", baseTime())
	require.ErrorIs(t, err, store.ErrNotFound)
	for _, c := range changes(t, s) {
		require.NotEqual(t, f.user.ID, c.UserID, "the user's outbox rows go too")
	}
	require.Equal(t, counts{1, 1, 1, 1, 1, 1, 1, 1}, bystander.count(t), "other users are untouched")
}

func testDeleteProviderData(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring 4")
	f.populate(t, f.ds, domain.ProviderWHOOP)
	f.populate(t, ring, domain.ProviderOura)
	require.Equal(t, counts{2, 2, 2, 2, 2, 2, 2, 2}, f.count(t))

	require.NoError(t, s.DeleteProviderData(f.ctx, f.user.ID, domain.ProviderWHOOP))
	require.Equal(t, counts{2, 1, 1, 1, 1, 1, 1, 2}, f.count(t), "connections and run history stay")
	dss, err := s.ListDataSources(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Equal(t, ring.ID, dss[0].ID)
	cs := changes(t, s)
	last := cs[len(cs)-1]
	require.Equal(t, domain.Change{Seq: last.Seq, UserID: f.user.ID, Kind: domain.ChangeKindProviderData, RecordID: "whoop",
		ChangeType: domain.ChangeDeleted, At: last.At, Provider: domain.ProviderWHOOP}, last)
}
