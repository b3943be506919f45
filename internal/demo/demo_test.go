package demo

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// running is one in-process demo.
type running struct {
	info Info
	out  *syncBuffer
	stop func() error
	// warnings holds what the demo logged at warning level or above.
	warnings *syncBuffer
}

// startDemo runs the demo on a free port and waits until it has printed
// its instructions.
func startDemo(t *testing.T, o Options) running {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	out := &syncBuffer{}
	ready := make(chan Info, 1)
	o.Addr, o.Out = "127.0.0.1:0", out
	o.Ready = func(i Info) { ready <- i }
	warnings := &syncBuffer{}
	o.Logger = slog.New(slog.NewTextHandler(io.MultiWriter(testLog{t}, warnings), &slog.HandlerOptions{Level: slog.LevelWarn}))
	if o.BackfillTimeout == 0 {
		o.BackfillTimeout = time.Minute
	}
	done := make(chan error, 1)
	go func() { done <- Run(ctx, o) }()
	select {
	case info := <-ready:
		require.NotContains(t, out.String(), "still running", "the backfill completed")
		return running{info: info, out: out, stop: func() error { cancel(); return <-done }, warnings: warnings}
	case err := <-done:
		cancel()
		t.Fatalf("demo stopped before it was ready: %v\n%s", err, out.String())
	}
	return running{}
}

// TestDemoFollowsItsOwnInstructions runs the demo as a newcomer would,
// pastes the three printed curl commands, and checks each answers with the
// user's sleep, activity and heart rate; then checks that simulated time
// brings new data through webhooks, that Ctrl-C stops cleanly, and that a
// second run reuses the database, key and users.
func TestDemoFollowsItsOwnInstructions(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	opts := Options{Dir: dir, Days: 3, Users: 2, Seed: 7, Tick: 50 * time.Millisecond, Step: time.Hour}
	d := startDemo(t, opts)
	require.Len(t, d.info.UserIDs, 2)
	require.Len(t, d.info.Curls, 3)
	printed := d.out.String()
	for _, want := range []string{d.info.APIKey, d.info.DocsURL, "backfill: oura 2/2 users"} {
		require.Contains(t, printed, want)
	}

	checks := []struct {
		name  string
		check func(t *testing.T, rows []any)
	}{
		{"sleep", func(t *testing.T, rows []any) {
			require.Contains(t, rows[0].(map[string]any), "sleep_stage_intervals")
			for i := 1; i < len(rows); i++ {
				newer, older := rows[i-1].(map[string]any), rows[i].(map[string]any)
				require.LessOrEqual(t, older["end_time"], newer["start_time"],
					"each night is listed once, not once per provider")
			}
		}},
		{"activity", func(t *testing.T, rows []any) {
			require.Contains(t, rows[0].(map[string]any), "steps")
		}},
		{"heart rate", func(t *testing.T, rows []any) {
			for _, r := range rows {
				require.Equal(t, "heart_rate", r.(map[string]any)["type"])
			}
			require.Greater(t, len(rows), 200, "a day in 5-minute buckets")
		}},
	}
	for i, c := range checks {
		require.Contains(t, printed, d.info.Curls[i], "the command is printed as it is run")
		status, body := runCurl(t, d.info.Curls[i])
		require.Equal(t, http.StatusOK, status, "%s: %v", c.name, body)
		rows, _ := body.(map[string]any)["data"].([]any)
		require.NotEmpty(t, rows, "%s: %s", c.name, d.info.Curls[i])
		c.check(t, rows)
	}

	require.Eventually(t, func() bool { return webhookRuns(t, d) > 0 }, time.Minute, 100*time.Millisecond,
		"simulated time passes and new records arrive as webhooks")
	first := newestSleep(t, d.info.Curls[0])
	require.Eventually(t, func() bool { return newestSleep(t, d.info.Curls[0]) > first }, time.Minute, 100*time.Millisecond,
		"the printed sleep command still lists the nights that arrive after it was printed")
	require.NoError(t, d.stop(), "Ctrl-C stops cleanly")

	again := startDemo(t, opts)
	require.Equal(t, d.info.APIKey, again.info.APIKey, "the second run reuses the key")
	require.Equal(t, d.info.UserIDs, again.info.UserIDs, "and the users")
	require.NotContains(t, again.warnings.String(), "revoked", "the first run's stale tokens are retired quietly")
	require.NoError(t, again.stop())
}

// newestSleep runs the printed sleep command and returns the newest
// session's start (RFC 3339 in UTC sorts as text).
func newestSleep(t *testing.T, curl string) string {
	status, body := runCurl(t, curl)
	require.Equal(t, http.StatusOK, status, "%v", body)
	rows := body.(map[string]any)["data"].([]any)
	require.NotEmpty(t, rows)
	return rows[0].(map[string]any)["start_time"].(string)
}

// webhookRuns counts sync runs that webhooks triggered, through the API.
func webhookRuns(t *testing.T, d running) int {
	status, body := runCurl(t, "curl -H 'X-Open-Wearables-API-Key: "+d.info.APIKey+"' "+d.info.BaseURL+"/api/v1/sync/runs?limit=1000")
	require.Equal(t, http.StatusOK, status, "%v", body)
	n := 0
	for _, r := range body.([]any) {
		if r.(map[string]any)["source"] == "webhook" {
			n++
		}
	}
	return n
}

// testLog sends the demo's warnings to the test log.
type testLog struct{ t *testing.T }

func (l testLog) Write(p []byte) (int, error) {
	l.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

// syncBuffer is an io.Writer the demo and the test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestDemoBindsLoopbackByDefault: the demo serves a known API key and
// simulated accounts, so it must not be reachable from the network unless
// asked (--host).
func TestDemoBindsLoopbackByDefault(t *testing.T) {
	t.Parallel()
	host, _, err := net.SplitHostPort(withDefaults(Options{}).Addr)
	require.NoError(t, err)
	require.Equal(t, "127.0.0.1", host)
}
