package api

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPriorityRoutesChangeWhatIsServed(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 3)
		u := "/api/v1/users/" + f.user.ID
		q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-04"}}

		var list wirePriorityList
		b.do(t, http.MethodGet, "/api/v1/priorities/providers", nil).json(t, &list)
		require.Equal(t, "apple", list.Items[0].Name)
		require.True(t, list.Items[0].IsDefault)

		// By default WHOOP outranks Oura for total calories.
		require.Equal(t, "whoop", getPage[wireActivity](t, b, u+"/summaries/activity", q).Data[0].MetricSources["total_energy_kcal"])

		// A global change: Oura first.
		res := b.do(t, http.MethodPut, "/api/v1/priorities/providers/oura", map[string]any{"priority": 1})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		require.Equal(t, "oura", getPage[wireActivity](t, b, u+"/summaries/activity", q).Data[0].MetricSources["total_energy_kcal"])

		// A per-user, per-metric override wins over the global order.
		res = b.do(t, http.MethodPut, u+"/priorities/providers/whoop?scope=total_energy_kcal", map[string]any{"priority": 1})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		day := getPage[wireActivity](t, b, u+"/summaries/activity", q).Data[0]
		require.Equal(t, "whoop", day.MetricSources["total_energy_kcal"])
		require.Equal(t, "oura", day.MetricSources["steps"])

		var mine struct {
			Providers []wirePriority `json:"providers"`
		}
		b.do(t, http.MethodGet, u+"/priorities", nil).json(t, &mine)
		require.Len(t, mine.Providers, 1)
		require.Equal(t, "total_energy_kcal", mine.Providers[0].Scope)

		require.Equal(t, http.StatusNoContent, b.do(t, http.MethodDelete, u+"/priorities/providers/whoop?scope=total_energy_kcal", nil).Status)
		require.Equal(t, http.StatusNotFound, b.do(t, http.MethodDelete, u+"/priorities/providers/whoop?scope=total_energy_kcal", nil).Status)
		require.Equal(t, http.StatusNoContent, b.do(t, http.MethodDelete, "/api/v1/priorities/providers/oura", nil).Status)
		require.Equal(t, "whoop", getPage[wireActivity](t, b, u+"/summaries/activity", q).Data[0].MetricSources["total_energy_kcal"])

		for _, bad := range []struct{ path, body string }{
			{"/api/v1/priorities/providers/oura", `{"priority":0}`},
			{"/api/v1/priorities/providers/oura", `{"priority":"high"}`},
			{"/api/v1/priorities/device-types/toaster", `{"priority":3}`},
			{u + "/priorities/providers/oura?scope=Bad%20Scope", `{"priority":3}`},
		} {
			res := b.do(t, http.MethodPut, bad.path, bad.body)
			require.Equal(t, http.StatusBadRequest, res.Status, bad.path+" "+string(res.Body))
		}
	})
}

func TestDataSummary(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 4)
		res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/summaries/data", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var got struct {
			Total    int64            `json:"total_data_points"`
			Workouts int64            `json:"total_workouts"`
			Sleeps   int64            `json:"total_sleep_events"`
			Series   map[string]int64 `json:"series_type_counts"`
			ByProv   []wireProviderCounts
		}
		res.json(t, &got)
		require.Equal(t, int64(7200+1+1), got.Total)
		require.Equal(t, int64(7200), got.Series["heart_rate"])
		require.Equal(t, int64(2), got.Workouts)
		require.Equal(t, int64(8), got.Sleeps)
	})
}
