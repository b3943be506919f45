package simkit_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

const route = "GET /data"

func newKit(t *testing.T) (*simkit.Kit, *httptest.Server) {
	t.Helper()
	clock := simkit.NewFakeClock(time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC))
	advanced := 0
	k := simkit.New(simkit.Config{Clock: clock, Seed: 1, Hooks: simkit.Hooks{
		Advance: func(_ context.Context, d time.Duration) (int, error) {
			clock.Advance(d)
			advanced++
			return advanced, nil
		},
	}})
	k.HandleFunc(route, func(w http.ResponseWriter, _ *http.Request) {
		simkit.WriteJSON(w, http.StatusOK, map[string]any{"records": []int{1, 2, 3}, "next_token": "abc"})
	})
	srv := httptest.NewServer(k.Handler())
	t.Cleanup(func() { k.Close(); srv.Close() })
	return k, srv
}

func get(t *testing.T, ctx context.Context, url string) (int, string, http.Header, error) {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	require.NoError(t, err)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, "", nil, err
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(body), resp.Header, nil
}

func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  simkit.Fault
		status int
		check  func(t *testing.T, body string, h http.Header)
	}{
		{name: "Status", fault: simkit.Fault{Kind: simkit.FaultStatus, Status: 502}, status: 502},
		{name: "DefaultStatus", fault: simkit.Fault{Kind: simkit.FaultStatus}, status: 503},
		{name: "Unauthorized", fault: simkit.Fault{Kind: simkit.FaultUnauthorized}, status: 401},
		{name: "RateLimit", fault: simkit.Fault{Kind: simkit.FaultRateLimit, Delay: 30 * time.Second}, status: 429,
			check: func(t *testing.T, _ string, h http.Header) { require.Equal(t, "30", h.Get("Retry-After")) }},
		{name: "Truncate", fault: simkit.Fault{Kind: simkit.FaultTruncate}, status: 200,
			check: func(t *testing.T, body string, _ http.Header) {
				require.Error(t, json.Unmarshal([]byte(body), new(any)))
				require.True(t, strings.HasPrefix(`{"next_token":"abc","records":[1,2,3]}`, body))
			}},
		{name: "Malformed", fault: simkit.Fault{Kind: simkit.FaultMalformed}, status: 200,
			check: func(t *testing.T, body string, _ http.Header) {
				require.Error(t, json.Unmarshal([]byte(body), new(any)))
			}},
		{name: "Slow", fault: simkit.Fault{Kind: simkit.FaultSlow, Delay: time.Millisecond}, status: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			k, srv := newKit(t)
			tt.fault.Count = 2
			require.NoError(t, k.Faults.Set(route, tt.fault))
			for range 2 {
				status, body, h, err := get(t, t.Context(), srv.URL+"/data")
				require.NoError(t, err)
				require.Equal(t, tt.status, status)
				if tt.check != nil {
					tt.check(t, body, h)
				}
			}
			status, body, _, err := get(t, t.Context(), srv.URL+"/data")
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, status, "only the next two requests fail")
			require.JSONEq(t, `{"next_token":"abc","records":[1,2,3]}`, body)
			require.Equal(t, 3, k.Counters.Count(route))
		})
	}
}

func TestFaultHangEndsWithClient(t *testing.T) {
	t.Parallel()
	k, srv := newKit(t)
	require.NoError(t, k.Faults.Set(simkit.AllRoutes, simkit.Fault{Kind: simkit.FaultHang}))
	ctx, cancel := context.WithTimeout(t.Context(), 50*time.Millisecond)
	defer cancel()
	_, _, _, err := get(t, ctx, srv.URL+"/data")
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestFaultProbabilityIsSeeded(t *testing.T) {
	t.Parallel()
	run := func() []int {
		k, srv := newKit(t)
		require.NoError(t, k.Faults.Set(route, simkit.Fault{Kind: simkit.FaultStatus, Status: 500, Probability: 0.3}))
		var out []int
		for range 40 {
			status, _, _, err := get(t, t.Context(), srv.URL+"/data")
			require.NoError(t, err)
			out = append(out, status)
		}
		return out
	}
	a, b := run(), run()
	require.Equal(t, a, b)
	failed := 0
	for _, s := range a {
		if s == 500 {
			failed++
		}
	}
	require.InDelta(t, 12, failed, 9)
}

func TestAdminAPI(t *testing.T) {
	t.Parallel()
	k, srv := newKit(t)
	post := func(path, body string) *http.Response {
		resp, err := http.Post(srv.URL+path, "application/json", strings.NewReader(body))
		require.NoError(t, err)
		require.NoError(t, resp.Body.Close())
		return resp
	}
	require.Equal(t, http.StatusNoContent, post("/_sim/faults", `{"route":"GET /data","kind":"status","status":500}`).StatusCode)
	require.Equal(t, http.StatusBadRequest, post("/_sim/faults", `{"kind":"nope"}`).StatusCode)
	status, _, _, err := get(t, t.Context(), srv.URL+"/data")
	require.NoError(t, err)
	require.Equal(t, 500, status)
	_, body, _, err := get(t, t.Context(), srv.URL+"/_sim/requests")
	require.NoError(t, err)
	require.JSONEq(t, `{"total":1,"routes":{"GET /data":{"requests":1,"statuses":{"500":1}}}}`, body)
	require.Equal(t, http.StatusOK, post("/_sim/advance?by=2h", "").StatusCode)
	require.Equal(t, http.StatusBadRequest, post("/_sim/advance?by=-1h", "").StatusCode)
	require.Equal(t, http.StatusNoContent, post("/_sim/reset", "").StatusCode)
	require.Zero(t, k.Counters.Total())
	status, _, _, err = get(t, t.Context(), srv.URL+"/nowhere")
	require.NoError(t, err)
	require.Equal(t, http.StatusNotFound, status)
}

func TestWebhookSender(t *testing.T) {
	t.Parallel()
	got := make(chan http.Header, 2)
	var fail atomic.Bool
	fail.Store(true)
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got <- r.Header.Clone()
		if fail.Swap(false) {
			w.WriteHeader(http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(recv.Close)
	s := simkit.NewWebhookSender(recv.Client(), nil)
	s.Attempts = 2
	d := s.Send(t.Context(), recv.URL, []byte(`{}`), http.Header{"X-Sig": {"abc"}})
	require.NoError(t, d.Err)
	require.Equal(t, http.StatusNoContent, d.Status)
	require.Equal(t, "abc", (<-got).Get("X-Sig"))
	log := s.Deliveries()
	require.Len(t, log, 2)
	require.Error(t, log[0].Err)
}
