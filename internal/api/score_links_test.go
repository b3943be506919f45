package api

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// TestHealthScoresLinkTheirEvent checks event_record_id: a WHOOP sleep
// score and recovery name the sleep whose id they carry, a strain score
// its workout; scores whose provider links nothing (Oura's daily sleep),
// whose event is gone or of another source, and categories that describe
// a day carry null.
func TestHealthScoresLinkTheirEvent(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 4) // band sleeps s-0..s-3, band workouts w-0 and w-2
		ctx := context.Background()
		_, err := b.store.MarkEventsDeleted(ctx, f.band.ID, domain.CategorySleep, []string{"s-3"})
		require.NoError(t, err)
		at := f.day0.Add(20 * 24 * time.Hour) // after the fixture's recoveries
		score := func(ds domain.DataSource, p domain.Provider, cat, prid string, minutes int) domain.HealthScore {
			return domain.HealthScore{RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: ds.ID, ProviderRecordID: prid},
				Provider: p, Category: cat, Value: ptr(70.0), RecordedAt: at.Add(time.Duration(minutes) * time.Minute)}
		}
		_, err = b.store.UpsertHealthScores(ctx, []domain.HealthScore{
			score(f.band, domain.ProviderWHOOP, domain.ScoreSleep, "s-1", 0),
			score(f.band, domain.ProviderWHOOP, domain.ScoreRecovery, "s-2", 1),
			score(f.band, domain.ProviderWHOOP, domain.ScoreStrain, "w-2", 2),
			score(f.band, domain.ProviderWHOOP, domain.ScoreStrain, "s-1", 3),   // a sleep's id is no workout
			score(f.band, domain.ProviderWHOOP, domain.ScoreRecovery, "s-3", 4), // its sleep was deleted
			score(f.ring, domain.ProviderOura, domain.ScoreSleep, "daily-1", 5), // Oura names no sleep
			score(f.ring, domain.ProviderOura, domain.ScoreReadiness, "s-1", 6), // a day's score
		})
		require.NoError(t, err)
		sleepID := func(src domain.DataSource, prid string) string {
			e, err := b.store.EventByProviderID(ctx, src.ID, domain.CategorySleep, prid)
			require.NoError(t, err)
			return e.ID
		}
		run, err := b.store.EventByProviderID(ctx, f.band.ID, domain.CategoryWorkout, "w-2")
		require.NoError(t, err)

		res := b.do(t, "GET", "/api/v1/users/"+f.user.ID+"/health-scores?"+url.Values{"start_date": {at.Format(time.DateOnly)}}.Encode(), nil)
		require.Equal(t, 200, res.Status, string(res.Body))
		var p page[wireScore]
		res.json(t, &p)
		got := make([]*string, len(p.Data))
		for i, s := range p.Data {
			got[i] = s.EventRecordID
		}
		want := []*string{ptr(sleepID(f.band, "s-1")), ptr(sleepID(f.band, "s-2")), ptr(run.ID), nil, nil, nil, nil}
		require.Equal(t, want, got)
		require.Contains(t, string(res.Body), `"event_record_id":null`, "the key is always sent")
	})
}
