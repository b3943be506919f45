// Package rig wires wearhouse's connect-and-sync engine to a WHOOP
// simulator over real HTTP: simulator, provider, token service, syncer and
// (optionally) River workers on a given store. End-to-end tests and
// `wearhouse bench backfill` both run on it, so what the benchmark
// measures is exactly what the tests prove correct.
package rig

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// Options configures New.
type Options struct {
	Store store.Store
	// Users, Days and Seed shape the simulated world.
	Users, Days int
	Seed        int64
	// DeleteRate is passed to the truth (negative disables deletions).
	DeleteRate float64
	// RateLimits of the simulated app: nil keeps WHOOP's defaults, an
	// empty slice disables them.
	RateLimits []simkit.Window
	// Budget limits the client side; nil is WHOOP's published limits on
	// the wall clock.
	Budget provider.Budget
	// RealClock runs the simulator on the wall clock (the benchmark);
	// otherwise it runs on a fake clock moved by Advance.
	RealClock    bool
	BackfillDays int
	// Timeout per provider request (default 5 s).
	Timeout time.Duration
	// WebhookURL is where the simulator posts webhooks ("" = none).
	WebhookURL string
	// Enqueue, when set, receives connect and webhook jobs.
	Enqueue syncer.Enqueuer
	Logger  *slog.Logger
}

// Rig is one wired simulator + engine.
type Rig struct {
	World    *truth.World
	Sim      *simwhoop.Server
	SimURL   string
	Clock    simkit.Clock
	Provider *whoop.Provider
	Registry *provider.Registry
	Tokens   *oauthflow.Service
	Syncer   *syncer.Syncer
	Store    store.Store

	srv *httptest.Server
}

// New builds a rig. Close it when done.
func New(o Options) (*Rig, error) {
	if o.Store == nil {
		return nil, errors.New("rig: a store is required")
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	end := time.Time{}
	var clock simkit.Clock
	if o.RealClock {
		clock = simkit.RealClock{}
		end = time.Now().UTC().Truncate(24 * time.Hour).Add(24 * time.Hour)
	}
	world, err := truth.Generate(truth.Options{Seed: o.Seed, Users: o.Users, Days: o.Days, End: end, DeleteRate: o.DeleteRate})
	if err != nil {
		return nil, fmt.Errorf("rig: %w", err)
	}
	if clock == nil {
		clock = simkit.NewFakeClock(world.Now())
	}
	sim, err := simwhoop.New(simwhoop.Config{World: world, Clock: clock, RateLimits: o.RateLimits, WebhookURL: o.WebhookURL, Seed: o.Seed})
	if err != nil {
		return nil, fmt.Errorf("rig: %w", err)
	}
	srv := httptest.NewServer(sim.Handler())
	r := &Rig{World: world, Sim: sim, SimURL: srv.URL, Clock: clock, Store: o.Store, srv: srv}
	if err := r.build(o); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Reopen rebuilds the engine (provider client, token service, syncer) on
// another store handle, as a restarted process would; the simulator and
// its world stay.
func (r *Rig) Reopen(o Options) error {
	r.Store = o.Store
	return r.build(o)
}

// build wires the engine on o.Store against the running simulator.
func (r *Rig) build(o Options) error {
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	clock, srv, sim := r.Clock, r.srv, r.Sim
	var err error
	budget := o.Budget
	if budget == nil {
		budget = provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: whoop.Limits()})
	}
	timeout := o.Timeout
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	client := provider.NewClient(provider.ClientOptions{Timeout: timeout, Budget: budget, Now: clock.Now, DefaultRetryAfter: 5 * time.Second})
	r.Provider = whoop.New(whoop.Options{APIURL: srv.URL + simwhoop.APIPrefix, AuthURL: srv.URL + "/oauth/oauth2/auth",
		TokenURL: srv.URL + "/oauth/oauth2/token", ClientID: sim.ClientID(), ClientSecret: sim.ClientSecret(), Client: client, Now: clock.Now})
	if r.Registry, err = provider.NewRegistry(r.Provider); err != nil {
		return err
	}
	var onConnect func(context.Context, domain.Connection) error
	r.Tokens, err = oauthflow.New(oauthflow.Options{Store: o.Store, Registry: r.Registry, BaseURL: "https://wearhouse.test",
		RedirectAllowlist: []string{"https://app.test/"}, Now: clock.Now, Logger: o.Logger,
		OnConnect: func(ctx context.Context, c domain.Connection) error {
			if onConnect != nil {
				return onConnect(ctx, c)
			}
			return nil
		}})
	if err != nil {
		return err
	}
	r.Syncer, err = syncer.New(syncer.Options{Store: o.Store, Registry: r.Registry, Tokens: r.Tokens, Enqueue: o.Enqueue,
		BackfillDays: o.BackfillDays, Now: clock.Now, Logger: o.Logger})
	if err != nil {
		return err
	}
	onConnect = r.Syncer.OnConnect
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
	u, err := r.Store.CreateUser(ctx, domain.User{})
	if err != nil {
		return domain.Connection{}, err
	}
	return r.ConnectUser(ctx, u.ID, simUser)
}

// ConnectUser connects an existing wearhouse user to simulated person
// simUser.
func (r *Rig) ConnectUser(ctx context.Context, userID string, simUser int) (domain.Connection, error) {
	res, err := r.Tokens.Authorize(ctx, domain.ProviderWHOOP, userID, "https://app.test/connected")
	if err != nil {
		return domain.Connection{}, err
	}
	code, state, err := r.Approve(ctx, res.AuthorizationURL, simUser)
	if err != nil {
		return domain.Connection{}, err
	}
	cb, err := r.Tokens.Callback(ctx, domain.ProviderWHOOP, oauthflow.CallbackParams{Code: code, State: state})
	if err != nil {
		return domain.Connection{}, err
	}
	if cb.Status != "success" {
		return domain.Connection{}, fmt.Errorf("rig: connect: %s", cb.Error)
	}
	return cb.Connection, nil
}

// Approve visits an authorization URL as simulated person simUser and
// returns the code and state the simulator redirects back with.
func (r *Rig) Approve(ctx context.Context, authURL string, simUser int) (string, string, error) {
	u, err := url.Parse(authURL)
	if err != nil {
		return "", "", err
	}
	q := u.Query()
	q.Set(simwhoop.SimUserParam, fmt.Sprint(simUser))
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return "", "", err
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	if err != nil {
		return "", "", err
	}
	defer res.Body.Close()
	loc, err := url.Parse(res.Header.Get("Location"))
	if err != nil || loc.Query().Get("code") == "" {
		return "", "", fmt.Errorf("rig: authorize answered %d without a code (%s)", res.StatusCode, res.Header.Get("Location"))
	}
	return loc.Query().Get("code"), loc.Query().Get("state"), nil
}

// Person returns the simulated person behind a connection.
func (r *Rig) Person(c domain.Connection) (*truth.Person, error) {
	var id int64
	if _, err := fmt.Sscan(c.ProviderUserID, &id); err != nil {
		return nil, err
	}
	p, ok := r.World.PersonByWhoopID(id)
	if !ok {
		return nil, fmt.Errorf("rig: no simulated person %s", c.ProviderUserID)
	}
	return p, nil
}
