package cli

import (
	"context"
	"flag"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/server"
)

// runningServer starts the server `serve` runs, in process, on the SQLite
// file env names: it holds the database's lock file until the test ends.
// It returns the server's base URL.
func runningServer(t *testing.T, env map[string]string) string {
	t.Helper()
	cfg, err := loadConfig(flag.NewFlagSet("serve", flag.ContinueOnError), Env{Getenv: func(k string) string { return env[k] }}, nil)
	require.NoError(t, err)
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	ctx, cancel := context.WithCancel(context.Background())
	st, err := server.OpenStore(ctx, cfg, log)
	require.NoError(t, err)
	srv, err := server.New(cfg, st, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
		require.NoError(t, st.Close())
	})
	base := "http://" + ln.Addr().String()
	require.Eventually(t, func() bool {
		res, err := http.Get(base + "/readyz")
		if err != nil {
			return false
		}
		_ = res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 10*time.Second, 20*time.Millisecond)
	return base
}

// status is the answer to GET /api/v1/users with key.
func status(t *testing.T, base, key string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+"/api/v1/users", nil)
	require.NoError(t, err)
	req.Header.Set("X-Open-Wearables-API-Key", key)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	_ = res.Body.Close()
	return res.StatusCode
}

// keyID finds a key's id in `apikeys list` output by its name.
func keyID(t *testing.T, list, name string) string {
	t.Helper()
	for _, line := range strings.Split(list, "\n")[1:] {
		if f := strings.Fields(line); len(f) > 1 && f[1] == name {
			return f[0]
		}
	}
	require.Failf(t, "no such key", "%q in %s", name, list)
	return ""
}

// TestAPIKeysBesideRunningServer: every apikeys subcommand works while a
// server holds the SQLite lock, and the server honours the change with
// its next request (no restart, no cache).
func TestAPIKeysBesideRunningServer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(dir, "w.db"), "WEARHOUSE_LOG_LEVEL": "error"}
	r := runCLI(t, env, "apikeys", "create", "--name", "first")
	require.Equal(t, 0, r.code, r.stderr)
	first := strings.TrimSpace(r.stdout)

	base := runningServer(t, env)
	require.Equal(t, http.StatusOK, status(t, base, first))
	r = runCLI(t, env, "migrate")
	require.Equal(t, 1, r.code, "the server holds the lock")
	require.Contains(t, r.stderr, "held by another wearhouse process")

	r = runCLI(t, env, "apikeys", "create", "--name", "second")
	require.Equal(t, 0, r.code, r.stderr)
	second := strings.TrimSpace(r.stdout)
	require.Regexp(t, `^wh_[0-9A-Za-z]{40}$`, second)
	require.Equal(t, http.StatusOK, status(t, base, second), "a key created beside the server works at once")

	r = runCLI(t, env, "apikeys", "list")
	require.Equal(t, 0, r.code, r.stderr)
	require.NotContains(t, r.stdout, second)
	firstID, secondID := keyID(t, r.stdout, "first"), keyID(t, r.stdout, "second")

	r = runCLI(t, env, "apikeys", "revoke", firstID)
	require.Equal(t, 0, r.code, r.stderr)
	require.Equal(t, http.StatusUnauthorized, status(t, base, first), "revoked without a restart")

	r = runCLI(t, env, "apikeys", "revoke", secondID)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "last active API key")

	r = runCLI(t, env, "apikeys", "rotate", "--grace", "1h", secondID)
	require.Equal(t, 0, r.code, r.stderr)
	third := strings.TrimSpace(r.stdout)
	require.Regexp(t, `^wh_[0-9A-Za-z]{40}$`, third, "the new key alone on stdout")
	require.Contains(t, r.stderr, "stops working at")
	require.Equal(t, http.StatusOK, status(t, base, third))
	require.Equal(t, http.StatusOK, status(t, base, second), "the old key works during its grace period")

	r = runCLI(t, env, "apikeys", "list")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "expires ")
	r = runCLI(t, env, "apikeys", "rotate", secondID)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "already revoked or rotated")
	r = runCLI(t, env, "apikeys", "rotate", "--grace", "200h", secondID)
	require.Equal(t, 2, r.code, "over the longest grace period")
}
