package api

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// BenchmarkDataTimelineYear: a year of one user's data (hourly samples
// of three series from three sources, a workout a day) as a weekly
// timeline per provider — the counts come from block headers.
func BenchmarkDataTimelineYear(b *testing.B) {
	tb := setup(&testing.T{})
	f := newFixture(&testing.T{}, tb, 1)
	ctx := context.Background()
	var evs []domain.Event
	for _, ds := range []domain.DataSource{f.ring, f.band, f.scale} {
		var smp []timeseries.Sample
		for h := range 365 * 24 {
			smp = append(smp, timeseries.Sample{T: f.day0.Add(time.Duration(h) * time.Hour).UnixMilli(), V: 60})
		}
		for _, typ := range []int{1, 2, 41} {
			_, err := tb.store.WriteSamples(ctx, f.user.ID, ds.ID, typ, smp)
			require.NoError(b, err)
		}
	}
	for d := range 365 {
		start := f.day0.AddDate(0, 0, d).Add(17 * time.Hour)
		evs = append(evs, domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: f.user.ID, DataSourceID: f.band.ID,
			ProviderRecordID: fmt.Sprintf("y-%d", d), Revision: 1}, Category: domain.CategoryWorkout, Type: "running",
			StartTime: start, EndTime: start.Add(time.Hour), Workout: &domain.WorkoutDetails{}})
	}
	_, err := tb.store.UpsertEvents(ctx, evs)
	require.NoError(b, err)
	benchGet(b, tb, "/api/v1/users/"+f.user.ID+"/summaries/data/timeline?bucket=week&start_date=2025-03-01&end_date=2026-02-28")
}
