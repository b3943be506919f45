package storetest

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// PageDocs is the size of the page StatementsPerPage stores.
const PageDocs = 25

// counter is what both engines' stores report about the SQL they ran.
type counter interface{ Statements() int64 }

// pageWrite is what one stored sync page writes (see syncer.storePage):
// the raw documents, their records grouped per kind, the samples of one
// series, and the window's progress.
type pageWrite struct {
	raws      []domain.RawDocument
	events    []domain.Event
	summaries []domain.DailySummary
	scores    []domain.HealthScore
	samples   []timeseries.Sample
	progress  store.SyncProgress
}

// newPage builds a page of PageDocs new documents of f's user, each with
// an event, a summary, a score and an hour of minute heart rate.
func newPage(f fixture, connID string, at time.Time) pageWrite {
	var p pageWrite
	for i := range PageDocs {
		id := fmt.Sprintf("doc-%02d", i)
		start := at.Add(time.Duration(i) * 24 * time.Hour)
		meta := domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.ds.ID, ProviderRecordID: id}
		p.raws = append(p.raws, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "sleep",
			ProviderRecordID: id, StartTime: &start, Body: []byte(`{"id":"` + id + `"}`)})
		p.events = append(p.events, f.sleep(id, start, 8*time.Hour))
		p.summaries = append(p.summaries, domain.DailySummary{RecordMeta: meta, Kind: domain.SummaryActivity,
			Date: start.Format(time.DateOnly), StartTime: start, Metrics: map[string]float64{"steps": float64(1000 + i)}})
		p.scores = append(p.scores, domain.HealthScore{RecordMeta: meta, Provider: domain.ProviderWHOOP, Category: "recovery",
			Value: ptr(float64(50 + i)), RecordedAt: start})
		for m := range 60 {
			p.samples = append(p.samples, timeseries.Sample{T: start.Add(time.Duration(m) * time.Minute).UnixMilli(), V: float64(60 + m%20)})
		}
	}
	p.progress = store.SyncProgress{ConnectionID: connID, DataType: "sleep", WindowStart: at, WindowEnd: at.AddDate(0, 0, PageDocs)}
	return p
}

// write stores the page in one transaction, batched per kind as the
// store's methods take them.
func (p pageWrite) write(t *testing.T, f fixture) {
	t.Helper()
	hr, ok := domain.SeriesTypeByCode("heart_rate")
	require.True(t, ok)
	require.NoError(t, f.s.InTx(f.ctx, func(tx store.Tx) error {
		if _, err := tx.PutRawDocuments(f.ctx, p.raws); err != nil {
			return err
		}
		if _, err := tx.EnsureDataSource(f.ctx, f.ds); err != nil {
			return err
		}
		if _, err := tx.UpsertEvents(f.ctx, p.events); err != nil {
			return err
		}
		if _, err := tx.UpsertDailySummaries(f.ctx, p.summaries); err != nil {
			return err
		}
		if _, err := tx.UpsertHealthScores(f.ctx, p.scores); err != nil {
			return err
		}
		if _, err := tx.WriteSamples(f.ctx, f.user.ID, f.ds.ID, hr.ID, p.samples); err != nil {
			return err
		}
		x := store.SyncExtra(tx)
		return x.SetSyncProgress(f.ctx, p.progress)
	}))
}

// writePerDocument stores the page one document at a time, each with its
// own record writes, as a caller that does not batch across documents.
func (p pageWrite) writePerDocument(t *testing.T, f fixture) {
	t.Helper()
	hr, ok := domain.SeriesTypeByCode("heart_rate")
	require.True(t, ok)
	require.NoError(t, f.s.InTx(f.ctx, func(tx store.Tx) error {
		per := len(p.samples) / len(p.raws)
		for i := range p.raws {
			if _, err := tx.PutRawDocument(f.ctx, p.raws[i]); err != nil {
				return err
			}
			if _, err := tx.UpsertEvents(f.ctx, p.events[i:i+1]); err != nil {
				return err
			}
			if _, err := tx.UpsertDailySummaries(f.ctx, p.summaries[i:i+1]); err != nil {
				return err
			}
			if _, err := tx.UpsertHealthScores(f.ctx, p.scores[i:i+1]); err != nil {
				return err
			}
			if _, err := tx.WriteSamples(f.ctx, f.user.ID, f.ds.ID, hr.ID, p.samples[i*per:(i+1)*per]); err != nil {
				return err
			}
		}
		x := store.SyncExtra(tx)
		return x.SetSyncProgress(f.ctx, p.progress)
	}))
}

// testStatementsPerPage pins the cost of storing one page: a statement
// per kind of row however many documents the page holds, and at most 10
// in all, first time and on a re-sync of the same page.
func testStatementsPerPage(t *testing.T, s store.Store) {
	c, ok := s.(counter)
	require.True(t, ok, "%T counts its statements", s)
	f := newFixture(t, s)
	conn, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderWHOOP,
		ProviderUserID: "p1", AccessToken: "a", RefreshToken: "r", TokenExpiresAt: baseTime().Add(time.Hour)})
	require.NoError(t, err)
	p := newPage(f, conn.ID, baseTime().AddDate(0, -2, 0))
	for _, pass := range []string{"new page", "same page again"} {
		before := c.Statements()
		p.write(t, f)
		n := c.Statements() - before
		t.Logf("%s: %s: %d statements for %d documents", s.Engine(), pass, n, PageDocs)
		require.LessOrEqual(t, n, int64(10), pass)
	}
	evs, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategorySleep, Page: store.Page{Limit: 100}})
	require.NoError(t, err)
	require.Len(t, evs, PageDocs)
	cs, err := s.Changes(f.ctx, 0, 1000)
	require.NoError(t, err)
	cs = slices.DeleteFunc(cs, func(c domain.Change) bool { return c.Kind == domain.ChangeKindConnection })
	require.Len(t, cs, 3*PageDocs+PageDocs, "one change per record and per new day block, written once")

	// The same page of another user, one document at a time: the figure
	// for callers that do not batch (logged, not pinned).
	g := newFixture(t, s)
	q := newPage(g, conn.ID, baseTime().AddDate(0, -2, 0))
	before := c.Statements()
	q.writePerDocument(t, g)
	t.Logf("%s: new page one document at a time: %d statements", s.Engine(), c.Statements()-before)
}
