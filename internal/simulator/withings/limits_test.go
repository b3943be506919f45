package withings_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

func TestDefaultRateLimitIs120PerMinute(t *testing.T) {
	t.Parallel()
	require.Equal(t, []simkit.Window{{Limit: 120, Length: time.Minute}}, withings.DefaultRateLimits())
}

// TestRateLimit checks that the application's quota is shared by all its
// users, answered with status 601 inside HTTP 200, and restored when the
// window passes on the fake clock.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		limit int
	}{
		{name: "Three", limit: 3},
		{name: "Ten", limit: 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOpts{users: 2, days: 2, limits: []simkit.Window{{Limit: tt.limit, Length: time.Minute}}})
			b.clock.Set(b.clock.Now().Truncate(time.Minute))
			toks := []string{b.token(t, 0), b.token(t, 1)}
			f := form("action", "getdevice")
			for i := range tt.limit {
				require.Equal(t, 0, status(t, b.post(t, withings.RouteUser, toks[i%2], f)))
			}
			for _, tok := range toks {
				require.Equal(t, withings.StatusTooManyRequests, status(t, b.post(t, withings.RouteUser, tok, f)))
			}
			b.clock.Advance(time.Minute)
			require.Equal(t, 0, status(t, b.post(t, withings.RouteUser, toks[0], f)))
		})
	}
}

// TestFaults injects each simkit fault on a route and checks how the
// Withings simulator renders it.
func TestFaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault simkit.Fault
		check func(t *testing.T, code int, body []byte)
	}{
		{name: "ServerError", fault: simkit.Fault{Kind: simkit.FaultStatus, Status: 502}, check: func(t *testing.T, code int, _ []byte) {
			require.Equal(t, http.StatusBadGateway, code)
		}},
		{name: "ExpiredToken", fault: simkit.Fault{Kind: simkit.FaultUnauthorized}, check: func(t *testing.T, code int, body []byte) {
			require.Equal(t, http.StatusOK, code)
			require.Equal(t, withings.StatusInvalidToken, status(t, body))
		}},
		{name: "RateLimited", fault: simkit.Fault{Kind: simkit.FaultRateLimit}, check: func(t *testing.T, code int, body []byte) {
			require.Equal(t, http.StatusOK, code)
			require.Equal(t, withings.StatusTooManyRequests, status(t, body))
		}},
		{name: "Truncated", fault: simkit.Fault{Kind: simkit.FaultTruncate}, check: func(t *testing.T, code int, body []byte) {
			require.Equal(t, http.StatusOK, code)
			require.Error(t, json.Unmarshal(body, new(any)))
		}},
		{name: "Malformed", fault: simkit.Fault{Kind: simkit.FaultMalformed}, check: func(t *testing.T, code int, body []byte) {
			require.Error(t, json.Unmarshal(body, new(any)))
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, setupOpts{users: 1, days: 2})
			tok := b.token(t, 0)
			require.NoError(t, b.sim.Kit().Faults.Set(withings.RouteMeasure, tt.fault))
			code, body := rawPost(t, b, withings.RouteMeasure, tok, "action=getmeas")
			tt.check(t, code, body)
			// One-shot: the next request is served normally, and other
			// routes were never affected.
			require.Equal(t, 0, status(t, b.post(t, withings.RouteMeasure, tok, form("action", "getmeas"))))
			require.Equal(t, 2, b.sim.RequestCount(withings.RouteMeasure))
		})
	}
}

// TestAdminFaultsAndAdvance drives the simulator through /_sim/.
func TestAdminFaultsAndAdvance(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 2})
	tok := b.token(t, 0)
	req, err := json.Marshal(simkit.FaultRequest{Route: withings.RouteSleep, Kind: simkit.FaultUnauthorized, Count: 2})
	require.NoError(t, err)
	code, _ := rawPost(t, b, "/_sim/faults", "", string(req))
	require.Equal(t, http.StatusNoContent, code)
	f := form("action", "getsummary", "lastupdate", "0")
	for range 2 {
		require.Equal(t, withings.StatusInvalidToken, status(t, b.post(t, withings.RouteSleep, tok, f)))
	}
	require.Equal(t, 0, status(t, b.post(t, withings.RouteSleep, tok, f)))

	before := b.world.Now()
	code, body := rawPost(t, b, "/_sim/advance?by=24h", "", "")
	require.Equal(t, http.StatusOK, code, string(body))
	require.Equal(t, before.Add(24*time.Hour), b.world.Now())
	require.Equal(t, before.Add(24*time.Hour), b.clock.Now())
}

// rawPost posts a raw body and returns the HTTP status and body.
func rawPost(t *testing.T, b *testBundle, path, tok, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if strings.HasPrefix(path, "/_sim/") {
		req.Header.Set("Content-Type", "application/json")
	} else {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if tok != "" {
		req.Header.Set("Authorization", "Bearer "+tok)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	raw, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, bytes.TrimSpace(raw)
}
