package storetest

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// summary builds an activity summary of the fixture's user.
func (f fixture) summary(date string, steps float64) domain.DailySummary {
	day, _ := time.Parse(time.DateOnly, date)
	end := day.Add(24 * time.Hour)
	return domain.DailySummary{
		RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.ds.ID, ProviderRecordID: "act-" + date},
		Kind:       domain.SummaryActivity, Date: date, StartTime: day, EndTime: &end, ZoneOffset: -18000,
		Metrics: map[string]float64{"steps": steps, "active_energy_kcal": 512.25},
		Extra:   map[string]any{"class_5min": "0011223", "met": []any{1.5, 2.0}},
	}
}

// score builds a health score of the fixture's user.
func (f fixture) score(prid, category string, v float64, at time.Time) domain.HealthScore {
	return domain.HealthScore{
		RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.ds.ID, ProviderRecordID: prid},
		Provider:   domain.ProviderWHOOP, Category: category, Value: &v, RecordedAt: at,
		Components: map[string]domain.ScoreComponent{"hrv": {Value: ptr(61.0)}, "rhr": {Qualifier: ptr("optimal")}},
	}
}

func testOutboxSameTx(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	err := s.InTx(f.ctx, func(tx store.Tx) error {
		if _, err := tx.UpsertEvents(f.ctx, []domain.Event{f.sleep("s", baseTime(), time.Hour)}); err != nil {
			return err
		}
		if _, err := tx.UpsertDailySummaries(f.ctx, []domain.DailySummary{f.summary("2026-03-01", 9000)}); err != nil {
			return err
		}
		if _, err := tx.UpsertHealthScores(f.ctx, []domain.HealthScore{f.score("r1", domain.ScoreRecovery, 70, baseTime())}); err != nil {
			return err
		}
		// Reads inside the transaction see its writes.
		es, err := tx.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID})
		if err != nil {
			return err
		}
		require.Len(t, es, 1)
		cs, err := tx.Changes(f.ctx, 0, 10)
		require.NoError(t, err)
		require.Len(t, cs, 3, "outbox rows are written in the transaction")
		return nil
	})
	require.NoError(t, err)
	cs := changes(t, s)
	require.Equal(t, []string{"sleep:created", "activity_summary:created", "health_score:created"}, changeTypes(cs))
	for i := 1; i < len(cs); i++ {
		require.Greater(t, cs[i].Seq, cs[i-1].Seq)
	}
	page, err := s.Changes(f.ctx, cs[0].Seq, 1)
	require.NoError(t, err)
	require.Equal(t, []domain.Change{cs[1]}, page)
}

func testOutboxRollback(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	boom := errors.New("boom")
	err := s.InTx(f.ctx, func(tx store.Tx) error {
		if _, err := tx.UpsertEvents(f.ctx, []domain.Event{f.sleep("s", baseTime(), time.Hour)}); err != nil {
			return err
		}
		if _, err := tx.WriteSamples(f.ctx, f.user.ID, f.ds.ID, 1, hrSamples(baseTime(), 60, time.Second)); err != nil {
			return err
		}
		return boom
	})
	require.ErrorIs(t, err, boom)
	require.Empty(t, changes(t, s), "the outbox rolls back with the data")
	_, err = s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "s")
	require.ErrorIs(t, err, store.ErrNotFound)
	sd, err := s.ReadSamples(f.ctx, store.SampleQuery{UserID: f.user.ID, Start: baseTime(), End: baseTime().Add(time.Hour)})
	require.NoError(t, err)
	require.Empty(t, sd)

	// A store-level write outside InTx gets its own transaction: a failed
	// batch leaves nothing behind either.
	bad := f.sleep("bad", baseTime(), time.Hour)
	bad.DataSourceID = "00000000-0000-7000-8000-000000000000"
	_, err = s.UpsertEvents(f.ctx, []domain.Event{f.sleep("ok", baseTime(), time.Hour), bad})
	require.Error(t, err)
	require.Empty(t, changes(t, s))
	_, err = s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "ok")
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testDailySummaries(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	days := []domain.DailySummary{f.summary("2026-02-27", 8000), f.summary("2026-02-28", 9000), f.summary("2026-03-01", 10000)}
	res, err := s.UpsertDailySummaries(f.ctx, days)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 3}, res)
	res, err = s.UpsertDailySummaries(f.ctx, days)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 3}, res)

	days[1].Metrics["steps"] = 9500
	days[1].Revision = 5
	res, err = s.UpsertDailySummaries(f.ctx, days[1:2])
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res)

	got, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, Kind: domain.SummaryActivity, StartDate: "2026-02-28", EndDate: "2026-03-01"})
	require.NoError(t, err)
	require.Len(t, got, 1, "end date is exclusive")
	g := got[0]
	require.Equal(t, 9500.0, g.Metrics["steps"])
	require.Equal(t, days[1].Extra, g.Extra)
	require.Equal(t, int64(5), g.Revision)
	require.Equal(t, domain.ZoneOffset(-18000), g.ZoneOffset)
	require.True(t, days[1].EndTime.Equal(*g.EndTime))

	all, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Len(t, all, 3)
	require.Equal(t, "2026-02-27", all[0].Date)
	limited, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, Limit: 2})
	require.NoError(t, err)
	require.Len(t, limited, 2)
	none, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, Kind: domain.SummaryCycle})
	require.NoError(t, err)
	require.Empty(t, none)
	require.Equal(t, []string{"activity_summary:created", "activity_summary:created", "activity_summary:created", "activity_summary:updated"},
		changeTypes(changes(t, s)))
}

func testHealthScores(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	hs := []domain.HealthScore{
		f.score("c1", domain.ScoreRecovery, 71, baseTime()),
		f.score("c1", domain.ScoreSleep, 88, baseTime()),
		f.score("c2", domain.ScoreRecovery, 45, baseTime().Add(24*time.Hour)),
	}
	res, err := s.UpsertHealthScores(f.ctx, hs)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 3}, res, "category is part of the key")
	res, err = s.UpsertHealthScores(f.ctx, hs)
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 3}, res)

	got, total, err := s.ListHealthScores(f.ctx, store.ScoreQuery{UserID: f.user.ID, Category: domain.ScoreRecovery})
	require.NoError(t, err)
	require.Equal(t, 2, total)
	require.Equal(t, 71.0, *got[0].Value)
	require.Equal(t, hs[0].Components, got[0].Components)
	end := baseTime().Add(time.Hour)
	got, total, err = s.ListHealthScores(f.ctx, store.ScoreQuery{UserID: f.user.ID, End: &end, Limit: 1, Offset: 1})
	require.NoError(t, err)
	require.Equal(t, 2, total)
	require.Len(t, got, 1)
	start := baseTime().Add(time.Hour)
	_, total, err = s.ListHealthScores(f.ctx, store.ScoreQuery{UserID: f.user.ID, Start: &start, Provider: domain.ProviderWHOOP})
	require.NoError(t, err)
	require.Equal(t, 1, total)

	res, err = s.MarkHealthScoresDeleted(f.ctx, f.ds.ID, []string{"c1", "missing"})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Deleted: 2}, res, "every category of the record")
	res, err = s.MarkHealthScoresDeleted(f.ctx, f.ds.ID, []string{"c1"})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 2}, res)
	_, total, err = s.ListHealthScores(f.ctx, store.ScoreQuery{UserID: f.user.ID})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	require.Equal(t, 5, len(changes(t, s)))
}

// testUnderlyingTx checks an InTx callback can reach the engine's own
// transaction (for River's InsertTx) and that work done on it commits and
// rolls back with the store's.
func testUnderlyingTx(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	boom := errors.New("boom")
	err := s.InTx(f.ctx, func(tx store.Tx) error {
		u, ok := tx.(interface{ Underlying() any })
		require.True(t, ok, "store.Tx exposes its engine transaction")
		require.NotNil(t, u.Underlying())
		_, err := tx.UpsertEvents(f.ctx, []domain.Event{f.sleep("u", baseTime(), time.Hour)})
		require.NoError(t, err)
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, err = s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "u")
	require.ErrorIs(t, err, store.ErrNotFound)
}
