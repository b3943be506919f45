package api

import (
	"bytes"
	"math"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/simulator/healthkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// truthWorld is six days of one person whose offset changes midway (as
// at a DST change), ending 2024-03-12.
func truthWorld(t *testing.T) (*truth.World, healthkit.Data) {
	t.Helper()
	w, err := truth.Generate(truth.Options{Seed: 17, Users: 2, Days: 6, End: time.Date(2024, 3, 12, 0, 0, 0, 0, time.UTC), DeleteRate: -1})
	require.NoError(t, err)
	p := w.Person(1)
	require.NotEqual(t, p.OffsetAt(w.Start().Add(24*time.Hour)), p.OffsetAt(w.Now().Add(-24*time.Hour)), "the offset changes in the range")
	return w, healthkit.Data{Person: p, From: w.Start(), To: w.Now(), HREvery: 10 * time.Minute}
}

// TestAppleFormatsAgainstTheTruth: an export.xml written from the
// simulator's truth (Apple's DTD, attribute names, units, sourceName and
// device strings, local times with their offset, which changes midway)
// through the direct import, and the same truth as a HealthKit and a
// Health Connect SDK batch through the sync route — each for its own
// user — come back from the API as the truth: every heart-rate sample
// with its instant, value and offset; the steps once with priorities
// (the Watch and the iPhone both counted them); every night with its
// stage minutes; every workout with its energy, distance and heart rate.
func TestAppleFormatsAgainstTheTruth(t *testing.T) {
	t.Parallel()
	_, d := truthWorld(t)
	var export bytes.Buffer
	require.NoError(t, healthkit.Writer{Zone: d.Person.Location, Owner: d.Person.Profile.FirstName}.WriteExport(&export, d))
	// The SDKs upload history in batches: one a day here.
	batches := func(p healthkit.Platform) []string {
		var out []string
		for from := d.From; from.Before(d.To); from = from.Add(24 * time.Hour) {
			day := d
			day.From, day.To = from, from.Add(24*time.Hour)
			var buf bytes.Buffer
			require.NoError(t, healthkit.WritePayload(&buf, p, day))
			out = append(out, buf.String())
		}
		return out
	}
	hk, hc := batches(healthkit.HealthKit), batches(healthkit.HealthConnect)
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		for name, upload := range map[string]func(t *testing.T, user string){
			"export": func(t *testing.T, user string) {
				res := b.postRaw(t, "/api/v1/users/"+user+"/import/apple/xml/direct", "application/xml", export.Bytes())
				require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			},
			"healthkit": func(t *testing.T, user string) {
				tok := b.sdkTokens(t, user)
				for _, batch := range hk {
					res := b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+user+"/sync", batch, bearer(tok.AccessToken))
					require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
				}
			},
			"healthconnect": func(t *testing.T, user string) {
				for _, batch := range hc {
					res := b.do(t, http.MethodPost, "/api/v1/sdk/users/"+user+"/sync", batch)
					require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
				}
			},
		} {
			t.Run(name, func(t *testing.T) {
				user := createUser(t, b, map[string]any{"first_name": name}).Id.String()
				upload(t, user)
				checkAgainstTruth(t, b, user, d, name)
			})
		}
	})
}

func checkAgainstTruth(t *testing.T, b *testBundle, user string, d healthkit.Data, flavour string) {
	t.Helper()
	p := d.Person
	window := url.Values{"start_time": {d.From.Format(time.RFC3339)}, "end_time": {d.To.Format(time.RFC3339)}, "limit": {"86400"}}
	get := func(path string, q url.Values, v any) {
		t.Helper()
		res := b.do(t, http.MethodGet, "/api/v1/users/"+user+path+"?"+q.Encode(), nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, v)
	}

	q := cloneValues(window, "types", "heart_rate")
	var hr apigen.TimeSeriesPage
	get("/timeseries", q, &hr)
	want := p.HeartRateEvery(d.From, d.To, d.HREvery)
	require.Len(t, hr.Data, len(want))
	for i, s := range want {
		got := hr.Data[i]
		require.True(t, s.Time.Equal(got.Timestamp), "sample %d at %s, served %s", i, s.Time, got.Timestamp)
		require.Equal(t, float32(s.BPM), got.Value)
		require.Equal(t, p.OffsetAt(s.Time), got.ZoneOffset.MustGet(), "sample %d keeps its offset", i)
	}

	total := 0
	for _, h := range healthkit.HourlySteps(p, d.From, d.To) {
		total += h.Steps
	}
	var steps apigen.TimeSeriesPage
	get("/timeseries", cloneValues(cloneValues(window, "types", "steps"), "filter_by_priority", "true"), &steps)
	require.Equal(t, float64(total), sumValues(steps.Data), "the steps once, from the best source")
	if flavour != "healthconnect" {
		get("/timeseries", cloneValues(window, "types", "steps"), &steps)
		require.Equal(t, float64(2*total), sumValues(steps.Data), "without priorities both writers' steps are served, from their own sources")
	}

	dates := url.Values{"start_date": {d.From.Add(-24 * time.Hour).Format(time.DateOnly)}, "end_date": {d.To.Add(24 * time.Hour).Format(time.DateOnly)}, "limit": {"1000"}}
	var sl apigen.SleepSessionPage
	get("/events/sleep", dates, &sl)
	slices.SortFunc(sl.Data, func(a, b apigen.SleepSession) int { return a.StartTime.Compare(b.StartTime) })
	nights := p.Sleeps(d.From, d.To)
	require.Len(t, sl.Data, len(nights))
	for i, s := range nights {
		got := sl.Data[i]
		require.True(t, s.Start.Equal(got.StartTime), "night %d starts at %s, served %s", i, s.Start, got.StartTime)
		require.True(t, s.End.Equal(got.EndTime))
		require.Equal(t, s.Offset, got.ZoneOffset.MustGet())
		require.Equal(t, s.Nap, got.IsNap, "night %d", i)
		st := got.Stages.MustGet()
		require.Equal(t, wholeMinutes(s.DeepTime), st.DeepMinutes, "night %d", i)
		require.Equal(t, wholeMinutes(s.LightTime), st.LightMinutes, "night %d", i)
		require.Equal(t, wholeMinutes(s.REMTime), st.RemMinutes, "night %d", i)
		require.Equal(t, wholeMinutes(s.AwakeTime), st.AwakeMinutes, "night %d", i)
	}

	var wo apigen.WorkoutPage
	get("/events/workouts", dates, &wo)
	slices.SortFunc(wo.Data, func(a, b apigen.Workout) int { return a.StartTime.Compare(b.StartTime) })
	runs := p.Workouts(d.From, d.To)
	require.Len(t, wo.Data, len(runs))
	for i, w := range runs {
		got := wo.Data[i]
		require.True(t, w.Start.Equal(got.StartTime))
		require.Equal(t, unifiedType(w.Sport.Key, flavour), got.Type, "workout %d", i)
		require.InDelta(t, w.EnergyKJ/4.184, float64(got.CaloriesKcal.MustGet()), 0.01, "workout %d", i)
		require.Equal(t, w.AvgHR, got.AvgHeartRateBpm.MustGet())
		require.Equal(t, w.MaxHR, got.MaxHeartRateBpm.MustGet())
		if w.DistanceM > 0 {
			require.InDelta(t, w.DistanceM, float64(got.DistanceMeters.MustGet()), 0.01)
		}
	}
}

// unifiedType is the type each format's sport arrives as.
func unifiedType(key, flavour string) string {
	switch {
	case key == "weightlifting":
		return "strength_training"
	case key == "functional_fitness" && flavour == "healthconnect":
		return "hiit"
	case key == "functional_fitness":
		return "strength_training"
	}
	return key
}

func cloneValues(v url.Values, k, val string) url.Values {
	out := url.Values{}
	for kk, vv := range v {
		out[kk] = append([]string(nil), vv...)
	}
	out.Set(k, val)
	return out
}

func sumValues(data []apigen.TimeSeriesSample) float64 {
	var s float64
	for _, x := range data {
		s += float64(x.Value)
	}
	return math.Round(s)
}

// wholeMinutes rounds a duration to whole minutes, as the API does.
func wholeMinutes(d time.Duration) int { return int(math.Round(d.Minutes())) }
