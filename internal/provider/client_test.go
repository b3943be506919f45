package provider

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/require"
)

func TestClientClassifiesAnswers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		status  int
		header  map[string]string
		body    string
		is      error
		retryIn time.Duration
	}{
		{name: "OK", status: 200, body: `{"a":1}`},
		{name: "RateLimitedSeconds", status: 429, header: map[string]string{"Retry-After": "17"}, is: ErrRateLimited, retryIn: 17 * time.Second},
		{name: "RateLimitedResetHeader", status: 429, header: map[string]string{"X-RateLimit-Reset": "42"}, is: ErrRateLimited, retryIn: 42 * time.Second},
		{name: "RateLimitedNoHeader", status: 429, is: ErrRateLimited, retryIn: time.Minute},
		{name: "Unauthorized", status: 401, is: ErrUnauthorized},
		{name: "NotFound", status: 404, is: ErrNotFound},
		{name: "ServerError", status: 503, is: ErrTransient},
		{name: "BadRequest", status: 400, is: ErrRejected},
		{name: "MalformedJSON", status: 200, body: `{"records": [`, is: ErrMalformed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				require.Equal(t, "Bearer tok", r.Header.Get("Authorization"))
				for k, v := range tc.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tc.status)
				_, _ = w.Write([]byte(tc.body))
			}))
			t.Cleanup(ts.Close)
			c := NewClient(ClientOptions{})
			var v map[string]any
			_, err := c.GetJSON(context.Background(), ts.URL+"/x?secret=1", "tok", &v)
			if tc.is == nil {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, tc.is)
			require.NotContains(t, err.Error(), "secret=1")
			if tc.is == ErrMalformed {
				require.True(t, Retryable(err))
			}
			if tc.retryIn > 0 {
				d, ok := RetryAfter(err)
				require.True(t, ok)
				require.Equal(t, tc.retryIn, d)
			}
		})
	}
}

func TestClientTimeoutIsTransient(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(release); ts.Close() })
	c := NewClient(ClientOptions{Timeout: 50 * time.Millisecond})
	_, err := c.GetJSON(context.Background(), ts.URL, "", nil)
	require.ErrorIs(t, err, ErrTransient)
}

func TestLocalBudgetNeverExceedsLimitInAnyWindow(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := NewLocalBudget(LocalBudgetOptions{Limits: []Limit{{Requests: 100, Per: time.Minute}}, Patience: time.Hour})
		start := time.Now()
		var sent []time.Duration
		for range 300 {
			require.NoError(t, b.Take(context.Background()))
			sent = append(sent, time.Since(start))
		}
		// Sliding-window check: the 101st grant after any grant comes at
		// least a minute later, so no window of a minute holds more than 100.
		for i := 100; i < len(sent); i++ {
			require.GreaterOrEqual(t, sent[i]-sent[i-100], time.Minute, "request %d", i)
		}
		// And the budget is nearly fully used: 95 % of the limit flows
		// steadily after a 5 % burst, so 300 requests take about 3m06s.
		require.Less(t, sent[len(sent)-1], 3*time.Minute+10*time.Second)
	})
}

func TestLocalBudgetImpatientAndPaused(t *testing.T) {
	t.Parallel()
	synctest.Test(t, func(t *testing.T) {
		b := NewLocalBudget(LocalBudgetOptions{Limits: []Limit{{Requests: 20, Per: time.Minute}}, Patience: time.Second})
		require.NoError(t, b.Take(context.Background()))
		err := b.Take(context.Background())
		var rl *RateLimitError
		require.True(t, errors.As(err, &rl))
		require.True(t, rl.Local)
		require.Greater(t, rl.RetryAfter, time.Second)

		b2 := NewLocalBudget(LocalBudgetOptions{Limits: []Limit{{Requests: 100, Per: time.Minute}}, Patience: time.Second})
		b2.Pause(context.Background(), 30*time.Second)
		d, ok := RetryAfter(b2.Take(context.Background()))
		require.True(t, ok)
		require.Equal(t, 30*time.Second, d)
		time.Sleep(30 * time.Second) // fake time inside the bubble
		require.NoError(t, b2.Take(context.Background()))
	})
}

func TestVerifyHMAC(t *testing.T) {
	t.Parallel()
	secret := []byte("s3cret")
	now := time.UnixMilli(1_700_000_000_000)
	body := []byte(`{"user_id":1,"id":"x","type":"sleep.updated"}`)
	ts := "1700000000000"
	good := SignHMAC(secret, ts, body, false)
	tests := []struct {
		name string
		c    HMACCheck
		body []byte
		ok   bool
	}{
		{"Valid", HMACCheck{Secret: secret, Signature: good, Timestamp: ts, Millis: true}, body, true},
		{"Unsigned", HMACCheck{Secret: secret, Timestamp: ts, Millis: true}, body, false},
		{"Forged", HMACCheck{Secret: []byte("other"), Signature: good, Timestamp: ts, Millis: true}, body, false},
		{"TamperedBody", HMACCheck{Secret: secret, Signature: good, Timestamp: ts, Millis: true}, []byte(`{"user_id":2}`), false},
		{"Replayed", HMACCheck{Secret: secret, Signature: SignHMAC(secret, "1699999000000", body, false), Timestamp: "1699999000000", Millis: true}, body, false},
		{"Garbage", HMACCheck{Secret: secret, Signature: "%%%", Timestamp: ts, Millis: true}, body, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := VerifyHMAC(tc.c, tc.body, now)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, ErrBadSignature)
		})
	}
}
