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

// fixture is one user with data from several sources, written through the
// real store.
type fixture struct {
	user    domain.User
	ring    domain.DataSource // oura
	band    domain.DataSource // whoop
	scale   domain.DataSource // withings
	day0    time.Time         // UTC midnight of the first day
	sleeps  []domain.Event
	workout []domain.Event
}

func ptr[T any](v T) *T { return &v }

func dataSource(t *testing.T, b *testBundle, userID string, p domain.Provider, dt domain.DeviceType, model string) domain.DataSource {
	t.Helper()
	ds, err := b.store.EnsureDataSource(context.Background(), domain.DataSource{UserID: userID, Provider: p, DeviceType: &dt, DeviceModel: &model})
	require.NoError(t, err)
	return ds
}

// newFixture writes `days` nights of sleep from the ring and the band
// (the band's nights are 10 minutes shorter), a workout every other day,
// activity summaries from both, scores, and samples.
func newFixture(t *testing.T, b *testBundle, days int) fixture {
	t.Helper()
	ctx := context.Background()
	u, err := b.store.CreateUser(ctx, domain.User{FirstName: ptr("Fix"), CreatedAt: time.Now()})
	require.NoError(t, err)
	f := fixture{user: u, day0: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	f.ring = dataSource(t, b, u.ID, domain.ProviderOura, domain.DeviceRing, "Oura Ring 4")
	f.band = dataSource(t, b, u.ID, domain.ProviderWHOOP, domain.DeviceBand, "WHOOP 5.0")
	f.scale = dataSource(t, b, u.ID, domain.ProviderWithings, domain.DeviceScale, "Body+")
	off := domain.ZoneOffset(3600)
	for d := 0; d < days; d++ {
		bed := f.day0.Add(time.Duration(d)*24*time.Hour + 22*time.Hour) // 23:00 local
		for _, src := range []domain.DataSource{f.ring, f.band} {
			end := bed.Add(8 * time.Hour)
			if src.ID == f.band.ID {
				end = end.Add(-10 * time.Minute)
			}
			e := domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: u.ID, DataSourceID: src.ID, ProviderRecordID: fmt.Sprintf("s-%d", d), Revision: 1},
				Category: domain.CategorySleep, Type: "sleep_session", StartTime: bed, EndTime: end, ZoneOffset: off,
				Sleep: &domain.SleepDetails{TotalSleepSeconds: ptr(int64(7 * 3600)), TimeInBedSeconds: ptr(int64(end.Sub(bed).Seconds())),
					DeepSeconds: ptr(int64(5400)), REMSeconds: ptr(int64(6300)), LightSeconds: ptr(int64(13500)), AwakeSeconds: ptr(int64(3600)),
					EfficiencyPercent: ptr(87.5), AvgHRVRMSSD: ptr(55.0), WakeUpCount: ptr(2),
					Stages: []domain.StageInterval{{Stage: domain.StageLight, Start: bed, End: bed.Add(time.Hour)}, {Stage: domain.StageDeep, Start: bed.Add(time.Hour), End: end}}}}
			f.sleeps = append(f.sleeps, e)
		}
		if d%2 == 0 {
			start := f.day0.Add(time.Duration(d)*24*time.Hour + 16*time.Hour)
			f.workout = append(f.workout, domain.Event{RecordMeta: domain.RecordMeta{ID: uuid.Must(uuid.NewV7()).String(), UserID: u.ID, DataSourceID: f.band.ID, ProviderRecordID: fmt.Sprintf("w-%d", d), Revision: 1},
				Category: domain.CategoryWorkout, Type: "running", StartTime: start, EndTime: start.Add(45 * time.Minute), ZoneOffset: off,
				Workout: &domain.WorkoutDetails{EnergyKcal: ptr(512.3), DistanceMeters: ptr(9000.0), AvgHeartRate: ptr(151.6), MaxHeartRate: ptr(178.0)}})
		}
	}
	_, err = b.store.UpsertEvents(ctx, append(append([]domain.Event{}, f.sleeps...), f.workout...))
	require.NoError(t, err)
	var sums []domain.DailySummary
	var scores []domain.HealthScore
	for d := 0; d < days; d++ {
		date := f.day0.AddDate(0, 0, d)
		sums = append(sums,
			domain.DailySummary{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: f.ring.ID, ProviderRecordID: "a-" + date.Format(time.DateOnly)},
				Kind: domain.SummaryActivity, Date: date.Format(time.DateOnly), StartTime: date, ZoneOffset: off,
				Metrics: map[string]float64{domain.MetricSteps: float64(8000 + d), domain.MetricActiveEnergyKcal: 400, domain.MetricTotalEnergyKcal: 2300}},
			domain.DailySummary{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: f.band.ID, ProviderRecordID: fmt.Sprint(d)},
				Kind: domain.SummaryCycle, Date: date.Format(time.DateOnly), StartTime: date, ZoneOffset: off,
				Metrics: map[string]float64{domain.MetricTotalEnergyKcal: 2500, domain.MetricAvgHeartRate: 66, domain.MetricMaxHeartRate: 171, domain.MetricStrain: 12.5}})
		scores = append(scores, domain.HealthScore{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: f.band.ID, ProviderRecordID: "r-" + date.Format(time.DateOnly)},
			Provider: domain.ProviderWHOOP, Category: domain.ScoreRecovery, Value: ptr(float64(40 + d)), RecordedAt: date.Add(7 * time.Hour), ZoneOffset: off,
			Components: map[string]domain.ScoreComponent{"resting_heart_rate": {Value: ptr(52.0)}}})
	}
	_, err = b.store.UpsertDailySummaries(ctx, sums)
	require.NoError(t, err)
	_, err = b.store.UpsertHealthScores(ctx, scores)
	require.NoError(t, err)
	var hr []timeseries.Sample
	for i := 0; i < 2*3600; i++ { // two hours of 1 Hz heart rate on day 0
		hr = append(hr, timeseries.Sample{T: f.day0.Add(10*time.Hour + time.Duration(i)*time.Second).UnixMilli(), V: float64(60 + i%20), Offset: 3600})
	}
	_, err = b.store.WriteSamples(ctx, u.ID, f.ring.ID, 1, hr)
	require.NoError(t, err)
	weight := []timeseries.Sample{{T: f.day0.Add(7 * time.Hour).UnixMilli(), V: 71.234, Offset: 3600}}
	_, err = b.store.WriteSamples(ctx, u.ID, f.scale.ID, 41, weight) // weight
	require.NoError(t, err)
	rhr := []timeseries.Sample{{T: f.day0.Add(7 * time.Hour).UnixMilli(), V: 52, Offset: 3600}}
	_, err = b.store.WriteSamples(ctx, u.ID, f.band.ID, 2, rhr) // resting_heart_rate
	require.NoError(t, err)
	return f
}
