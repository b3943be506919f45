// Package syncertest is test support (River's rivertest convention): it
// wires wearhouse's connect-and-sync engine to a simulated provider over
// real HTTP — simulator, provider, token service, syncer and (optionally)
// River workers on a given store. New builds a rig for WHOOP, NewOura and
// NewWithings for the other two. End-to-end tests, `wearhouse bench
// backfill` and `wearhouse bench sync` all run on it, so what the
// benchmarks measure is exactly what the tests prove correct. Only tests
// and the bench commands import it; production packages never do
// (arch_test.go enforces this).
package syncertest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// Options configures New, NewOura and NewWithings.
type Options struct {
	Store store.Store
	// Users, Days and Seed shape the simulated world.
	Users, Days int
	Seed        int64
	// DeleteRate is passed to the truth (negative disables deletions).
	DeleteRate float64
	// RateLimits of the simulated app: nil keeps the provider's defaults,
	// an empty slice disables them.
	RateLimits []simkit.Window
	// Budget limits the client side; nil is the provider's published
	// limits on the wall clock.
	Budget provider.Budget
	// RealClock runs the simulator on the wall clock (the benchmark);
	// otherwise it runs on a fake clock moved by Advance.
	RealClock    bool
	BackfillDays int
	// Timeout per provider request (default 5 s).
	Timeout time.Duration
	// WebhookURL is where the WHOOP simulator posts webhooks ("" = none).
	WebhookURL string
	// BaseURL is WEARHOUSE_BASE_URL for Withings: with it, connecting
	// subscribes the user to notifications at BaseURL's webhook route, as
	// the server does ("" = no subscriptions).
	BaseURL string
	// PageSize of the Oura and Withings simulators' list pages (0 = the
	// simulator's default).
	PageSize int
	// SleepStream makes the WHOOP connector fetch each sleep's 1 Hz
	// signal stream (production does; off here because a night's stream is
	// ~4 MB of JSON, which would dominate every other test's run time).
	SleepStream bool
	// Enqueue, when set, receives connect and webhook jobs.
	Enqueue syncer.Enqueuer
	Logger  *slog.Logger
}

// Rig is one wired WHOOP simulator + engine.
type Rig struct {
	Engine
	World    *truth.World
	Sim      *simwhoop.Server
	SimURL   string
	Clock    simkit.Clock
	Provider *whoop.Provider

	srv *httptest.Server
}

// New builds a WHOOP rig. Close it when done.
func New(o Options) (*Rig, error) {
	if o.Store == nil {
		return nil, errors.New("syncertest: a store is required")
	}
	world, clock, err := world(o)
	if err != nil {
		return nil, err
	}
	sim, err := simwhoop.New(simwhoop.Config{World: world, Clock: clock, RateLimits: o.RateLimits, WebhookURL: o.WebhookURL, Seed: o.Seed})
	if err != nil {
		return nil, fmt.Errorf("syncertest: %w", err)
	}
	srv := httptest.NewServer(sim.Handler())
	r := &Rig{World: world, Sim: sim, SimURL: srv.URL, Clock: clock, srv: srv}
	if err := r.build(o); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Reopen rebuilds the engine (provider client, token service, syncer) on
// another store handle, as a restarted process would; the simulator and
// its world stay.
func (r *Rig) Reopen(o Options) error { return r.build(o) }

// build wires the engine on o.Store against the running simulator.
func (r *Rig) build(o Options) error {
	c := client(o, r.Clock, whoop.Limits())
	r.Provider = whoop.New(whoop.Options{APIURL: r.srv.URL + simwhoop.APIPrefix, AuthURL: r.srv.URL + "/oauth/oauth2/auth",
		TokenURL: r.srv.URL + "/oauth/oauth2/token", ClientID: r.Sim.ClientID(), ClientSecret: r.Sim.ClientSecret(), Client: c, Now: r.Clock.Now, NoSleepStream: !o.SleepStream})
	e, err := newEngine(o, r.Clock, r.Provider)
	if err != nil {
		return err
	}
	r.Engine = e
	return nil
}

// Close stops the simulator.
func (r *Rig) Close() {
	r.Sim.Kit().Close()
	r.srv.Close()
}

// Advance moves simulated time (fake clock only) and sends the webhooks
// the changes cause.
func (r *Rig) Advance(ctx context.Context, d time.Duration) ([]simwhoop.WebhookEvent, error) {
	return r.Sim.Advance(ctx, d)
}

// Connect runs the whole OAuth flow for a new wearhouse user against the
// simulator: authorize, the simulator's approval redirect, callback.
func (r *Rig) Connect(ctx context.Context, simUser int) (domain.Connection, error) {
	id, err := r.newUser(ctx)
	if err != nil {
		return domain.Connection{}, err
	}
	return r.ConnectUser(ctx, id, simUser)
}

// ConnectUser connects an existing wearhouse user to simulated person
// simUser.
func (r *Rig) ConnectUser(ctx context.Context, userID string, simUser int) (domain.Connection, error) {
	return r.connect(ctx, domain.ProviderWHOOP, userID, simUser)
}

// Approve visits an authorization URL as simulated person simUser and
// returns the code and state the simulator redirects back with.
func (r *Rig) Approve(ctx context.Context, authURL string, simUser int) (string, string, error) {
	return approve(ctx, authURL, simUser)
}

// Person returns the simulated person behind a connection.
func (r *Rig) Person(c domain.Connection) (*truth.Person, error) {
	var id int64
	if _, err := fmt.Sscan(c.ProviderUserID, &id); err != nil {
		return nil, fmt.Errorf("syncertest: provider user id %q: %w", c.ProviderUserID, err)
	}
	p, ok := r.World.PersonByWhoopID(id)
	if !ok {
		return nil, fmt.Errorf("syncertest: no simulated person %s", c.ProviderUserID)
	}
	return p, nil
}
