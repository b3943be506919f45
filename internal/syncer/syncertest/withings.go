package syncertest

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// WithingsRig is one wired Withings simulator + engine.
type WithingsRig struct {
	Engine
	World    *truth.World
	Sim      *simwithings.Server
	SimURL   string
	Clock    simkit.Clock
	Provider *withings.Provider

	srv          *httptest.Server
	backfillDays int
	pageSize     int
}

// NewWithings builds a Withings rig. With o.BaseURL set, connecting
// subscribes the user to notifications as the server does. Close it when
// done.
func NewWithings(o Options) (*WithingsRig, error) {
	if o.Store == nil {
		return nil, errors.New("syncertest: a store is required")
	}
	world, clock, err := world(o)
	if err != nil {
		return nil, err
	}
	pageSize := o.PageSize
	if pageSize <= 0 {
		pageSize = simwithings.DefaultPageSize
	}
	sim, err := simwithings.New(simwithings.Config{World: world, Clock: clock, RateLimits: o.RateLimits, Seed: o.Seed, PageSize: pageSize})
	if err != nil {
		return nil, fmt.Errorf("syncertest: %w", err)
	}
	srv := httptest.NewServer(sim.Handler())
	r := &WithingsRig{World: world, Sim: sim, SimURL: srv.URL, Clock: clock, srv: srv, pageSize: pageSize}
	if err := r.build(o); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// Reopen rebuilds the engine on another store handle, as a restarted
// process would; the simulator, its world and its subscriptions stay.
func (r *WithingsRig) Reopen(o Options) error { return r.build(o) }

// build wires the engine on o.Store against the running simulator.
func (r *WithingsRig) build(o Options) error {
	c := client(o, r.Clock, withings.Limits())
	r.Provider = withings.New(withings.Options{APIURL: r.srv.URL, AuthURL: r.srv.URL + simwithings.RouteAuthorize,
		TokenURL: r.srv.URL + simwithings.RouteToken, ClientID: r.Sim.ClientID(), ClientSecret: r.Sim.ClientSecret(),
		BaseURL: o.BaseURL, Client: c, Now: r.Clock.Now})
	var hooks []func(context.Context, domain.Connection) error
	if o.BaseURL != "" {
		hooks = append(hooks, r.Provider.OnConnect)
	}
	e, err := newEngine(o, r.Clock, r.Provider, hooks...)
	if err != nil {
		return err
	}
	r.Engine = e
	r.backfillDays = o.BackfillDays
	return nil
}

// Close stops the simulator.
func (r *WithingsRig) Close() {
	r.Sim.Close()
	r.srv.Close()
}

// Counters are the simulator's request counters.
func (r *WithingsRig) Counters() *simkit.Counters { return r.Sim.Kit().Counters }

// Advance moves simulated time (fake clock only) and posts the
// notifications the changes cause to the subscribed callbacks.
func (r *WithingsRig) Advance(ctx context.Context, d time.Duration) ([]simwithings.Notification, error) {
	return r.Sim.Advance(ctx, d)
}

// Connect runs the whole OAuth flow for a new wearhouse user.
func (r *WithingsRig) Connect(ctx context.Context, simUser int) (domain.Connection, error) {
	id, err := r.newUser(ctx)
	if err != nil {
		return domain.Connection{}, err
	}
	return r.ConnectUser(ctx, id, simUser)
}

// ConnectUser connects an existing wearhouse user to simulated person
// simUser.
func (r *WithingsRig) ConnectUser(ctx context.Context, userID string, simUser int) (domain.Connection, error) {
	return r.connect(ctx, domain.ProviderWithings, userID, simUser)
}

// Person returns the simulated person behind a connection.
func (r *WithingsRig) Person(c domain.Connection) (*truth.Person, error) {
	id, err := strconv.ParseInt(c.ProviderUserID, 10, 64)
	if err != nil {
		return nil, fmt.Errorf("syncertest: provider user id %q: %w", c.ProviderUserID, err)
	}
	p, ok := r.World.PersonByWithingsID(id)
	if !ok {
		return nil, fmt.Errorf("syncertest: no simulated person %s", c.ProviderUserID)
	}
	return p, nil
}

// MinimumRequests is the fewest requests Withings' API allows for what a
// backfill of c stored. The client cannot choose a page size, so each
// list service (getmeas, getactivity, getworkouts, sleep getsummary,
// heart list) needs ⌈n/page⌉ pages and at least one; getdevice is one
// call; sleep get and heart get are one call per night and per recording
// (heart get takes one signalid; sleep get serves one night's hypnogram
// and is capped at 24 h, so nights never share a call — a nap next to a
// night could, which this bound does not credit); intraday returns at
// most 24 h per call, so a window of D days needs D calls.
func (r *WithingsRig) MinimumRequests(ctx context.Context, c domain.Connection) (Minimum, error) {
	n, err := countRaw(ctx, r.Store, c, withings.TypeMeasure, withings.TypeActivity, withings.TypeWorkout,
		withings.TypeSleep, withings.TypeECG, withings.TypeIntraday, withings.TypeDevice)
	if err != nil {
		return Minimum{}, err
	}
	pages := func(k int) int { return max(1, (k+r.pageSize-1)/r.pageSize) }
	m := Minimum{PerType: map[string]int{
		withings.TypeDevice:   1,
		withings.TypeMeasure:  pages(n[withings.TypeMeasure]),
		withings.TypeActivity: pages(n[withings.TypeActivity]),
		withings.TypeIntraday: r.backfillDays,
		withings.TypeWorkout:  pages(n[withings.TypeWorkout]),
		withings.TypeSleep:    pages(n[withings.TypeSleep]) + n[withings.TypeSleep],
		withings.TypeECG:      pages(n[withings.TypeECG]) + n[withings.TypeECG],
	}}
	m.sum(n)
	return m, nil
}
