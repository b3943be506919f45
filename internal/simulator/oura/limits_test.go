package oura

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// TestRateLimit checks the per-app quota: 429 with Retry-After until the
// window ends, the sandbox sharing the app's quota, and the default being
// Oura's 5,000 per 5 minutes.
func TestRateLimit(t *testing.T) {
	t.Parallel()
	require.Equal(t, []simkit.Window{{Limit: 5000, Length: 5 * time.Minute}}, DefaultRateLimits())
	b := setup(t, Config{RateLimits: []simkit.Window{{Limit: 3, Length: 5 * time.Minute}}})
	tok, err := b.srv.IssueToken(0)
	require.NoError(t, err)
	b.clock.Advance(2 * time.Minute) // mid-window: Retry-After is what is left
	for _, path := range []string{"/v2/usercollection/daily_sleep", "/v2/sandbox/usercollection/daily_sleep", "/v2/usercollection/workout"} {
		b.mustGet(t, tok.AccessToken, path, nil, nil)
	}
	resp, body := b.get(t, tok.AccessToken, "/v2/usercollection/sleep", nil, nil)
	require.Equal(t, http.StatusTooManyRequests, resp.StatusCode)
	require.Equal(t, "180", resp.Header.Get("Retry-After"))
	var e ErrorBody
	require.NoError(t, json.Unmarshal(body, &e))
	require.NotEmpty(t, e.Detail)

	resp, _ = b.get(t, b.pat(0), "/v2/usercollection/sleep", nil, nil)
	require.Equal(t, http.StatusOK, resp.StatusCode, "a personal token has its own quota")

	b.clock.Advance(3 * time.Minute)
	b.mustGet(t, tok.AccessToken, "/v2/usercollection/sleep", nil, nil)
}

// TestFaults checks that faults set on one route (from Go and through the
// admin API) fire there only, as many times as configured.
func TestFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		fault simkit.Fault
		check func(t *testing.T, status int, body []byte)
	}{
		{"ServerError", simkit.Fault{Kind: simkit.FaultStatus, Status: 502}, func(t *testing.T, status int, body []byte) {
			require.Equal(t, 502, status)
			require.JSONEq(t, `{"detail":"simulated failure"}`, string(body))
		}},
		{"Truncated", simkit.Fault{Kind: simkit.FaultTruncate}, func(t *testing.T, status int, body []byte) {
			require.Equal(t, 200, status)
			require.False(t, json.Valid(body))
		}},
		{"Malformed", simkit.Fault{Kind: simkit.FaultMalformed}, func(t *testing.T, status int, body []byte) {
			require.Equal(t, 200, status)
			require.False(t, json.Valid(body))
		}},
		{"ExpiredToken", simkit.Fault{Kind: simkit.FaultUnauthorized}, func(t *testing.T, status int, _ []byte) {
			require.Equal(t, 401, status)
		}},
		{"RateLimited", simkit.Fault{Kind: simkit.FaultRateLimit, Delay: 30 * time.Second}, func(t *testing.T, status int, _ []byte) {
			require.Equal(t, 429, status)
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, Config{})
			route := CollectionRoute(CollectionPrefix, DataSleep)
			require.NoError(t, b.srv.Kit().Faults.Set(route, c.fault))
			b.mustGet(t, b.pat(0), "/v2/usercollection/workout", nil, nil) // other routes unaffected
			resp, body := b.get(t, b.pat(0), "/v2/usercollection/sleep", nil, nil)
			c.check(t, resp.StatusCode, body)
			b.mustGet(t, b.pat(0), "/v2/usercollection/sleep", nil, nil) // one request by default
			require.Equal(t, 2, b.srv.RequestCount(route))
		})
	}
}

// TestAdminAPI drives the simkit admin routes: a fault set over HTTP and
// time advanced over HTTP reach this simulator.
func TestAdminAPI(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	post := func(path, body string) int {
		req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.url+path, strings.NewReader(body))
		require.NoError(t, err)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		_ = resp.Body.Close()
		return resp.StatusCode
	}
	require.Equal(t, http.StatusNoContent, post("/_sim/faults", `{"route":"GET /v2/usercollection/daily_sleep/{document_id}","kind":"status","status":500}`))
	var page Page[DailySleep]
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_sleep", everything(b.world), &page)
	resp, _ := b.get(t, b.pat(0), "/v2/usercollection/daily_sleep/"+page.Data[0].ID, nil, nil)
	require.Equal(t, http.StatusInternalServerError, resp.StatusCode)

	before := b.world.Now()
	require.Equal(t, http.StatusOK, post("/_sim/advance?by=24h", ""))
	require.Equal(t, before.Add(24*time.Hour), b.world.Now())
	require.Equal(t, b.world.Now(), b.clock.Now(), "the fake clock follows the world")
}
