package server

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// TestMetricsAfterASimulatedSync runs a process against the Withings
// simulator, lets its job runner work a sync job, refreshes the token,
// sends a forged webhook, and scrapes /metrics: each of the sync, job,
// token, provider and webhook series says what happened.
func TestMetricsAfterASimulatedSync(t *testing.T) {
	t.Parallel()
	w := newWithingsServer(t, true)
	ctx, cancel := context.WithCancel(t.Context())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- w.srv.Run(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })

	svc := w.srv.sync.services
	require.NoError(t, svc.Enqueue.EnqueueSync(ctx, w.conn.ID, syncer.SourceBackfill, 0, time.Time{}))
	require.Eventually(t, func() bool {
		runs, err := w.srv.store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: w.conn.UserID, Status: domain.SyncSuccess})
		return err == nil && len(runs) > 0
	}, time.Minute, 20*time.Millisecond, "the job runner works the sync job")
	_, err = svc.Connect.Refresh(ctx, w.conn)
	require.NoError(t, err)
	res, err := http.Post("http://"+ln.Addr().String()+"/api/v1/providers/withings/webhooks?token=forged", "application/x-www-form-urlencoded",
		strings.NewReader("userid=1&appli=44&startdate=1&enddate=2"))
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Equal(t, http.StatusUnauthorized, res.StatusCode)

	rec := httptest.NewRecorder()
	w.srv.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/metrics", nil))
	require.Equal(t, http.StatusOK, rec.Code)
	body, err := io.ReadAll(rec.Body)
	require.NoError(t, err)
	got := string(body)
	for _, want := range []string{
		`wearhouse_sync_runs_total{outcome="success",provider="withings",source="backfill"} 1`,
		`wearhouse_job_start_delay_seconds_count{kind="sync"}`, // one per attempt: a slow machine slices the sync
		`wearhouse_jobs{kind="sync",state=`,                    // running or completed by now
		`wearhouse_token_refreshes_total{outcome="success",provider="withings"} 1`,
		`wearhouse_provider_requests_total{provider="withings",status="200"}`,
		`wearhouse_provider_budget_wait_seconds_count{provider="withings"}`,
		`wearhouse_webhooks_rejected_total{provider="withings",reason="signature"} 1`,
	} {
		require.Contains(t, got, want)
	}
}
