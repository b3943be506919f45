package server

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// replica is one started wearhouse process of TestReplicasShareOnePostgres.
type replica struct {
	store store.Store
	base  string
	done  chan error
}

// startReplica does what `wearhouse serve` does: open the store (which
// migrates under the lock), wire the process and serve on a free port.
func startReplica(ctx context.Context, cfg config.Config) (replica, error) {
	log := slog.New(slog.DiscardHandler)
	st, err := OpenStore(ctx, cfg, log)
	if err != nil {
		return replica{}, err
	}
	srv, err := New(cfg, st, log)
	if err != nil {
		_ = st.Close()
		return replica{}, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		_ = st.Close()
		return replica{}, err
	}
	r := replica{store: st, base: "http://" + ln.Addr().String(), done: make(chan error, 1)}
	go func() { r.done <- srv.Run(ctx, ln) }()
	return r, nil
}

// TestReplicasShareOnePostgres starts two servers at the same moment on
// one empty PostgreSQL schema, as two replicas of a deployment do: both
// migrate (one waits for the other's lock), both report ready, a user
// created through one is served by the other, and both stop cleanly.
func TestReplicasShareOnePostgres(t *testing.T) {
	t.Parallel()
	cfg := config.Defaults()
	cfg.DatabaseURL = storetest.PostgresSchemaURL(t)
	cfg.SecretKey = secret.NewKey()
	cfg.LogLevel = "error"
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()

	replicas := make([]replica, 2)
	errs := make([]error, 2)
	var wg sync.WaitGroup
	for i := range replicas {
		wg.Go(func() { replicas[i], errs[i] = startReplica(ctx, cfg) })
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "replica %d", i)
		t.Cleanup(func() { _ = replicas[i].store.Close() })
	}

	for _, r := range replicas {
		status, body := call(t, http.MethodGet, r.base+"/readyz", "", "")
		require.Equal(t, http.StatusOK, status, body)
		require.JSONEq(t, `{"status":"ok","store":"postgres"}`, body)
	}

	key, rec := apikey.Generate("replicas", time.Now())
	_, err := replicas[0].store.CreateAPIKey(t.Context(), rec)
	require.NoError(t, err)
	status, body := call(t, http.MethodPost, replicas[0].base+"/api/v1/users", key, `{"email":"ada@example.com"}`)
	require.Equal(t, http.StatusCreated, status, body)
	var created struct {
		ID string `json:"id"`
	}
	require.NoError(t, json.Unmarshal([]byte(body), &created))
	status, body = call(t, http.MethodGet, replicas[1].base+"/api/v1/users/"+created.ID, key, "")
	require.Equal(t, http.StatusOK, status, body)
	require.Contains(t, body, "ada@example.com")

	cancel()
	for i, r := range replicas {
		select {
		case err := <-r.done:
			require.NoError(t, err, "replica %d stops cleanly", i)
		case <-time.After(20 * time.Second):
			t.Fatalf("replica %d did not stop", i)
		}
	}
}

// call sends one request with an optional API key and JSON body and
// returns the status and body.
func call(t *testing.T, method, url, key, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), method, url, strings.NewReader(body))
	require.NoError(t, err)
	if key != "" {
		req.Header.Set("X-Open-Wearables-API-Key", key)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}
