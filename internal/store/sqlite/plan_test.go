package sqlite

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// TestEventListPlans pins the query plans of the event routes' reads: a
// range scan of events_user_time_idx bounded on both sides of start_time
// (the lower bound from events_user_span_idx), never a scan of the user's
// whole history.
func TestEventListPlans(t *testing.T) {
	t.Parallel()
	s := planStore(t)
	end := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	q := store.EventQuery{UserID: "u", Category: domain.CategorySleep, Start: end.AddDate(0, 0, -30), End: end,
		Page: store.Page{Limit: 51, Desc: true}}
	tests := []struct {
		name  string
		count bool
		want  []string
	}{
		{name: "Count", count: true, want: []string{
			"SEARCH e USING INDEX events_user_time_idx (user_id=? AND category=? AND start_time>? AND start_time<?)",
			"SEARCH x USING COVERING INDEX events_user_span_idx (user_id=? AND category=?)"}},
		{name: "List", want: []string{
			"SEARCH e USING INDEX events_user_time_idx (user_id=? AND category=? AND start_time>? AND start_time<?)",
			"SEARCH x USING COVERING INDEX events_user_span_idx (user_id=? AND category=?)"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			sq, _ := engine.EventsQuery(dialect(), q, tc.count)
			query, args := sq.SQL()
			joined := explain(t, s, query, args...)
			for _, w := range tc.want {
				require.Contains(t, joined, w)
			}
			require.NotContains(t, joined, "TEMP B-TREE", "no sort: the index gives the order")
		})
	}
}

// TestSummaryMetricsPlan pins the activity route's read: a range scan of
// daily_summaries_user_date_idx per kind, already in the order asked.
func TestSummaryMetricsPlan(t *testing.T) {
	t.Parallel()
	joined := explain(t, planStore(t), engine.SummaryMetricsSQL(2), "u", "activity", "cycle", "2025-01-01", "2026-01-01", 400)
	require.Contains(t, joined, "SEARCH daily_summaries USING INDEX daily_summaries_user_date_idx (user_id=? AND kind=? AND date>? AND date<?)")
	require.NotContains(t, joined, "TEMP B-TREE", "no sort: the index gives the order")
}

// planStore is a migrated, empty store for reading query plans.
func planStore(t *testing.T) *Store {
	t.Helper()
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	require.NoError(t, err)
	s, err := Open(t.Context(), Options{Path: t.TempDir() + "/plan.db", Box: box})
	require.NoError(t, err)
	t.Cleanup(func() { _ = s.Close() })
	require.NoError(t, s.Migrate(t.Context()))
	return s
}

// explain returns SQLite's query plan for query, a line per step.
func explain(t *testing.T, s *Store, query string, args ...any) string {
	t.Helper()
	rows, err := s.be.r.QueryContext(t.Context(), "EXPLAIN QUERY PLAN "+query, args...)
	require.NoError(t, err)
	defer rows.Close()
	var plan []string
	for rows.Next() {
		var id, parent, notused int
		var detail string
		require.NoError(t, rows.Scan(&id, &parent, &notused, &detail))
		plan = append(plan, detail)
	}
	require.NoError(t, rows.Err())
	return strings.Join(plan, "\n")
}
