// Package demo runs `wearhouse demo`: the whole product on one machine in
// a minute. It starts the WHOOP, Oura and Withings simulators in-process,
// a wearhouse server on the embedded SQLite store, connects demo users to
// every provider through the real OAuth flow, backfills their history with
// a progress display, and keeps simulated time moving so new nights arrive
// as webhooks.
package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"path/filepath"
	"time"

	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/simulator"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// Options configure a demo run.
type Options struct {
	// Dir holds the demo's database, key and API key; reused next time.
	Dir   string
	Fresh bool
	// Addr is the listen address ("127.0.0.1:8080"; "127.0.0.1:0" picks a port).
	Addr  string
	Seed  int64
	Days  int
	Users int
	// Tick is how often simulated time moves, by Step each time.
	Tick, Step time.Duration
	// BackfillTimeout bounds the wait for the initial backfill.
	BackfillTimeout time.Duration
	Out             io.Writer
	// Terminal draws live progress bars; otherwise progress is plain lines.
	Terminal bool
	Logger   *slog.Logger
	// Ready, if set, is called once the demo is connected and backfilled.
	Ready func(Info)
}

// Info is what a newcomer needs to try the API.
type Info struct {
	BaseURL string
	APIKey  string
	DocsURL string
	UserIDs []string
	Curls   []string
	// LabRequisition and LabServiceRequest name the first user's WHOOP
	// lab order at the simulator's lab partner, for the
	// /api/v1/labs/whoop/… routes (empty without the WHOOP simulator).
	LabRequisition, LabServiceRequest string
	// ConsoleURL opens the operator console on the first user's page;
	// AdminUsername and AdminPassword sign in to it.
	ConsoleURL, AdminUsername, AdminPassword string
}

// Run runs the demo until ctx is cancelled.
func Run(ctx context.Context, o Options) error {
	o = withDefaults(o)
	if o.Fresh {
		if err := os.RemoveAll(o.Dir); err != nil {
			return fmt.Errorf("demo: remove %s: %w", o.Dir, err)
		}
	}
	if err := os.MkdirAll(o.Dir, 0o700); err != nil {
		return fmt.Errorf("demo: %w", err)
	}
	ln, err := net.Listen("tcp", o.Addr)
	if err != nil {
		return fmt.Errorf("demo: listen on %s (is another wearhouse running? try --port): %w", o.Addr, err)
	}
	base := "http://" + hostPort(ln.Addr())
	started := time.Now().Truncate(time.Second) // runs are stamped to the millisecond

	clock := simkit.NewFakeClock(time.Now().UTC())
	cluster, err := simulator.Start(ctx, simulator.Options{Users: o.Users, Days: o.Days, Seed: o.Seed, Clock: clock,
		WebhookURLs: map[string]string{"whoop": base + "/api/v1/providers/whoop/webhooks"}, Unmetered: true, Logger: o.Logger})
	if err != nil {
		_ = ln.Close()
		return fmt.Errorf("demo: start simulators: %w", err)
	}
	defer func() {
		stop, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = cluster.Close(stop)
	}()

	cfg := demoConfig(o, base, cluster)
	st, err := server.OpenStore(ctx, cfg, o.Logger)
	if err != nil {
		_ = ln.Close()
		return err
	}
	defer st.Close()
	if err := retireOldTokens(ctx, st); err != nil {
		_ = ln.Close()
		return err
	}
	srv, err := server.New(cfg, st, o.Logger, server.WithClock(clock.Now))
	if err != nil {
		_ = ln.Close()
		return err
	}
	runCtx, stopServer := context.WithCancel(ctx)
	defer stopServer()
	served := make(chan error, 1)
	go func() { served <- srv.Run(runCtx, ln) }()

	info, err := setUp(ctx, o, st, base, cluster, started)
	if err != nil {
		stopServer()
		<-served
		return err
	}
	printInfo(o.Out, info)
	if err := watchWebhooks(runCtx, o, base, info.APIKey); err != nil {
		stopServer()
		<-served
		return err
	}
	if o.Ready != nil {
		o.Ready(info)
	}
	return keepTime(ctx, o, cluster, served)
}

// keepTime advances simulated time until the demo stops: new nights,
// rescoring and deletions reach wearhouse as webhooks and pulls.
func keepTime(ctx context.Context, o Options, c *simulator.Cluster, served <-chan error) error {
	t := time.NewTicker(o.Tick)
	defer t.Stop()
	for {
		select {
		case err := <-served:
			return err
		case <-ctx.Done():
			err := <-served
			if errors.Is(err, context.Canceled) {
				err = nil
			}
			return err
		case <-t.C:
			if _, err := c.Advance(ctx, o.Step); err != nil && ctx.Err() == nil {
				o.Logger.Warn("advancing simulated time", slog.Any("error", err))
			}
		}
	}
}

func withDefaults(o Options) Options {
	if o.Dir == "" {
		o.Dir = filepath.Join("data", "demo")
	}
	if o.Addr == "" {
		o.Addr = "127.0.0.1:8080"
	}
	if o.Days <= 0 {
		o.Days = 90
	}
	if o.Users <= 0 {
		o.Users = 3
	}
	if o.Tick <= 0 {
		o.Tick = 10 * time.Second
	}
	if o.Step <= 0 {
		o.Step = time.Hour
	}
	if o.BackfillTimeout <= 0 {
		o.BackfillTimeout = 5 * time.Minute
	}
	if o.Out == nil {
		o.Out = io.Discard
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

func hostPort(a net.Addr) string {
	if tcp, ok := a.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return fmt.Sprintf("localhost:%d", tcp.Port)
	}
	return a.String()
}
