package api

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// TestWorkoutTypesAndMenstrualCycles: the workout types a user has, and
// the menstrual cycle routes, empty with 0.9.0's validation.
func TestWorkoutTypesAndMenstrualCycles(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 3)
		trail := f.workout[0]
		trail.ID, trail.ProviderRecordID, trail.Type, trail.DataSourceID = uuid.Must(uuid.NewV7()).String(), "trail", "trail_running", f.ring.ID
		untyped := trail
		untyped.ID, untyped.ProviderRecordID, untyped.Type = uuid.Must(uuid.NewV7()).String(), "untyped", ""
		_, err := b.store.UpsertEvents(context.Background(), []domain.Event{trail, untyped})
		require.NoError(t, err)
		base := "/api/v1/users/" + f.user.ID

		res := b.do(t, http.MethodGet, base+"/events/workouts/types", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		require.JSONEq(t, `["running","trail_running","unknown"]`, string(res.Body))
		other, err := b.store.CreateUser(context.Background(), domain.User{})
		require.NoError(t, err)
		res = b.do(t, http.MethodGet, "/api/v1/users/"+other.ID+"/events/workouts/types", nil)
		require.JSONEq(t, `[]`, string(res.Body))
		res = b.do(t, http.MethodGet, "/api/v1/users/"+uuid.NewString()+"/events/workouts/types", nil)
		require.Equal(t, http.StatusNotFound, res.Status)

		res = b.do(t, http.MethodGet, base+"/events/menstrual-cycles?start_date=2025-03-01&end_date=2025-03-03&provider=oura&limit=1000", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var page struct {
			Data       []any          `json:"data"`
			Pagination map[string]any `json:"pagination"`
			Metadata   map[string]any `json:"metadata"`
		}
		res.json(t, &page)
		require.Empty(t, page.Data)
		require.Equal(t, false, page.Pagination["has_more"])
		require.Equal(t, "2025-03-01T00:00:00Z", page.Metadata["start_time"])
		require.Equal(t, "2025-03-04T00:00:00Z", page.Metadata["end_time"], "a date-only end covers its day")
		for q, param := range map[string]string{
			"?end_date=2025-03-03":                                        "start_date",
			"?start_date=2025-03-01&end_date=2025-03-03&limit=0":          "limit",
			"?start_date=2025-03-01&end_date=2025-03-03&cursor=x":         "cursor",
			"?start_date=2025-03-01&end_date=2025-03-03&data_source_id=x": "data_source_id",
		} {
			res = b.do(t, http.MethodGet, base+"/events/menstrual-cycles"+q, nil)
			require.Equal(t, http.StatusBadRequest, res.Status, q)
			require.Contains(t, res.detail(t), param, q)
		}
		res = b.do(t, http.MethodDelete, base+"/events/menstrual-cycles/"+uuid.NewString(), nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}

// TestDataTimeline: data points per day and week, by provider, series
// type and workout type, on the data fixture.
func TestDataTimeline(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 3) // 2025-03-01 is a Saturday
		base := "/api/v1/users/" + f.user.ID + "/summaries/data/timeline"
		get := func(q string) string {
			t.Helper()
			res := b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			return string(res.Body)
		}
		// Oura: 7200 heart-rate samples and a night on day 0, a night on
		// days 1 and 2; WHOOP: resting heart rate, a night and a run on
		// day 0, a night on day 1, a night and a run on day 2; Withings:
		// one weight.
		require.JSONEq(t, `{"bucket":"day","group_by":"provider","series":[
			{"key":"oura","metric":"data_points","buckets":[["2025-03-01",7201],["2025-03-02",1],["2025-03-03",1]]},
			{"key":"whoop","metric":"data_points","buckets":[["2025-03-01",3],["2025-03-02",1],["2025-03-03",2]]},
			{"key":"withings","metric":"data_points","buckets":[["2025-03-01",1]]}]}`, get(""))
		require.JSONEq(t, `{"bucket":"week","group_by":"provider","series":[
			{"key":"oura","metric":"data_points","buckets":[["2025-02-24",7202],["2025-03-03",1]]},
			{"key":"whoop","metric":"data_points","buckets":[["2025-02-24",4],["2025-03-03",2]]},
			{"key":"withings","metric":"data_points","buckets":[["2025-02-24",1]]}]}`, get("?bucket=week"))
		require.JSONEq(t, `{"bucket":"day","group_by":"series_type","series":[
			{"key":"heart_rate","metric":"data_points","buckets":[["2025-03-01",7200]]},
			{"key":"resting_heart_rate","metric":"data_points","buckets":[["2025-03-01",1]]},
			{"key":"weight","metric":"data_points","buckets":[["2025-03-01",1]]}]}`, get("?group_by=series_type"))
		require.JSONEq(t, `{"bucket":"day","group_by":"workout_type","series":[
			{"key":"running","metric":"workouts","buckets":[["2025-03-01",1],["2025-03-03",1]]}]}`, get("?group_by=workout_type"))
		require.JSONEq(t, `{"bucket":"day","group_by":"provider","series":[
			{"key":"whoop","metric":"data_points","buckets":[["2025-03-02",1]]}]}`, get("?provider=whoop&start_date=2025-03-02&end_date=2025-03-02"))
		require.JSONEq(t, `{"bucket":"day","group_by":"provider","series":[]}`, get("?start_date=2026-01-01"))

		for q, param := range map[string]string{"?bucket=month": "bucket", "?group_by=source": "group_by", "?start_date=x": "start_date",
			"?provider=garmin": "provider"} {
			res := b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusBadRequest, res.Status, q)
			require.Contains(t, res.detail(t), param, q)
		}
		res := b.do(t, http.MethodGet, base+"?start_date=2025-03-03&end_date=2025-03-01", nil)
		require.Equal(t, http.StatusBadRequest, res.Status)
		res = b.do(t, http.MethodGet, "/api/v1/users/"+uuid.NewString()+"/summaries/data/timeline", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}

// TestOAuthLandingPagesAndProbes: 0.9.0's success and error pages and
// the HEAD probes of the callback and webhook receivers.
func TestOAuthLandingPagesAndProbes(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	res := b.doWith(t, http.MethodGet, "/api/v1/oauth/success?provider=whoop&user_id="+b.user, nil, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.JSONEq(t, `{"status":"success","message":"Connected whoop for user `+b.user+`","provider":"whoop","user_id":"`+b.user+`"}`, string(res.Body))
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/success?provider=whoop", nil, nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.detail(t), "user_id")
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/error", nil, nil)
	require.JSONEq(t, `{"status":"error","message":"OAuth authentication failed"}`, string(res.Body))
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/error?message=access_denied", nil, nil)
	require.JSONEq(t, `{"status":"error","message":"access_denied"}`, string(res.Body))

	for _, path := range []string{"/api/v1/oauth/whoop/callback", "/api/v1/providers/whoop/webhooks"} {
		res = b.doWith(t, http.MethodHead, path+"?probe=1", nil, nil)
		require.Equal(t, http.StatusOK, res.Status, path)
		require.Empty(t, res.Body)
		res = b.doWith(t, http.MethodHead, "/api/v1/oauth/garmin/callback", nil, nil)
		require.Equal(t, http.StatusNotFound, res.Status, path)
	}
}

// TestProviderIcons: every icon_url of the provider list is served.
func TestProviderIcons(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	res := b.doWith(t, http.MethodGet, "/api/v1/oauth/providers", nil, nil)
	var ps []struct {
		Name    string `json:"name"`
		IconURL string `json:"icon_url"`
	}
	res.json(t, &ps)
	require.Len(t, ps, 3)
	for _, p := range ps {
		res = b.doWith(t, http.MethodGet, p.IconURL, nil, nil)
		require.Equal(t, http.StatusOK, res.Status, p.IconURL)
		require.Equal(t, "image/svg+xml", res.Header.Get("Content-Type"))
		require.Contains(t, string(res.Body), `aria-label="`+p.Name+`"`)
	}
	for _, path := range []string{"/static/provider-icons/garmin.svg", "/static/provider-icons/whoop.png"} {
		res = b.doWith(t, http.MethodGet, path, nil, nil)
		require.Equal(t, http.StatusNotFound, res.Status, path)
	}
}

// TestZeroNineShapesOfUsersConnectionsAndRuns: 0.9.0's UserDetailRead
// flag, the capability fields of a connection and the progress fields of
// a run summary, with the runs' source filter.
func TestZeroNineShapesOfUsersConnectionsAndRuns(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	res := b.do(t, http.MethodGet, "/api/v1/users/"+b.user, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var u map[string]any
	res.json(t, &u)
	require.Equal(t, false, u["has_womens_health_data"])

	res = b.do(t, http.MethodGet, "/api/v1/users/"+b.user+"/connections", nil)
	var conns []map[string]any
	res.json(t, &conns)
	require.Len(t, conns, 1)
	require.Equal(t, map[string]any{"icon_url": "/static/provider-icons/whoop.svg", "live_sync_mode": "webhook", "rest_pull": true,
		"webhook_callback": true, "webhook_ping": true, "webhook_stream": false, "max_historical_days": 365.0, "linked_user_ids": []any{}},
		pick(conns[0], "icon_url", "live_sync_mode", "rest_pull", "webhook_callback", "webhook_ping", "webhook_stream", "max_historical_days", "linked_user_ids"))

	ctx := context.Background()
	running, err := b.store.CreateSyncRun(ctx, domain.SyncRun{UserID: b.user, Provider: domain.ProviderWHOOP, Source: "webhook"})
	require.NoError(t, err)
	done, err := b.store.CreateSyncRun(ctx, domain.SyncRun{UserID: b.user, Provider: domain.ProviderWHOOP, Source: "backfill",
		StartedAt: running.StartedAt.Add(-time.Hour)})
	require.NoError(t, err)
	end := done.StartedAt.Add(time.Minute)
	done.Status, done.Fetched, done.EndedAt = domain.SyncFailed, 7, &end
	require.NoError(t, b.store.FinishSyncRun(ctx, done))
	res = b.do(t, http.MethodGet, "/api/v1/sync/runs?user_id="+b.user, nil)
	var runs []map[string]any
	res.json(t, &runs)
	require.Len(t, runs, 2)
	keys := []string{"run_id", "stage", "progress", "items_processed", "last_update"}
	require.Equal(t, map[string]any{"run_id": running.ID, "stage": "fetching", "progress": nil, "items_processed": 0.0,
		"last_update": running.StartedAt.UTC().Format(time.RFC3339Nano)}, pick(runs[0], keys...))
	require.Equal(t, map[string]any{"run_id": done.ID, "stage": "failed", "progress": 1.0, "items_processed": 7.0,
		"last_update": end.UTC().Format(time.RFC3339Nano)}, pick(runs[1], keys...))
	res = b.do(t, http.MethodGet, "/api/v1/sync/runs?source=backfill", nil)
	res.json(t, &runs)
	require.Len(t, runs, 1)
	require.Equal(t, done.ID, runs[0]["id"])
	res = b.do(t, http.MethodGet, "/api/v1/sync/runs?source=sdk", nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.detail(t), "source")
}

// TestWorkoutDetailsAndZones: 0.9.0's workout fields from the normalized
// workout, and hr_zones only with include=zones.
func TestWorkoutDetailsAndZones(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 1)
		w := f.workout[0]
		w.ID, w.ProviderRecordID = uuid.Must(uuid.NewV7()).String(), "detailed"
		w.Workout = &domain.WorkoutDetails{DistanceMeters: ptr(9000.0), MinHeartRate: ptr(88.6), Steps: ptr(int64(7400)), MovingSeconds: ptr(int64(2250)),
			Intensity: ptr("hard"), HRZones: []domain.HRZone{{Zone: 1, Seconds: 300}, {Zone: 4, Seconds: 900}}}
		_, err := b.store.UpsertEvents(context.Background(), []domain.Event{w})
		require.NoError(t, err)
		get := func(q string) map[string]any {
			t.Helper()
			res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/events/workouts?start_date=2025-03-01&end_date=2025-03-01"+q, nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			var page struct {
				Data []map[string]any `json:"data"`
			}
			res.json(t, &page)
			for _, d := range page.Data {
				if d["id"] == w.ID {
					return d
				}
			}
			t.Fatalf("workout %s not served", w.ID)
			return nil
		}
		got := get("")
		require.Equal(t, map[string]any{"heart_rate_min": 89.0, "steps_count": 7400.0, "moving_time_seconds": 2250.0, "intensity": "high",
			"average_speed": 4.0, "hr_zones": nil, "power_zones": nil, "segments": nil, "entry_source": nil},
			pick(got, "heart_rate_min", "steps_count", "moving_time_seconds", "intensity", "average_speed", "hr_zones", "power_zones", "segments", "entry_source"))
		got = get("&include=zones")
		require.Equal(t, map[string]any{"max_hr": nil, "threshold_hr": nil, "zones": []any{
			map[string]any{"zone": 1.0, "seconds": 300.0, "max_bpm": nil}, map[string]any{"zone": 4.0, "seconds": 900.0, "max_bpm": nil}}}, got["hr_zones"])
		require.Nil(t, get("&include=segments")["hr_zones"])
		res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/events/workouts?start_date=2025-03-01&end_date=2025-03-01&include=laps", nil)
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "include")
	})
}

// TestExpiredConnectionStatusMatchesNoOne: 0.9.0's `expired` is accepted
// and applied; wearhouse never marks a connection expired.
func TestExpiredConnectionStatusMatchesNoOne(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	var page struct {
		Items []map[string]any `json:"items"`
	}
	b.do(t, http.MethodGet, "/api/v1/users?connection_status=active", nil).json(t, &page)
	require.Len(t, page.Items, 1)
	res := b.do(t, http.MethodGet, "/api/v1/users?connection_status=expired", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	res.json(t, &page)
	require.Empty(t, page.Items)
}

// TestBodySummaryAlwaysNamesItsSource: a summary made only of averages
// names the source of those averages; with no value in any window the
// answer is null, as in Open Wearables, never a summary without source.
func TestBodySummaryAlwaysNamesItsSource(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		day0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		b := setupWithClock(t, st, func() time.Time { return day0.Add(48 * time.Hour) })
		ctx := context.Background()
		u, err := st.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		band := dataSource(t, b, u.ID, domain.ProviderWHOOP, domain.DeviceBand, "WHOOP 5.0")
		_, err = st.WriteSamples(ctx, u.ID, band.ID, 2, []timeseries.Sample{{T: day0.Add(7 * time.Hour).UnixMilli(), V: 52}}) // resting_heart_rate
		require.NoError(t, err)
		res := b.do(t, http.MethodGet, "/api/v1/users/"+u.ID+"/summaries/body", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var body struct {
			Source   map[string]any `json:"source"`
			Averaged map[string]any `json:"averaged"`
		}
		res.json(t, &body)
		require.Equal(t, "whoop", body.Source["provider"])
		require.Equal(t, 52.0, body.Averaged["resting_heart_rate_bpm"])

		res = b.do(t, http.MethodGet, "/api/v1/users/"+u.ID+"/summaries/body?average_period=1", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		require.Equal(t, "null", strings.TrimSpace(string(res.Body)), "the only value is outside every window")
	})
}
