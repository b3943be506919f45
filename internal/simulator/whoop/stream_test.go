package whoop_test

import (
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// scoredMainSleep returns a scored main sleep of person 0 that charges on
// the wrist (charging) or not.
func scoredMainSleep(t *testing.T, b *testBundle, charging bool) truth.Sleep {
	t.Helper()
	p := b.world.Person(0)
	for _, s := range p.Sleeps(b.world.Start(), b.world.Now()) {
		from, _ := whoop.ChargingWindow(s)
		if s.State == truth.Scored && !s.Nap && !from.IsZero() == charging {
			return s
		}
	}
	t.Fatalf("no scored sleep with charging=%v", charging)
	return truth.Sleep{}
}

func TestSleepStreamIsTheTruthAt1Hz(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 30, Seed: 7}, nil)
	tok := b.token(t, 0)
	p := b.world.Person(0)
	for _, charging := range []bool{false, true} {
		sl := scoredMainSleep(t, b, charging)
		var got whoop.SleepStream
		b.getJSON(t, tok, "/v2/activity/sleep/"+sl.ID+"/stream", url.Values{"types": {"hr,skin_temp,board_temp,battery_temp,sleep_classification,charging_status"}}, &got)
		require.Equal(t, whoop.AlgorithmVersion, got.AlgorithmVersion)
		truthHR := p.HeartRate(sl.Start, sl.End)
		require.Len(t, got.Stream, int(sl.InBed()/time.Second), "one sample a second over the time in bed")
		from, to := whoop.ChargingWindow(sl)
		chargingSeen := 0
		for i, smp := range got.Stream {
			require.True(t, smp.Timestamp.Equal(truthHR[i].Time))
			require.NotNil(t, smp.HR)
			require.NotNil(t, smp.SkinTemp)
			require.NotNil(t, smp.BoardTemp)
			require.NotNil(t, smp.BatteryTemp)
			st, _ := sl.StageAt(smp.Timestamp.Time)
			require.Equal(t, st != truth.Awake, *smp.IsSleeping)
			inCharge := !smp.Timestamp.Before(from) && smp.Timestamp.Before(to)
			require.Equal(t, inCharge, *smp.IsCharging)
			if inCharge {
				chargingSeen++
				require.Equal(t, truthHR[i].BPM+whoop.ChargeArtifactBPM, *smp.HR, "charging reads off the truth")
				continue
			}
			require.Equal(t, truthHR[i].BPM, *smp.HR)
		}
		if charging {
			require.Equal(t, 15*60, chargingSeen)
		} else {
			require.Zero(t, chargingSeen)
		}
	}
}

func TestSleepStreamTypesAndErrors(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 10, Seed: 7}, nil)
	tok := b.token(t, 0)
	sl := scoredMainSleep(t, b, false)
	path := "/v2/activity/sleep/" + sl.ID + "/stream"
	for _, q := range []url.Values{{"types": {"hr", "sleep_classification"}}, {"types": {"hr,sleep_classification"}}} {
		var got whoop.SleepStream
		b.getJSON(t, tok, path, q, &got)
		smp := got.Stream[0]
		require.NotNil(t, smp.HR)
		require.NotNil(t, smp.IsSleeping)
		require.Nil(t, smp.SkinTemp, "only the asked-for types")
		require.Nil(t, smp.IsCharging)
	}
	status, _, _ := b.get(t, tok, path, url.Values{"types": {"spo2"}})
	require.Equal(t, http.StatusBadRequest, status)
	status, _, _ = b.get(t, tok, "/v2/activity/sleep/00000000-0000-4000-8000-000000000000/stream", nil)
	require.Equal(t, http.StatusNotFound, status)
	status, _, _ = b.get(t, "", path, nil)
	require.Equal(t, http.StatusUnauthorized, status)
	require.Equal(t, 5, b.srv.RequestCount(whoop.RouteSleepStream), "every stream request is counted")
}
