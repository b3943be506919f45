package api

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// syncHistory is a user with a finished backfill (two data types with
// covered windows) and a pull in progress (one type started).
type syncHistory struct {
	user           domain.User
	backfill, pull domain.SyncRun
	day0           time.Time
}

func newSyncHistory(t *testing.T, b *testBundle) syncHistory {
	t.Helper()
	ctx := context.Background()
	u, err := b.store.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	h := syncHistory{user: u, day0: time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)}
	h.backfill, err = b.store.CreateSyncRun(ctx, domain.SyncRun{UserID: u.ID, Provider: domain.ProviderWHOOP, Source: "backfill", StartedAt: h.day0.Add(time.Hour)})
	require.NoError(t, err)
	put := func(d domain.SyncRunDataType) { require.NoError(t, b.store.PutSyncRunDataType(ctx, d)) }
	from, to := h.day0.AddDate(0, 0, -90), h.day0
	put(domain.SyncRunDataType{RunID: h.backfill.ID, DataType: "profile", Position: 0, Status: domain.SyncSuccess, Attempts: 1, Fetched: 1, Stored: 1})
	put(domain.SyncRunDataType{RunID: h.backfill.ID, DataType: "sleep", Position: 1, Status: domain.SyncSuccess, Attempts: 1, Fetched: 90, Stored: 88,
		Updated: 2, CoveredStart: &from, CoveredEnd: &to})
	end := h.day0.Add(time.Hour + 3*time.Minute)
	h.backfill.Status, h.backfill.Fetched, h.backfill.Stored, h.backfill.Updated, h.backfill.EndedAt = domain.SyncSuccess, 91, 89, 2, &end
	require.NoError(t, b.store.FinishSyncRun(ctx, h.backfill))
	h.pull, err = b.store.CreateSyncRun(ctx, domain.SyncRun{UserID: u.ID, Provider: domain.ProviderWHOOP, Source: "manual", StartedAt: h.day0.Add(2 * time.Hour)})
	require.NoError(t, err)
	put(domain.SyncRunDataType{RunID: h.pull.ID, DataType: "profile", Position: 0, Status: domain.SyncRunning, Attempts: 1})
	return h
}

// TestSyncHistory: the stored runs in 0.9.0's shapes, their filters and
// the per-data-type breakdown.
func TestSyncHistory(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		h := newSyncHistory(t, b)
		base := "/api/v1/users/" + h.user.ID + "/sync/history"
		keys := func(q string) []string {
			t.Helper()
			res := b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			var runs []struct {
				RunKey string `json:"run_key"`
			}
			res.json(t, &runs)
			out := []string{}
			for _, r := range runs {
				out = append(out, r.RunKey)
			}
			return out
		}
		both := []string{h.pull.ID, h.backfill.ID}
		require.Equal(t, both, keys(""))
		require.Equal(t, both[:1], keys("?limit=1"))
		require.Equal(t, []string{h.backfill.ID}, keys("?scope=historical"))
		require.Equal(t, []string{h.pull.ID}, keys("?scope=live"))
		require.Equal(t, []string{h.pull.ID}, keys("?since=2025-03-01T01:30:00Z"))
		require.Empty(t, keys("?provider=oura"))
		require.Equal(t, []string{h.backfill.ID}, keys("?covered_from=2025-01-01&covered_to=2025-01-31"), "only the backfill covered a window")
		require.Empty(t, keys("?covered_from=2025-03-02"))

		res := b.do(t, http.MethodGet, base, nil)
		var runs []map[string]any
		res.json(t, &runs)
		require.Equal(t, map[string]any{"run_key": h.backfill.ID, "user_id": h.user.ID, "provider": "whoop", "source": "backfill",
			"scope": "historical", "status": "success", "started_at": "2025-03-01T01:00:00Z", "ended_at": "2025-03-01T01:03:00Z",
			"error": nil, "trace_id": nil, "window_start": "2024-12-01T00:00:00Z", "window_end": "2025-03-01T00:00:00Z",
			"items_inserted": 89.0, "items_updated": 2.0, "items_fetched": 91.0, "items_deleted": 0.0, "wearhouse_status": "success"}, runs[1])
		require.Equal(t, "pull", runs[0]["source"], "a manual sync is a pull")
		require.Equal(t, "in_progress", runs[0]["status"])

		res = b.do(t, http.MethodGet, "/api/v1/sync/history/"+h.backfill.ID, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var detail struct {
			RunKey    string           `json:"run_key"`
			DataTypes []map[string]any `json:"data_types"`
		}
		res.json(t, &detail)
		require.Equal(t, h.backfill.ID, detail.RunKey)
		require.Len(t, detail.DataTypes, 2)
		require.Equal(t, map[string]any{"data_type": "sleep", "kind": "task", "status": "success", "attempt": 1.0, "items_inserted": 88.0,
			"items_updated": 2.0, "items_fetched": 90.0, "items_deleted": 0.0, "covered_start": "2024-12-01T00:00:00Z",
			"covered_end": "2025-03-01T00:00:00Z", "error": nil, "error_code": nil, "native_type": "sleep", "reported_records": nil}, detail.DataTypes[1])
		res = b.do(t, http.MethodGet, "/api/v1/sync/history/"+uuid.NewString(), nil)
		require.Equal(t, http.StatusNotFound, res.Status)

		for q, param := range map[string]string{"?scope=all": "scope", "?since=yesterday": "since", "?limit=201": "limit",
			"?covered_from=2025-03-02&covered_to=2025-03-01": "covered_to"} {
			res = b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusBadRequest, res.Status, q)
			require.Contains(t, res.detail(t), param, q)
		}
		res = b.do(t, http.MethodGet, "/api/v1/users/"+uuid.NewString()+"/sync/history", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}

// TestRecentSyncEvents: the events of the stored runs, newest first.
func TestRecentSyncEvents(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		h := newSyncHistory(t, b)
		res := b.do(t, http.MethodGet, "/api/v1/users/"+h.user.ID+"/sync/recent", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var evs []struct {
			EventID  string  `json:"event_id"`
			RunID    string  `json:"run_id"`
			Stage    string  `json:"stage"`
			Status   string  `json:"status"`
			Progress float64 `json:"progress"`
			Metadata struct {
				Kind         string `json:"kind"`
				ItemsFetched int    `json:"items_fetched"`
				DataTypes    []struct {
					DataType string `json:"data_type"`
					Status   string `json:"status"`
				} `json:"data_types"`
			} `json:"metadata"`
		}
		res.json(t, &evs)
		require.Len(t, evs, 4)
		// Newest first: the pull's progress (its started event has the
		// same time and comes after it), then the backfill's end and start.
		require.Equal(t, []string{"processing", "started", "completed", "started"}, []string{evs[0].Stage, evs[1].Stage, evs[2].Stage, evs[3].Stage})
		require.Equal(t, h.pull.ID, evs[0].RunID)
		require.Equal(t, "run_progress", evs[0].Metadata.Kind)
		require.Len(t, evs[0].Metadata.DataTypes, 1)
		require.Equal(t, "in_progress", evs[0].Metadata.DataTypes[0].Status)
		require.Equal(t, h.backfill.ID, evs[2].RunID)
		require.Equal(t, "success", evs[2].Status)
		require.Equal(t, 91, evs[2].Metadata.ItemsFetched)
		require.Len(t, evs[2].Metadata.DataTypes, 2)
		require.Equal(t, 1.0, evs[2].Progress)

		again := b.do(t, http.MethodGet, "/api/v1/users/"+h.user.ID+"/sync/recent?limit=1", nil)
		var one []struct {
			EventID string `json:"event_id"`
		}
		again.json(t, &one)
		require.Len(t, one, 1)
		require.Equal(t, evs[0].EventID, one[0].EventID, "an event's id is the same however it is read")
		res = b.do(t, http.MethodGet, "/api/v1/users/"+h.user.ID+"/sync/recent?limit=201", nil)
		require.Equal(t, http.StatusBadRequest, res.Status)
		res = b.do(t, http.MethodGet, "/api/v1/users/"+uuid.NewString()+"/sync/recent", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}
