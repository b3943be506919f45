package whoop_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

func TestRateLimits(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Seed: 4, Users: 2, Days: 3}, func(c *whoop.Config) {
		c.RateLimits = []simkit.Window{{Limit: 3, Length: time.Minute}, {Limit: 5, Length: 24 * time.Hour}}
	})
	b.clock.Set(b.clock.Now().Add(30 * time.Second))
	a, c := b.token(t, 0), b.token(t, 1)
	for i := range 3 {
		status, _, h := b.get(t, []string{a, c}[i%2], "/v2/user/profile/basic", nil)
		require.Equal(t, http.StatusOK, status)
		require.Equal(t, "3, 3;window=60, 5;window=86400", h.Get("X-RateLimit-Limit"))
		require.Equal(t, strconv.Itoa(2-i), h.Get("X-RateLimit-Remaining"), "limits are per app, not per user")
	}
	status, _, h := b.get(t, a, "/v2/user/profile/basic", nil)
	require.Equal(t, http.StatusTooManyRequests, status)
	require.Equal(t, "30", h.Get("Retry-After"))

	b.clock.Advance(30 * time.Second)
	for range 2 {
		status, _, _ = b.get(t, a, "/v2/user/profile/basic", nil)
		require.Equal(t, http.StatusOK, status)
	}
	status, _, h = b.get(t, a, "/v2/user/profile/basic", nil)
	require.Equal(t, http.StatusTooManyRequests, status, "daily quota")
	retry, err := strconv.Atoi(h.Get("Retry-After"))
	require.NoError(t, err)
	require.Greater(t, retry, 3600)
}

func TestFaultsOnRoutes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		fault  simkit.Fault
		status int
		valid  bool
	}{
		{"ServerError", simkit.Fault{Kind: simkit.FaultStatus, Status: 500}, 500, false},
		{"Expired", simkit.Fault{Kind: simkit.FaultUnauthorized}, 401, false},
		{"Truncated", simkit.Fault{Kind: simkit.FaultTruncate}, 200, false},
		{"Malformed", simkit.Fault{Kind: simkit.FaultMalformed}, 200, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, truth.Options{Seed: 4, Users: 1, Days: 3}, nil)
			tok := b.token(t, 0)
			require.NoError(t, b.srv.Kit().Faults.Set(whoop.RouteSleeps, tt.fault))
			status, body, _ := b.get(t, tok, "/v2/activity/sleep", nil)
			require.Equal(t, tt.status, status)
			require.Equal(t, tt.valid, json.Valid(body) && status == 200)
			status, body, _ = b.get(t, tok, "/v2/activity/sleep", nil)
			require.Equal(t, http.StatusOK, status, "the fault hit only the next request")
			require.True(t, json.Valid(body))
			require.Equal(t, 2, b.srv.RequestCount(whoop.RouteSleeps))
		})
	}
}

// verify is an independent implementation of WHOOP's webhook signature
// check, written from the research notes rather than calling whoop.Sign.
func verify(secret string, h http.Header, body []byte) bool {
	ts := h.Get("X-WHOOP-Signature-Timestamp")
	got, err := base64.StdEncoding.DecodeString(h.Get("X-WHOOP-Signature"))
	if err != nil || ts == "" {
		return false
	}
	m := hmac.New(sha256.New, []byte(secret))
	m.Write(append([]byte(ts), body...))
	return hmac.Equal(got, m.Sum(nil))
}

type received struct {
	header http.Header
	body   []byte
}

func TestWebhooksAfterAdvance(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var got []received
	recv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		mu.Lock()
		got = append(got, received{r.Header.Clone(), body})
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(recv.Close)
	b := setup(t, truth.Options{Seed: 8, Users: 3, Days: 5, DeleteRate: 0.5}, func(c *whoop.Config) {
		c.WebhookURL = recv.URL
		c.RateLimits = []simkit.Window{}
	})
	toks := map[int64]string{}
	for i := range 2 { // person 2 never connects and gets no webhooks
		toks[b.world.Person(i).WhoopUserID] = b.token(t, i)
	}
	var events []whoop.WebhookEvent
	for range 72 {
		ev, err := b.srv.Advance(t.Context(), time.Hour)
		require.NoError(t, err)
		events = append(events, ev...)
	}
	require.Equal(t, b.world.Now(), b.clock.Now(), "clock and world advance together")
	for i := range 2 { // the first tokens expired while time passed
		toks[b.world.Person(i).WhoopUserID] = b.token(t, i)
	}
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, got, len(events))
	types := map[string]int{}
	deleted := map[string]bool{}
	for i, r := range got {
		require.True(t, verify(b.srv.ClientSecret(), r.header, r.body), "signature verifies")
		ts, err := strconv.ParseInt(r.header.Get("X-WHOOP-Signature-Timestamp"), 10, 64)
		require.NoError(t, err)
		require.InDelta(t, b.clock.Now().UnixMilli(), ts, float64(72*time.Hour/time.Millisecond), "milliseconds")
		var ev whoop.WebhookEvent
		strictDecode(t, r.body, &ev)
		require.Equal(t, events[i].ID, ev.ID)
		require.Contains(t, toks, ev.UserID)
		require.NotEmpty(t, ev.TraceID)
		types[ev.Type]++
		if ev.Type == "sleep.deleted" || ev.Type == "workout.deleted" {
			deleted[ev.ID] = true
		}
	}
	require.Positive(t, types["sleep.updated"])
	require.Positive(t, types["recovery.updated"])
	require.Positive(t, types["workout.updated"]+types["workout.deleted"])
	for i, r := range got {
		var ev whoop.WebhookEvent
		require.NoError(t, json.Unmarshal(r.body, &ev))
		tok := toks[ev.UserID]
		switch {
		case deleted[ev.ID]:
			continue
		case ev.Type == "sleep.updated":
			status, _, _ := b.get(t, tok, "/v2/activity/sleep/"+ev.ID, nil)
			require.Equal(t, http.StatusOK, status, "event %d", i)
		case ev.Type == "recovery.updated":
			// The v2 recovery id is the sleep UUID; the sleep leads to the cycle.
			var s whoop.Sleep
			b.getJSON(t, tok, "/v2/activity/sleep/"+ev.ID, nil, &s)
			var rec whoop.Recovery
			b.getJSON(t, tok, "/v2/cycle/"+strconv.FormatInt(s.CycleID, 10)+"/recovery", url.Values{}, &rec)
			require.Equal(t, ev.ID, rec.SleepID)
		}
	}
}
