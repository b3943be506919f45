package oura

import (
	"context"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// normalized fetches every data type for person i and normalizes it.
type normalized struct {
	docs   map[string][]provider.Document
	recs   map[string][]provider.Records
	events map[time.Time]domain.Event // by start
}

func (b *testBundle) syncAll(t *testing.T, token string) normalized {
	t.Helper()
	out := normalized{docs: map[string][]provider.Document{}, recs: map[string][]provider.Records{}, events: map[time.Time]domain.Event{}}
	for _, dt := range b.p.DataTypes() {
		docs, dels := b.fetchAll(t, token, dt.Name, b.everything())
		require.Empty(t, dels, "the truth's deletions are invisible, never type deleted")
		seen := map[string]bool{}
		for _, d := range docs {
			require.False(t, seen[d.ID], "%s %s fetched twice", dt.Name, d.ID)
			seen[d.ID] = true
			recs, err := b.p.Normalize(d, nil)
			require.NoError(t, err, "%s %s", dt.Name, d.ID)
			out.recs[dt.Name] = append(out.recs[dt.Name], recs)
			for _, ev := range recs.Events {
				out.events[ev.StartTime] = ev
			}
		}
		out.docs[dt.Name] = docs
	}
	return out
}

// TestSyncMatchesTruth fetches every usercollection type from the
// simulator over HTTP, normalizes it, and compares with the ground truth.
func TestSyncMatchesTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 21}, simoura.Config{})
	person := b.world.Person(0)
	got := b.syncAll(t, b.token(t, 0))
	for _, dt := range []string{TypeSleep, TypeDailySleep, TypeDailyReadiness, TypeDailyActivity, TypeDailySpO2, TypeDailyStress,
		TypeDailyResilience, TypeDailyCardiovascularAge, TypeSleepTime, TypeWorkout, TypeHeartRate, TypePersonalInfo, TypeRingConfiguration} {
		require.NotEmpty(t, got.docs[dt], dt)
	}

	t.Run("Identity", func(t *testing.T) {
		t.Parallel()
		id, err := b.p.Identity(context.Background(), b.token(t, 0))
		require.NoError(t, err)
		require.Equal(t, person.OuraUserID, id.ProviderUserID)
		pi := got.recs[TypePersonalInfo][0]
		require.InDelta(t, person.Profile.HeightM*100, pi.Series[0].Samples[0].V, 1e-9)
	})

	t.Run("Sleeps", func(t *testing.T) {
		t.Parallel()
		sleeps := person.Sleeps(time.Time{}, time.Time{})
		require.Len(t, got.docs[TypeSleep], len(sleeps))
		for _, s := range sleeps {
			ev, ok := got.events[s.Start.UTC()]
			require.True(t, ok, "sleep %s missing", s.ID)
			d := ev.Sleep
			require.Equal(t, s.End.UTC(), ev.EndTime)
			require.Equal(t, s.Nap, d.IsNap)
			require.Equal(t, int64(s.InBed().Seconds()), *d.TimeInBedSeconds)
			require.Equal(t, int64(s.DeepTime.Seconds()), *d.DeepSeconds)
			require.Equal(t, int64(s.LightTime.Seconds()), *d.LightSeconds)
			require.Equal(t, int64(s.REMTime.Seconds()), *d.REMSeconds)
			require.Equal(t, int64(s.AwakeTime.Seconds()), *d.AwakeSeconds)
			require.Equal(t, int64(s.Asleep().Seconds()), *d.TotalSleepSeconds)
			require.Equal(t, int64(s.Latency.Seconds()), *d.LatencySeconds)
			require.Equal(t, float64(s.LowestHR), *d.MinHeartRate)
			require.InDelta(t, s.AvgHRV, *d.AvgHRVRMSSD, 0.5, "average_hrv is whole ms")
			require.Equal(t, s.RespiratoryRate, *d.AvgRespiratoryRate)
			checkHypnogram(t, s, d)
		}
	})

	t.Run("SleepSeries", func(t *testing.T) {
		t.Parallel()
		var hrv int
		for _, r := range got.recs[TypeSleep] {
			for _, se := range r.Series {
				if se.TypeCode == "heart_rate_variability_rmssd" {
					hrv += len(se.Samples)
				}
			}
		}
		var want int
		for _, s := range person.Sleeps(time.Time{}, time.Time{}) {
			want += len(s.HRV)
		}
		require.Equal(t, want, hrv, "every 5-minute RMSSD value of every sleep")
	})

	t.Run("Daily", func(t *testing.T) {
		t.Parallel()
		scores := map[string]map[string]domain.HealthScore{}
		for _, dt := range []string{TypeDailySleep, TypeDailyReadiness, TypeDailyActivity} {
			scores[dt] = map[string]domain.HealthScore{}
			for _, r := range got.recs[dt] {
				for _, sc := range r.Scores {
					scores[dt][sc.RecordedAt.Format(time.DateOnly)+sc.Category] = sc
				}
			}
		}
		summaries := map[string]domain.DailySummary{}
		for _, r := range got.recs[TypeDailyActivity] {
			summaries[r.Summaries[0].Date] = r.Summaries[0]
		}
		for _, d := range person.Days() {
			s, ok := summaries[d.Date]
			require.True(t, ok, "activity of %s", d.Date)
			require.Equal(t, d.Start.UTC(), s.StartTime)
			if d.State == truth.PendingScore {
				continue
			}
			require.Equal(t, float64(d.Steps), s.Metrics[domain.MetricSteps], d.Date)
			require.InDelta(t, d.ActiveKJ/4.184, s.Metrics[domain.MetricActiveEnergyKcal], 0.5, d.Date)
			require.InDelta(t, (d.LowActivity + d.MediumActivity + d.HighActivity).Minutes(), s.Metrics[domain.MetricActiveMinutes], 1.0/60, d.Date)
			key := d.Start.UTC().Format(time.DateOnly)
			require.Equal(t, float64(d.Oura.Activity), *scores[TypeDailyActivity][key+domain.ScoreActivity].Value, d.Date)
			if main, ok := person.Sleep(d.MainSleepID); ok && main.State == truth.Scored {
				require.Equal(t, float64(d.Oura.Sleep), *scores[TypeDailySleep][key+domain.ScoreSleep].Value, d.Date)
				rd := scores[TypeDailyReadiness][key+domain.ScoreReadiness]
				require.Equal(t, float64(d.Oura.Readiness), *rd.Value, d.Date)
				require.Equal(t, d.SkinTempDeviationC, *rd.Components["temperature_deviation"].Value)
			}
		}
	})

	t.Run("Workouts", func(t *testing.T) {
		t.Parallel()
		ws := person.Workouts(time.Time{}, time.Time{})
		require.Len(t, got.docs[TypeWorkout], len(ws))
		for _, w := range ws {
			ev, ok := got.events[w.Start.UTC()]
			require.True(t, ok, "workout %s missing", w.ID)
			require.Equal(t, domain.CategoryWorkout, ev.Category)
			require.Equal(t, w.End.UTC(), ev.EndTime)
			want := w.Sport.Key
			if want == "weightlifting" {
				want = "strength_training"
			}
			require.Equal(t, want, ev.Type)
			require.InDelta(t, w.EnergyKJ/4.184, *ev.Workout.EnergyKcal, 0.051)
		}
	})

	t.Run("HeartRate", func(t *testing.T) {
		t.Parallel()
		var n int
		for _, r := range got.recs[TypeHeartRate] {
			for _, smp := range r.Series[0].Samples {
				at := time.UnixMilli(smp.T)
				hr := person.HeartRateEvery(at, at.Add(time.Second), time.Second)
				require.Len(t, hr, 1)
				require.Equal(t, float64(hr[0].BPM), smp.V)
				_, off := at.In(person.Location(at)).Zone()
				require.Equal(t, int32(off), smp.Offset, "heart rate at %s carries the wearer's offset, not Oura's UTC stamp", at.UTC())
				n++
			}
		}
		from := b.everything().Start.UTC().Truncate(24 * time.Hour)
		require.Equal(t, len(person.HeartRateEvery(from, b.world.Now(), 5*time.Minute)), n)
	})
}

// checkHypnogram holds the hypnogram to the reported durations: its
// intervals tile the time in bed exactly, and each stage differs from the
// reported (30-second) duration by at most the 5-minute characters whose
// ten epochs were not all that stage.
func checkHypnogram(t *testing.T, s truth.Sleep, d *domain.SleepDetails) {
	t.Helper()
	byStage := stageSeconds(d.Stages)
	var total int64
	for _, v := range byStage {
		total += v
	}
	require.Equal(t, *d.TimeInBedSeconds, total)
	require.Equal(t, *d.TimeInBedSeconds, *d.AwakeSeconds+*d.LightSeconds+*d.DeepSeconds+*d.REMSeconds)
	require.Equal(t, s.Start.UTC(), d.Stages[0].Start)
	require.Equal(t, s.End.UTC(), d.Stages[len(d.Stages)-1].End)
	mixed := 0
	for i := 0; i < len(s.Hypnogram); i += 10 {
		chunk := s.Hypnogram[i:min(i+10, len(s.Hypnogram))]
		for _, st := range chunk {
			if st != chunk[0] {
				mixed++
				break
			}
		}
	}
	bound := float64(mixed * 300)
	for stage, reported := range map[domain.SleepStage]int64{
		domain.StageDeep: *d.DeepSeconds, domain.StageLight: *d.LightSeconds, domain.StageREM: *d.REMSeconds, domain.StageAwake: *d.AwakeSeconds,
	} {
		require.LessOrEqual(t, math.Abs(float64(byStage[stage]-reported)), bound, "%s of sleep %s", stage, s.ID)
	}
}
