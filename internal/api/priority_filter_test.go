package api

import (
	"context"
	"net/url"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

func TestFilterByPriority(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 10)
		ctx := context.Background()
		u := "/api/v1/users/" + f.user.ID
		q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-12"}, "limit": {"4"}}

		// Sleep: ring and band both recorded every night; only the band's
		// (WHOOP outranks Oura) is served, pages stay full.
		q.Set("filter_by_priority", "true")
		fwd, back := walk(t, b, u+"/events/sleep", q, func(s wireSleep) string { return s.ID + "|" + s.Source.Provider }, nil)
		require.Len(t, fwd, 10)
		require.Equal(t, fwd, back)
		for _, id := range fwd {
			require.Contains(t, id, "|whoop")
		}
		q.Del("cursor")
		first := getPage[wireSleep](t, b, u+"/events/sleep", q)
		require.Len(t, first.Data, 4)
		require.Equal(t, 10, *first.Pagination.TotalCount)
		q.Set("filter_by_priority", "false")
		require.Equal(t, 20, *getPage[wireSleep](t, b, u+"/events/sleep", q).Pagination.TotalCount)

		// Workouts: the ring recorded the band's first run too (shifted a
		// minute); with the filter it counts once.
		run := f.workout[0]
		dup := domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: f.user.ID, DataSourceID: f.ring.ID,
			ProviderRecordID: "ring-run"}, Category: domain.CategoryWorkout, Type: "running",
			StartTime: run.StartTime.Add(time.Minute), EndTime: run.EndTime.Add(time.Minute), Workout: &domain.WorkoutDetails{}}
		_, err := b.store.UpsertEvents(ctx, []domain.Event{dup})
		require.NoError(t, err)
		wq := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-12"}}
		require.Len(t, getPage[wireWorkout](t, b, u+"/events/workouts", wq).Data, 6)
		wq.Set("filter_by_priority", "true")
		ws := getPage[wireWorkout](t, b, u+"/events/workouts", wq).Data
		require.Len(t, ws, 5)
		for _, w := range ws {
			require.Equal(t, "whoop", w.Source.Provider)
		}

		// Timeseries: the band also has heart rate on day 0, so per day only
		// its samples are served.
		var hr []timeseries.Sample
		for i := 0; i < 60; i++ {
			hr = append(hr, timeseries.Sample{T: f.day0.Add(11*time.Hour + time.Duration(i)*time.Minute).UnixMilli(), V: 70, Offset: 3600})
		}
		_, err = b.store.WriteSamples(ctx, f.user.ID, f.band.ID, 1, hr)
		require.NoError(t, err)
		tq := url.Values{"start_time": {"2025-03-01"}, "end_time": {"2025-03-02"}, "types": {"heart_rate"}, "limit": {"86400"}}
		require.Len(t, getPage[wireSample](t, b, u+"/timeseries", tq).Data, 7200+60)
		tq.Set("filter_by_priority", "true")
		got := getPage[wireSample](t, b, u+"/timeseries", tq).Data
		require.Len(t, got, 60)
		require.Equal(t, "whoop", got[0].Source.Provider)
	})
}

// TestFilterByPriorityPerBucket checks that a downsampled bucket is served
// from one source: a UTC day spans two local days (here at −05:00), and
// choosing the source per local day let one source's evening and the
// other's day meet in one bucket — two steps totals for one day. The
// fixture is symmetric (each source alone on one local evening), so it
// holds whichever provider outranks the other.
func TestFilterByPriorityPerBucket(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		ctx := context.Background()
		u, err := b.store.CreateUser(ctx, domain.User{FirstName: ptr("Bucket"), CreatedAt: time.Now()})
		require.NoError(t, err)
		ring := dataSource(t, b, u.ID, domain.ProviderOura, domain.DeviceRing, "Oura Ring 4")
		scale := dataSource(t, b, u.ID, domain.ProviderWithings, domain.DeviceScale, "ScanWatch")
		at := func(s string, v float64) timeseries.Sample {
			ts, err := time.Parse(time.RFC3339, s)
			require.NoError(t, err)
			return timeseries.Sample{T: ts.UnixMilli(), V: v, Offset: -5 * 3600}
		}
		ringSteps := []timeseries.Sample{at("2025-03-02T05:00:00Z", 9000), at("2025-03-04T01:00:00Z", 700), at("2025-03-04T05:00:00Z", 8000)}
		scaleSteps := []timeseries.Sample{at("2025-03-02T01:00:00Z", 500), at("2025-03-02T15:00:00Z", 6000), at("2025-03-04T15:00:00Z", 5000)}
		_, err = b.store.WriteSamples(ctx, u.ID, ring.ID, 80, ringSteps) // steps
		require.NoError(t, err)
		_, err = b.store.WriteSamples(ctx, u.ID, scale.ID, 80, scaleSteps)
		require.NoError(t, err)
		q := url.Values{"start_time": {"2025-03-01T00:00:00Z"}, "end_time": {"2025-03-06T00:00:00Z"}, "types": {"steps"},
			"resolution": {"1day"}, "filter_by_priority": {"true"}}
		got := getPage[wireSample](t, b, "/api/v1/users/"+u.ID+"/timeseries", q).Data
		byDay := map[string][]string{}
		for _, s := range got {
			byDay[s.Timestamp] = append(byDay[s.Timestamp], s.Source.Provider)
			// Oura reports steps as daily totals, Withings as samples to add.
			require.NotNil(t, s.IsDailyTotal, "steps are summed: is_daily_total is true or false")
			require.Equal(t, s.Source.Provider == "oura", *s.IsDailyTotal, "%s from %s", s.Timestamp, s.Source.Provider)
		}
		require.Len(t, byDay, 2, "%v", byDay)
		for day, provs := range byDay {
			require.Len(t, provs, 1, "%s is served from one source, not %v", day, provs)
		}
	})
}
