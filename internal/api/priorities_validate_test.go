package api

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Priorities for a provider nothing ranks, or scoped to a metric nothing
// is ranked by, would be stored and never apply: they are refused.
func TestPriorityRejectsUnknownProviderAndScope(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := "/api/v1/users/" + createUser(t, b, map[string]any{"first_name": "Ada"}).Id.String() + "/priorities"
	body := map[string]any{"priority": 1}
	tests := []struct {
		name, method, path string
		status             int
		detail             []string
	}{
		{"GlobalUnknown", http.MethodPut, "/api/v1/priorities/providers/fitbit", http.StatusBadRequest,
			[]string{`parameter "provider"`, `"fitbit"`, "allowed: apple, garmin, polar, suunto, whoop, oura, withings"}},
		{"UserUnknown", http.MethodPut, u + "/providers/fitbit", http.StatusBadRequest, []string{`parameter "provider"`, `"fitbit"`}},
		{"ProviderScopeUnknown", http.MethodPut, u + "/providers/oura?scope=banana", http.StatusBadRequest,
			[]string{`parameter "scope"`, `"banana"`, "sleep", "steps", "weight", "heart_rate"}},
		{"DeviceScopeUnknown", http.MethodPut, u + "/device-types/ring?scope=banana", http.StatusBadRequest, []string{`parameter "scope"`}},
		{"GlobalKnown", http.MethodPut, "/api/v1/priorities/providers/garmin", http.StatusOK, nil},
		{"ScopeSeriesType", http.MethodPut, u + "/providers/oura?scope=weight", http.StatusOK, nil},
		{"ScopeRecord", http.MethodPut, u + "/providers/oura?scope=sleep", http.StatusOK, nil},
		{"ScopeSummaryMetric", http.MethodPut, u + "/device-types/ring?scope=total_energy_kcal", http.StatusOK, nil},
		{"ScopeEmpty", http.MethodPut, u + "/providers/whoop", http.StatusOK, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := b.do(t, tt.method, tt.path, body)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status != http.StatusOK {
				d := res.detail(t)
				for _, want := range tt.detail {
					require.Contains(t, d, want)
				}
			}
		})
	}
	t.Cleanup(func() {
		g, err := b.store.GlobalPriorities(context.Background())
		require.NoError(t, err)
		require.Len(t, g.Providers, 1, "only garmin was stored")
	})
}
