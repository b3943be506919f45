package withings_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// fieldCase is one service whose answers must carry the seed's fields.
type fieldCase struct {
	name string
	path string
	// form builds the request for person i.
	form func(b *testBundle, i int) url.Values
	seed string
	// missing lists seed paths the simulator never sends, with the reason
	// in a comment next to each.
	missing []string
	// golden saves person 0's answer under testdata/golden.
	golden bool
}

func fieldCases(callback string) []fieldCase {
	day := func(b *testBundle, back int) string {
		return b.world.Now().AddDate(0, 0, -back).Format(time.DateOnly)
	}
	night := func(b *testBundle, i int) (string, string) {
		sl := b.world.Person(i).Sleeps(b.world.Now().Add(-48*time.Hour), time.Time{})[0]
		return unix(sl.Start), unix(sl.Start.Add(2 * time.Hour))
	}
	return []fieldCase{
		{name: "getmeas", path: withings.RouteMeasure, seed: "getmeas.json", golden: true,
			form: func(b *testBundle, _ int) url.Values {
				return form("action", "getmeas", "startdate", unix(b.world.Now().AddDate(0, 0, -3)))
			}},
		{name: "getactivity", path: withings.RouteMeasureV2, seed: "getactivity.json", golden: true,
			form: func(b *testBundle, _ int) url.Values {
				return form("action", "getactivity", "startdateymd", day(b, 3), "enddateymd", day(b, 1))
			}},
		{name: "intraday", path: withings.RouteMeasureV2, seed: "intraday.json", golden: true,
			// Strokes, pool laps, core temperature and chest movement come
			// from devices the simulated people do not wear.
			missing: []string{"body.series.$.stroke", "body.series.$.pool_lap", "body.series.$.core_body_temperature",
				"body.series.$.chest_movement_rate"},
			form: func(b *testBundle, i int) url.Values {
				// Half an hour either side of waking up: night and day series.
				sl := b.world.Person(i).Sleeps(b.world.Now().Add(-48*time.Hour), time.Time{})[0]
				return form("action", "getintradayactivity", "startdate", unix(sl.End.Add(-30*time.Minute)),
					"enddate", unix(sl.End.Add(30*time.Minute)))
			}},
		{name: "workouts", path: withings.RouteMeasureV2, seed: "workouts.json", golden: true,
			// No simulated device measures core body temperature in a workout.
			missing: []string{"body.series[].data.core_body_temperature_avg", "body.series[].data.core_body_temperature_max",
				"body.series[].data.core_body_temperature_min", "body.series[].data.core_body_temperature_status"},
			form: func(b *testBundle, _ int) url.Values {
				return form("action", "getworkouts", "lastupdate", "0", "data_fields", allWorkoutFields)
			}},
		{name: "sleep_get", path: withings.RouteSleep, seed: "sleep_get.json", golden: true,
			// Withings Index and breathing sounds need Sleep Rx.
			missing: []string{"body.series[].withings_index", "body.series[].withings_index.$",
				"body.series[].breathing_sounds", "body.series[].breathing_sounds.$"},
			form: func(b *testBundle, i int) url.Values {
				start, end := night(b, i)
				return form("action", "get", "startdate", start, "enddate", end, "data_fields",
					"hr,rr,snoring,sdnn_1,rmssd,hrv_quality,mvt_score,chest_movement_rate,withings_index,breathing_sounds")
			}},
		{name: "sleep_summary", path: withings.RouteSleep, seed: "sleep_summary.json", golden: true,
			// asleepduration is only for nights imported from other sources.
			missing: []string{"body.series[].data.asleepduration"},
			form: func(b *testBundle, _ int) url.Values {
				return form("action", "getsummary", "startdateymd", day(b, 2), "enddateymd", day(b, 1), "data_fields", allSummaryFields)
			}},
		{name: "heart_list", path: withings.RouteHeart, seed: "heart_list.json", golden: true,
			// There is no simulated stethoscope.
			missing: []string{"body.series[].stetho", "body.series[].stetho.signalid", "body.series[].stetho.vhd"},
			form:    func(*testBundle, int) url.Values { return form("action", "list") }},
		{name: "devices", path: withings.RouteUser, seed: "devices.json", golden: true,
			// Advanced-partner and cellular fields; the simulator plays a
			// public-API application.
			missing: []string{"body.devices[].mac_address", "body.devices[].fw", "body.devices[].network",
				"body.devices[].last_used_network", "body.devices[].sim_status"},
			form: func(*testBundle, int) url.Values { return form("action", "getdevice") }},
		{name: "notify_list", path: withings.RouteNotify, seed: "notify_list.json",
			form: func(*testBundle, int) url.Values { return form("action", "list") }},
		{name: "notify_get", path: withings.RouteNotify, seed: "notify_get.json",
			form: func(*testBundle, int) url.Values {
				return form("action", "get", "callbackurl", callback, "appli", "4")
			}},
	}
}

const (
	allWorkoutFields = "calories,intensity,manual_intensity,manual_distance,manual_calories,hr_average,hr_min,hr_max," +
		"hr_zone_0,hr_zone_1,hr_zone_2,hr_zone_3,pause_duration,algo_pause_duration,spo2_average,core_body_temperature_avg," +
		"core_body_temperature_min,core_body_temperature_max,core_body_temperature_status,steps,distance,elevation," +
		"pool_laps,strokes,pool_length"
	allSummaryFields = "total_timeinbed,total_sleep_time,asleepduration,lightsleepduration,remsleepduration," +
		"deepsleepduration,sleep_efficiency,sleep_latency,wakeup_latency,wakeupduration,wakeupcount,waso,nb_rem_episodes," +
		"breathing_disturbances_intensity,apnea_hypopnea_index,withings_index,durationtosleep,durationtowakeup," +
		"out_of_bed_count,hr_average,hr_min,hr_max,rr_average,rr_min,rr_max,breathing_quality_assessment,snoring," +
		"snoringepisodecount,sleep_score,night_events,mvt_score_avg,mvt_active_duration,rmssd_start_avg,rmssd_end_avg," +
		"chest_movement_rate_wellness_average,chest_movement_rate_wellness_min,chest_movement_rate_wellness_max," +
		"breathing_sounds,breathing_sounds_episode_count,chest_movement_rate_average,chest_movement_rate_min," +
		"chest_movement_rate_max,core_body_temperature_min,core_body_temperature_max,core_body_temperature_avg," +
		"core_body_temperature_status"
)

// TestResponsesCarrySeedFields checks that the simulator's answers, taken
// over several people (who own different devices), contain every field of
// the seed's sample except the documented ones, and keeps person 0's
// answers as golden files (go test -update rewrites them).
func TestResponsesCarrySeedFields(t *testing.T) {
	t.Parallel()
	hook := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	t.Cleanup(hook.Close)
	b := setup(t, setupOpts{users: 6, days: 20, seed: 10})
	tokens := make([]string, 6)
	for i := range tokens {
		tokens[i] = b.token(t, i)
		b.post(t, withings.RouteNotify, tokens[i], form("action", "subscribe", "callbackurl", hook.URL, "appli", "4", "comment", "sim"))
	}
	for _, tc := range fieldCases(hook.URL) {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			seedRaw, err := os.ReadFile(filepath.Join("testdata", "seed", tc.seed))
			require.NoError(t, err)
			got := map[string]bool{}
			for i, tok := range tokens {
				raw := b.post(t, tc.path, tok, tc.form(b, i))
				require.Equal(t, 0, status(t, raw), string(raw))
				for _, p := range keyPaths(t, raw) {
					got[p] = true
				}
				if i == 0 && tc.golden {
					checkGolden(t, tc.name, raw)
				}
			}
			var absent []string
			for _, p := range keyPaths(t, seedRaw) {
				if !got[p] && !slices.Contains(tc.missing, p) {
					absent = append(absent, p)
				}
			}
			require.Empty(t, absent, "seed fields missing from the simulator's answers")
		})
	}
}

// checkGolden compares raw (indented) with testdata/golden/<name>.json.
func checkGolden(t *testing.T, name string, raw []byte) {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, json.Indent(&buf, raw, "", " "))
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create the golden file")
	require.Equal(t, string(want), buf.String())
}
