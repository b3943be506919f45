package api

import (
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestFiltersSelectWhatTheyName checks what the Open Wearables 0.9.0
// filters keep, not only that they change the answer (the parameter walk
// does that): every record served matches the filter.
func TestFiltersSelectWhatTheyName(t *testing.T) {
	t.Parallel()
	w := newParamWorld(t)
	type row struct {
		Type   string `json:"type"`
		IsNap  bool   `json:"is_nap"`
		Source struct {
			Provider string  `json:"provider"`
			Device   *string `json:"device"`
		} `json:"source"`
	}
	tests := []struct {
		name string
		path string
		want func(r row) bool
		n    int
	}{
		{"SleepProvider", sleepQ + "&provider=oura", func(r row) bool { return r.Source.Provider == "oura" }, 4},
		{"SleepSource", sleepQ + "&source=whoop", func(r row) bool { return r.Source.Provider == "whoop" }, 3},
		{"SleepDevice", sleepQ + "&device_model=WHOOP%205.0", func(r row) bool { return *r.Source.Device == "WHOOP 5.0" }, 3},
		{"SleepDataSource", sleepQ + "&data_source_id={ring}", func(r row) bool { return r.Source.Provider == "oura" }, 4},
		{"Naps", sleepQ + "&is_nap=true", func(r row) bool { return r.IsNap }, 1},
		{"MainSleeps", sleepQ + "&is_nap=false", func(r row) bool { return !r.IsNap }, 6},
		{"NapsOfTheBand", sleepQ + "&is_nap=true&provider=whoop", nil, 0},
		{"SourcesOfAnotherUser", sleepQ + "&data_source_id=0199a5c4-0000-7000-8000-000000000000", nil, 0},
		{"ExactType", workoutQ + "&type=running", func(r row) bool { return r.Type == "running" }, 2},
		{"ExactTypeIsNotASubstring", workoutQ + "&type=runn", nil, 0},
		{"RecordTypeIsASubstring", workoutQ + "&record_type=RUN", func(r row) bool { return slices.Contains([]string{"running", "trail_running"}, r.Type) }, 3},
		{"WorkoutProvider", workoutQ + "&provider=oura", func(r row) bool { return r.Type == "trail_running" }, 1},
		{"SeriesProvider", seriesQ + "&provider=withings", func(r row) bool { return r.Type == "weight" && r.Source.Provider == "withings" }, 1},
		{"SeriesDevice", seriesQ + "&device_model=WHOOP%205.0&limit=1000", func(r row) bool { return r.Source.Provider == "whoop" }, 301},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := w.do(t, http.MethodGet, w.names.Replace(tt.path[len("GET "):]), nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			var page struct {
				Data       []row `json:"data"`
				Pagination struct {
					TotalCount *int `json:"total_count"`
				} `json:"pagination"`
			}
			res.json(t, &page)
			require.Len(t, page.Data, tt.n, string(res.Body))
			for _, r := range page.Data {
				require.True(t, tt.want(r), "%+v", r)
			}
			if page.Pagination.TotalCount != nil {
				require.Equal(t, tt.n, *page.Pagination.TotalCount, "the count applies the filter too")
			}
		})
	}
}

// TestUserListFilters checks the user list's connection filters and
// include=connections through the route.
func TestUserListFilters(t *testing.T) {
	t.Parallel()
	w := newParamWorld(t)
	names := func(q string) []string {
		t.Helper()
		res := w.do(t, http.MethodGet, "/api/v1/users?sort_by=name&sort_order=asc&"+q, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var page struct {
			Items []struct {
				FirstName *string `json:"first_name"`
			} `json:"items"`
			Total int `json:"total"`
		}
		res.json(t, &page)
		out := []string{}
		for _, u := range page.Items {
			out = append(out, deref(u.FirstName, "-"))
		}
		require.Equal(t, len(out), page.Total)
		return out
	}
	require.Equal(t, []string{"Ann", "Bob", "Fix"}, names(""), "by name")
	require.Equal(t, []string{"Ann", "Fix"}, names("provider=oura&provider=whoop"))
	require.Equal(t, []string{"Fix"}, names("provider=whoop"))
	require.Equal(t, []string{"Ann"}, names("connection_status=revoked"))
	require.Equal(t, []string{"Fix"}, names("has_active_connection=true"))
	require.Equal(t, []string{"Ann", "Bob"}, names("has_active_connection=false"))
	require.Equal(t, []string{"Ann"}, names("last_synced_before=2025-02-01T00:00:00"))
	require.Equal(t, []string{"Ann", "Fix"}, names("last_synced_before=2026-01-01"))

	res := w.do(t, http.MethodGet, "/api/v1/users?provider=whoop&include=connections", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var page struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	res.json(t, &page)
	require.JSONEq(t, `[{"provider":"whoop","status":"active","last_synced_at":"2025-03-05T00:00:00Z"}]`, string(page.Items[0]["connections"]))
	res = w.do(t, http.MethodGet, "/api/v1/users?search=bob&include=connections", nil)
	page.Items = nil
	res.json(t, &page)
	require.JSONEq(t, `[]`, string(page.Items[0]["connections"]), "a user without connections has an empty list")
	res = w.do(t, http.MethodGet, "/api/v1/users/"+w.f.user.ID+"?include=connections", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var one map[string]json.RawMessage
	res.json(t, &one)
	require.JSONEq(t, `[{"provider":"whoop","status":"active","last_synced_at":"2025-03-05T00:00:00Z"}]`, string(one["connections"]))
	res = w.do(t, http.MethodGet, "/api/v1/users?provider=whoop", nil)
	var plain struct {
		Items []map[string]json.RawMessage `json:"items"`
	}
	res.json(t, &plain)
	require.NotContains(t, plain.Items[0], "connections", "only include=connections embeds them")
}

// TestUnknownValuesAreRefusedNamingTheAllowedOnes: a provider or raw data
// type wearhouse does not have is an error naming the value and the
// values it accepts, never an empty 200 that looks like "no data yet".
func TestUnknownValuesAreRefusedNamingTheAllowedOnes(t *testing.T) {
	t.Parallel()
	w := newParamWorld(t)
	u := "/api/v1/users/" + w.f.user.ID
	tests := []struct {
		name   string
		path   string
		status int
		says   []string
	}{
		{"ScoreProvider", u + "/health-scores?provider=fitbit", 400, []string{`"provider"`, `"fitbit"`, "whoop", "oura", "withings"}},
		{"SleepProvider", u + "/events/sleep?start_date=2025-03-01&end_date=2025-03-02&provider=garmin", 400, []string{`"garmin"`, "withings"}},
		{"UserProvider", "/api/v1/users?provider=polar", 400, []string{`"polar"`, "whoop"}},
		{"RunProvider", "/api/v1/sync/runs?provider=fitbit", 400, []string{`"fitbit"`, "oura"}},
		{"ConnectionStatus", "/api/v1/users?connection_status=lapsed", 400, []string{`"lapsed"`, "active", "revoked", "expired"}},
		{"RawProvider", u + "/raw/fitbit/sleep", 400, []string{`"fitbit"`, "whoop"}},
		{"RawDataType", u + "/raw/whoop/nonexistent", 404, []string{`"nonexistent"`, "whoop", "cycle", "recovery", "sleep_stream"}},
		{"RawDataTypeOfAnotherProvider", u + "/raw/oura/cycle", 404, []string{`"cycle"`, "daily_readiness"}},
		{"SyncDataType", "/api/v1/providers/whoop/users/" + w.f.user.ID + "/sync?data_type=workouts", 400, []string{"data_type", `"workouts"`, "all"}},
		{"UndeclaredParameter", u + "/events/sleep?start_date=2025-03-01&end_date=2025-03-02&units=metric", 400,
			[]string{`unknown parameter "units"`, "filter_by_priority", "is_nap"}},
		{"NoQueryParameters", u + "/data-sources?include=connections", 400, []string{`unknown parameter "include"`, "takes no query parameters"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if tt.name == "SyncDataType" {
				method = http.MethodPost
			}
			res := w.do(t, method, tt.path, nil)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			d := res.detail(t)
			for _, s := range tt.says {
				require.Contains(t, d, s)
			}
		})
	}
	res := w.do(t, http.MethodGet, u+"/raw/whoop/sleep", nil)
	require.Equal(t, http.StatusOK, res.Status, "a known data type is served")

	// Provider-facing routes take the parameters providers add.
	res = w.do(t, http.MethodGet, "/api/v1/oauth/whoop/callback?state=unknown&code=c&scope=read:sleep", nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.NotContains(t, res.detail(t), "unknown parameter")
}
