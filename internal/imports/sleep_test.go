package imports

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// pst is the zone of the fragments below (-08:00).
var pst = time.FixedZone("PST", -8*3600)

func frag(stage domain.SleepStage, from, to string) SleepFragment {
	parse := func(s string) time.Time {
		t, err := time.ParseInLocation("2006-01-02 15:04", s, pst)
		if err != nil {
			panic(err)
		}
		return t
	}
	return SleepFragment{Stage: stage, Start: parse(from), End: parse(to), Offset: -8 * 3600}
}

func writeFrags(t *testing.T, st store.Store, user, ds string, fs ...SleepFragment) BatchResult {
	t.Helper()
	b := NewBatch(user)
	for _, f := range fs {
		b.AddSleep(ds, f)
	}
	var res BatchResult
	require.NoError(t, st.InTx(t.Context(), func(tx store.Tx) error {
		var err error
		res, err = b.Write(t.Context(), tx)
		return err
	}))
	return res
}

func sleeps(t *testing.T, st store.Store, user string) []domain.Event {
	t.Helper()
	evs, err := st.ListEvents(t.Context(), store.EventQuery{UserID: user, Category: domain.CategorySleep, Page: store.Page{Limit: 50}})
	require.NoError(t, err)
	return evs
}

// TestSleepFragmentsMergePerNightAndSource: a night's fragments arriving
// in two uploads (in bed around the stages, an awake spell, a stage that
// overlaps the next) are one session whose stages are disjoint and whose
// totals add up; a nap the next afternoon is its own session; another
// writer's fragments of the same night stay in its own data source; a
// retried upload changes nothing.
func TestSleepFragmentsMergePerNightAndSource(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			st := open(t)
			user := newUser(t, st)
			ws := NewSources(user)
			wID, err := ws.Resolve(t.Context(), st, AppleDataSource("Ana’s Apple Watch", ""))
			require.NoError(t, err)
			aID, err := ws.Resolve(t.Context(), st, AppleDataSource("AutoSleep", ""))
			require.NoError(t, err)
			require.NotEqual(t, wID, aID)

			first := []SleepFragment{
				frag(domain.StageInBed, "2024-03-09 22:30", "2024-03-10 06:30"),
				frag(domain.StageLight, "2024-03-09 22:45", "2024-03-10 00:10"), // overlaps the deep that follows
				frag(domain.StageDeep, "2024-03-10 00:00", "2024-03-10 01:00"),
			}
			second := []SleepFragment{
				frag(domain.StageREM, "2024-03-10 01:00", "2024-03-10 02:00"),
				frag(domain.StageAwake, "2024-03-10 02:00", "2024-03-10 02:10"),
				frag(domain.StageLight, "2024-03-10 02:10", "2024-03-10 06:15"),
				frag(domain.StageLight, "2024-03-10 14:00", "2024-03-10 14:40"), // a nap
			}
			writeFrags(t, st, user, wID, first...)
			writeFrags(t, st, user, wID, second...)
			writeFrags(t, st, user, aID, frag(domain.StageSleeping, "2024-03-09 23:00", "2024-03-10 06:00"))

			evs := sleeps(t, st, user)
			require.Len(t, evs, 3)
			byKey := map[string]domain.Event{}
			for _, e := range evs {
				byKey[e.DataSourceID+" "+e.StartTime.In(pst).Format("15:04")] = e
			}
			night := byKey[wID+" 22:30"]
			require.NotNil(t, night.Sleep, "the watch's night starts when Ana went to bed: %v", byKey)
			require.Equal(t, 8*time.Hour, night.Duration())
			require.False(t, night.Sleep.IsNap)
			require.Equal(t, int64(8*3600), *night.Sleep.TimeInBedSeconds)
			require.Equal(t, int64((75+245)*60), *night.Sleep.LightSeconds, "22:45–00:00 and 02:10–06:15")
			require.Equal(t, int64(3600), *night.Sleep.DeepSeconds)
			require.Equal(t, int64(3600), *night.Sleep.REMSeconds)
			require.Equal(t, int64(600), *night.Sleep.AwakeSeconds)
			require.Equal(t, int64((75+60+60+245)*60), *night.Sleep.TotalSleepSeconds)
			for i := 1; i < len(night.Sleep.Stages); i++ {
				require.False(t, night.Sleep.Stages[i].Start.Before(night.Sleep.Stages[i-1].End), "stages are disjoint")
			}
			require.Equal(t, domain.StageInBed, night.Sleep.Stages[0].Stage, "in bed before falling asleep")
			require.Equal(t, domain.StageInBed, night.Sleep.Stages[len(night.Sleep.Stages)-1].Stage, "and after waking")
			nap := byKey[wID+" 14:00"]
			require.NotNil(t, nap.Sleep)
			require.True(t, nap.Sleep.IsNap)
			other := byKey[aID+" 23:00"]
			require.NotNil(t, other.Sleep, "the other writer's night is its own")
			require.Equal(t, int64(7*3600), *other.Sleep.TotalSleepSeconds)

			again := writeFrags(t, st, user, wID, second...)
			require.Zero(t, again.SleepSessions.Created+again.SleepSessions.Updated+again.SleepSessions.Deleted, "a retry stores nothing twice")
			again = writeFrags(t, st, user, wID, append(first, second...)...)
			require.Zero(t, again.SleepSessions.Created+again.SleepSessions.Updated+again.SleepSessions.Deleted)
			require.Len(t, sleeps(t, st, user), 3)

			// A fragment bridging the gap joins the nap into the night:
			// the night has one session fewer, tombstoned.
			bridged := writeFrags(t, st, user, wID, frag(domain.StageAwake, "2024-03-10 06:30", "2024-03-10 14:00"))
			require.Equal(t, 1, bridged.SleepSessions.Deleted)
			require.Len(t, sleeps(t, st, user), 2)
		})
	}
}
