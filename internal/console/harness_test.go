package console_test

import (
	"context"
	"io"
	"log/slog"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/demo"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/store"
)

// startDemo runs `wearhouse demo` in process (simulators, server, users
// connected through the real OAuth flow, a backfill) on a free port, for
// as long as the test runs.
func startDemo(t testing.TB, users, days int) demo.Info {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan demo.Info, 1)
	done := make(chan error, 1)
	go func() {
		done <- demo.Run(ctx, demo.Options{Dir: t.TempDir(), Addr: "127.0.0.1:0", Users: users, Days: days, Seed: 11,
			Tick: time.Hour, Step: time.Minute, BackfillTimeout: 2 * time.Minute, Out: io.Discard,
			Logger: slog.New(slog.DiscardHandler), Ready: func(i demo.Info) { ready <- i }})
	}()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
	select {
	case info := <-ready:
		return info
	case err := <-done:
		require.NoError(t, err)
		t.Fatal("demo ended before it was ready")
	case <-time.After(3 * time.Minute):
		t.Fatal("demo not ready in 3 minutes")
	}
	return demo.Info{}
}

// plain is a wearhouse server with no provider configured on a fresh
// SQLite file, served over HTTP; its store creates operators directly.
type plain struct {
	base string
	st   store.Store
	db   store.Console
}

func startPlain(t testing.TB, https bool) plain {
	t.Helper()
	ts := httptest.NewUnstartedServer(nil)
	if https {
		ts.StartTLS()
	} else {
		ts.Start()
	}
	t.Cleanup(ts.Close)
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
	cfg.BaseURL = ts.URL
	cfg.LogLevel = "error"
	log := slog.New(slog.DiscardHandler)
	st, err := server.OpenStore(t.Context(), cfg, log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	srv, err := server.New(cfg, st, log)
	require.NoError(t, err)
	ts.Config.Handler = srv.Handler()
	db := store.Console(st)
	return plain{base: ts.URL, st: st, db: db}
}

// operator creates an account with a password.
func (p plain) operator(t testing.TB, name string, role domain.AdminRole, password string) {
	t.Helper()
	_, err := p.db.CreateAdmin(t.Context(), domain.Admin{Username: name, PasswordHash: console.HashPassword(password), Role: role})
	require.NoError(t, err)
}
