package server

import (
	"context"
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
)

// TestServeLifecycle starts a real process-shaped server on SQLite: the
// store is migrated, a key is generated once and reused, /readyz answers,
// and cancelling the context stops it cleanly.
func TestServeLifecycle(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(dir, "w.db")
	log := slog.New(slog.DiscardHandler)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	st, err := OpenStore(ctx, cfg, log)
	require.NoError(t, err)
	defer st.Close()
	key1, err := os.ReadFile(filepath.Join(dir, "secret.key"))
	require.NoError(t, err)

	srv, err := New(cfg, st, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()

	res, err := http.Get("http://" + ln.Addr().String() + "/readyz")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	var ready map[string]string
	require.NoError(t, json.Unmarshal(body, &ready))
	require.Equal(t, "sqlite", ready["store"])

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(20 * time.Second):
		t.Fatal("server did not stop")
	}
	k, err := SecretKey(cfg, log)
	require.NoError(t, err)
	require.Len(t, k, 32)
	key2, err := os.ReadFile(filepath.Join(dir, "secret.key"))
	require.NoError(t, err)
	require.Equal(t, key1, key2, "the generated key is reused, never replaced")
}

func TestSecretKeyRules(t *testing.T) {
	t.Parallel()
	log := slog.New(slog.DiscardHandler)
	cfg := config.Defaults()
	cfg.DatabaseURL = "postgres://db/x"
	_, err := SecretKey(cfg, log)
	require.ErrorContains(t, err, "WEARHOUSE_SECRET_KEY")
	cfg.SecretKey = "not-base64!"
	_, err = SecretKey(cfg, log)
	require.Error(t, err)
	cfg = config.Defaults()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
	require.NoError(t, os.WriteFile(filepath.Join(filepath.Dir(cfg.DatabaseURL), "secret.key"), []byte("short\n"), 0o600))
	_, err = SecretKey(cfg, log)
	require.Error(t, err, "a corrupt key file is an error, never silently replaced")
}

// TestAServeFailureStopsEverything: when the HTTP server fails (here its
// listener is closed under it), Run does not keep the job runner going
// headless: it stops every part and returns the error.
func TestAServeFailureStopsEverything(t *testing.T) {
	t.Parallel()
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
	log := slog.New(slog.DiscardHandler)
	st, err := OpenStore(t.Context(), cfg, log)
	require.NoError(t, err)
	defer st.Close()
	srv, err := New(cfg, st, log)
	require.NoError(t, err)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	require.NoError(t, ln.Close())
	done := make(chan error, 1)
	go func() { done <- srv.Run(context.Background(), ln) }()
	select {
	case err := <-done:
		require.ErrorContains(t, err, "server: http")
	case <-time.After(20 * time.Second):
		t.Fatal("Run kept going after the HTTP server failed")
	}
}

// TestDerivedKeysArePerPurpose: the cursor and connect-link keys are
// HKDF-SHA256 outputs (RFC 5869), distinct from each other and from the
// secret key.
func TestDerivedKeysArePerPurpose(t *testing.T) {
	t.Parallel()
	key := make([]byte, 32)
	cursor, err := derive(key, purposeCursor)
	require.NoError(t, err)
	link, err := derive(key, purposeConnectLink)
	require.NoError(t, err)
	want, err := hkdf.Key(sha256.New, key, nil, purposeCursor, 32)
	require.NoError(t, err)
	require.Equal(t, want, cursor)
	require.NotEqual(t, cursor, link)
	require.NotEqual(t, key, cursor)
}
