package engine

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// checkFastDecode requires that when the fast decoder accepts b, it gives
// what encoding/json gives; it reports whether it accepted.
func checkFastDecode(t *testing.T, b []byte) bool {
	t.Helper()
	var fast eventDetails
	if !decodeDetailsFast(b, &fast) {
		return false
	}
	var want eventDetails
	require.NoError(t, json.Unmarshal(b, &want), "accepted a document encoding/json refuses: %s", b)
	require.Equal(t, want, fast, "%s", b)
	return true
}

// spaced renders JSON the way Postgres returns jsonb: a space after
// every colon and comma.
func spaced(t *testing.T, b []byte) []byte {
	t.Helper()
	var out bytes.Buffer
	require.NoError(t, json.Indent(&out, b, "", ""))
	return bytes.ReplaceAll(bytes.ReplaceAll(out.Bytes(), []byte("\n"), nil), []byte(`":`), []byte(`": `))
}

func randomDetails(r *rand.Rand) domain.Event {
	f := func() *float64 {
		if r.IntN(3) == 0 {
			return nil
		}
		v := r.NormFloat64() * 1000
		if r.IntN(4) == 0 {
			v = float64(r.IntN(200))
		}
		return &v
	}
	i := func() *int64 {
		if r.IntN(3) == 0 {
			return nil
		}
		v := r.Int64N(1<<40) - 1<<39
		return &v
	}
	n := func() *int {
		if r.IntN(3) == 0 {
			return nil
		}
		v := r.IntN(50)
		return &v
	}
	str := func() *string {
		opts := []string{"", "SCORED", "Läufe", `quo"te`, "tab\there", "<b>&", "long_rest"}
		if r.IntN(3) == 0 {
			return nil
		}
		v := opts[r.IntN(len(opts))]
		return &v
	}
	e := domain.Event{RecordMeta: domain.RecordMeta{ID: "e"}}
	if r.IntN(2) == 0 {
		e.Sleep = &domain.SleepDetails{IsNap: r.IntN(2) == 0, TotalSleepSeconds: i(), TimeInBedSeconds: i(), AwakeSeconds: i(),
			LightSeconds: i(), DeepSeconds: i(), REMSeconds: i(), NoDataSeconds: i(), LatencySeconds: i(), EfficiencyPercent: f(),
			AvgHeartRate: f(), MinHeartRate: f(), AvgHRVRMSSD: f(), AvgRespiratoryRate: f(), WakeUpCount: n(), DisturbanceCount: n(),
			SleepCycleCount: n(), SleepNeedSeconds: i(), PerformancePercent: f(), ConsistencyPercent: f(), ProviderSleepType: str(),
			ProviderScoreState: str()}
		if r.IntN(4) == 0 {
			e.Sleep.ProviderExtraFields = map[string]any{"cycle_id": 93845.0}
		}
	} else {
		e.Workout = &domain.WorkoutDetails{Name: str(), EnergyKcal: f(), DistanceMeters: f(), AvgHeartRate: f(), MaxHeartRate: f(),
			MinHeartRate: f(), ElevationGainMeters: f(), AltitudeChange: f(), Steps: i(), MovingSeconds: i(), PercentRecorded: f(),
			Strain: f(), Intensity: str(), ProviderScoreState: str()}
		if r.IntN(2) == 0 {
			e.Workout.HRZones = []domain.HRZone{{Zone: 1, Seconds: 60}, {Zone: 2, Seconds: r.Int64N(5000)}}
		}
	}
	return e
}

// TestDecodeDetailsFastMatchesEncodingJSON decodes documents as the store
// writes them (compact, and spaced as Postgres jsonb returns them) and
// checks the fast path takes the common ones and agrees on all it takes.
func TestDecodeDetailsFastMatchesEncodingJSON(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(11, 12))
	accepted := 0
	for range 2000 {
		e := randomDetails(r)
		b, err := EncodeEventDetails(e)
		require.NoError(t, err)
		if checkFastDecode(t, b) {
			accepted++
		}
		checkFastDecode(t, spaced(t, b))
	}
	require.Greater(t, accepted, 600, "documents without extras or escaped strings take the fast path")
}

func TestDecodeDetailsFastRefuses(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		doc  string
	}{
		{name: "Extra", doc: `{"sleep":{"extra":{"a":1}}}`},
		{name: "UnknownKey", doc: `{"sleep":{"bogus":1}}`},
		{name: "OtherCase", doc: `{"sleep":{"IS_NAP":true}}`},
		{name: "RepeatedKey", doc: `{"sleep":{"is_nap":true,"is_nap":false}}`},
		{name: "RepeatedObject", doc: `{"sleep":{},"sleep":{"is_nap":true}}`},
		{name: "EscapedString", doc: `{"workout":{"name":"a\"b"}}`},
		{name: "InvalidUTF8", doc: "{\"workout\":{\"name\":\"a\xffb\"}}"},
		{name: "FloatIntoInt", doc: `{"sleep":{"rem_seconds":1.5}}`},
		{name: "ExponentIntoInt", doc: `{"sleep":{"rem_seconds":1e3}}`},
		{name: "LeadingZero", doc: `{"sleep":{"efficiency_percent":01}}`},
		{name: "BareDot", doc: `{"sleep":{"efficiency_percent":1.}}`},
		{name: "Overflow", doc: `{"sleep":{"efficiency_percent":1e999}}`},
		{name: "Stages", doc: `{"sleep":{"stages":[]}}`},
		{name: "TrailingGarbage", doc: `{"sleep":{}} x`},
		{name: "NotAnObject", doc: `null`},
		{name: "Truncated", doc: `{"sleep":{"is_nap":tru`},
		{name: "ZoneNull", doc: `{"workout":{"hr_zones":[{"zone":null}]}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var d eventDetails
			require.False(t, decodeDetailsFast([]byte(tc.doc), &d))
		})
	}
}

func FuzzDecodeDetailsFast(f *testing.F) {
	r := rand.New(rand.NewPCG(13, 14))
	for range 20 {
		b, err := EncodeEventDetails(randomDetails(r))
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"sleep": null, "workout": {"hr_zones": [], "steps": -0}, "hypnogram": null}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkFastDecode(t, b)
	})
}

func TestDecodeMetricsFast(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		doc    string
		accept bool
	}{
		{name: "Empty", doc: `{}`, accept: true},
		{name: "Numbers", doc: `{"steps":17398,"total_energy_kcal":2168.4034416826003,"x":-1e-7}`, accept: true},
		{name: "Spaced", doc: ` { "steps" : 1 , "b": 2.5 } `, accept: true},
		{name: "Null", doc: `null`},
		{name: "NullValue", doc: `{"steps":null}`},
		{name: "RepeatedKey", doc: `{"a":1,"a":2}`},
		{name: "EscapedKey", doc: `{"a\u0062":1}`},
		{name: "StringValue", doc: `{"a":"1"}`},
		{name: "Trailing", doc: `{"a":1}}`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var fast map[string]float64
			require.Equal(t, tc.accept, decodeMetricsFast([]byte(tc.doc), &fast))
			if !tc.accept {
				return
			}
			var want map[string]float64
			require.NoError(t, json.Unmarshal([]byte(tc.doc), &want))
			require.Equal(t, want, fast)
		})
	}
}

func FuzzDecodeMetricsFast(f *testing.F) {
	f.Add([]byte(`{"steps":17398,"total_energy_kcal":2168.4034416826003}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast map[string]float64
		if !decodeMetricsFast(b, &fast) {
			return
		}
		var want map[string]float64
		require.NoError(t, json.Unmarshal(b, &want), "%s", b)
		require.Equal(t, want, fast, "%s", b)
	})
}
