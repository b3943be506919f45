package whoop_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestSleepStreamSyncMatchesTruth syncs a week of WHOOP data with sleep
// streams over real HTTP on each engine and checks the stored heart rate
// second by second against the simulated person's 1 Hz truth, the
// request budget (one stream request per scored sleep, none for an
// unchanged one, on pulls and webhooks alike), the derived stages and
// that deleting a sleep deletes its samples.
func TestSleepStreamSyncMatchesTruth(t *testing.T) {
	t.Parallel()
	for name, open := range map[string]func(t *testing.T) store.Store{
		"SQLite":   func(t *testing.T) store.Store { return storetest.NewSQLite(t) },
		"Postgres": func(t *testing.T) store.Store { return storetest.NewPostgres(t) },
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			r, err := syncertest.New(syncertest.Options{Store: open(t), Users: 1, Days: 12, Seed: 19, DeleteRate: -1, BackfillDays: 7,
				RateLimits: []simkit.Window{}, Budget: provider.Unlimited{}, SleepStream: true})
			require.NoError(t, err)
			t.Cleanup(r.Close)
			c, err := r.Connect(ctx, 0)
			require.NoError(t, err)
			run, err := r.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
			require.NoError(t, err)
			require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
			p, err := r.Person(c)
			require.NoError(t, err)

			sleeps := storedSleeps(t, r, c)
			scored, charged := 0, 0
			for _, e := range sleeps {
				s, ok := p.Sleep(e.ProviderRecordID)
				require.True(t, ok)
				if s.State == truth.Scored {
					scored++
					if from, _ := simwhoop.ChargingWindow(s); !from.IsZero() {
						charged++
					}
					requireStreamMatchesTruth(t, r, c, p, s, e)
				}
			}
			require.Positive(t, scored)
			require.Positive(t, charged, "a night charged on the wrist")
			require.Equal(t, scored, r.Sim.RequestCount(simwhoop.RouteSleepStream), "one stream request per scored sleep")

			// A pull re-reads two days of unchanged sleeps: no stream request.
			_, err = r.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourcePull})
			require.NoError(t, err)
			require.Equal(t, scored, r.Sim.RequestCount(simwhoop.RouteSleepStream), "unchanged sleeps are not streamed again")

			// Two days pass; sleep.updated webhooks bring the new nights
			// with their streams, and a replayed webhook costs nothing.
			events, err := r.Advance(ctx, 48*time.Hour)
			require.NoError(t, err)
			var targets []provider.Target
			for _, ev := range events {
				body, err := json.Marshal(ev)
				require.NoError(t, err)
				tg, err := r.Provider.ParseWebhook(body)
				require.NoError(t, err)
				targets = append(targets, tg...)
			}
			for _, tg := range targets {
				_, err := r.Syncer.HandleWebhook(ctx, domain.ProviderWHOOP, tg)
				require.NoError(t, err)
			}
			after := r.Sim.RequestCount(simwhoop.RouteSleepStream)
			require.Greater(t, after, scored, "new scored sleeps were streamed")
			for _, tg := range targets {
				_, err := r.Syncer.HandleWebhook(ctx, domain.ProviderWHOOP, tg)
				require.NoError(t, err)
			}
			require.Equal(t, after, r.Sim.RequestCount(simwhoop.RouteSleepStream), "a replayed webhook does not stream again")
			for _, e := range storedSleeps(t, r, c) {
				if s, _ := p.Sleep(e.ProviderRecordID); s.State == truth.Scored {
					requireStreamMatchesTruth(t, r, c, p, s, e)
				}
			}

			// Deleting a sleep deletes its heart rate and skin temperature.
			victim := sleeps[len(sleeps)-1]
			_, err = r.Syncer.HandleWebhook(ctx, domain.ProviderWHOOP, provider.Target{ProviderUserID: c.ProviderUserID,
				DataType: "sleep", ID: victim.ProviderRecordID, Deleted: true})
			require.NoError(t, err)
			require.Zero(t, countSamples(t, r, c, "heart_rate", victim.StartTime, victim.EndTime))
			require.Zero(t, countSamples(t, r, c, "skin_temperature", victim.StartTime, victim.EndTime))
			require.Positive(t, countSamples(t, r, c, "heart_rate", sleeps[0].StartTime, sleeps[0].EndTime), "other nights keep theirs")
		})
	}
}

func storedSleeps(t *testing.T, r *syncertest.Rig, c domain.Connection) []domain.Event {
	t.Helper()
	evs, err := r.Store.ListEvents(t.Context(), store.EventQuery{UserID: c.UserID, Category: domain.CategorySleep,
		Start: time.Unix(0, 0), End: r.Clock.Now().Add(time.Hour), Page: store.Page{Limit: 1000}})
	require.NoError(t, err)
	require.NotEmpty(t, evs)
	return evs
}

// requireStreamMatchesTruth checks one scored sleep: a heart-rate sample
// for every second in bed except while charging, each the truth's value;
// skin temperature for every second; asleep/awake stages that follow the
// truth's hypnogram and add up to its time asleep.
func requireStreamMatchesTruth(t *testing.T, r *syncertest.Rig, c domain.Connection, p *truth.Person, s truth.Sleep, e domain.Event) {
	t.Helper()
	from, to := simwhoop.ChargingWindow(s)
	want := map[int64]float64{}
	for _, h := range p.HeartRate(s.Start, s.End) {
		if h.Time.Before(from) || !h.Time.Before(to) {
			want[h.Time.UnixMilli()] = float64(h.BPM)
		}
	}
	got := samples(t, r, c, "heart_rate", s.Start, s.End)
	require.Len(t, got, len(want), "sleep %s: one heart rate a second, none while charging", s.ID)
	for _, smp := range got {
		v, ok := want[smp.T]
		require.True(t, ok, "sleep %s: sample at %d", s.ID, smp.T)
		require.InDelta(t, v, smp.V, 1e-9, "sleep %s: heart rate at %d", s.ID, smp.T)
	}
	require.Equal(t, int(s.InBed()/time.Second), countSamples(t, r, c, "skin_temperature", s.Start, s.End))

	require.NotEmpty(t, e.Sleep.Stages, "sleep %s: stages from sleep_classification", s.ID)
	var asleep time.Duration
	for _, iv := range e.Sleep.Stages {
		st, _ := s.StageAt(iv.Start)
		require.Equal(t, st != truth.Awake, iv.Stage == domain.StageSleeping, "sleep %s: stage at %s", s.ID, iv.Start)
		if iv.Stage == domain.StageSleeping {
			asleep += iv.End.Sub(iv.Start)
		}
	}
	require.Equal(t, s.Asleep(), asleep, "sleep %s: time asleep", s.ID)
	require.Equal(t, s.LightTime.Milliseconds()/1000, *e.Sleep.LightSeconds, "the stage summary stays WHOOP's totals")
}

func samples(t *testing.T, r *syncertest.Rig, c domain.Connection, code string, from, to time.Time) []struct {
	T int64
	V float64
} {
	t.Helper()
	st, ok := domain.SeriesTypeByCode(code)
	require.True(t, ok)
	series, err := r.Store.ReadSamples(t.Context(), store.SampleQuery{UserID: c.UserID, TypeIDs: []int{st.ID}, Start: from, End: to})
	require.NoError(t, err)
	var out []struct {
		T int64
		V float64
	}
	for _, s := range series {
		for _, smp := range s.Samples {
			out = append(out, struct {
				T int64
				V float64
			}{smp.T, smp.V})
		}
	}
	return out
}

func countSamples(t *testing.T, r *syncertest.Rig, c domain.Connection, code string, from, to time.Time) int {
	t.Helper()
	return len(samples(t, r, c, code, from, to))
}
