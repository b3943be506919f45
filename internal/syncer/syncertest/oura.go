package syncertest

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http/httptest"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
)

// OuraRig is one wired Oura simulator + engine.
type OuraRig struct {
	Engine
	World    *truth.World
	Sim      *simoura.Server
	SimURL   string
	Clock    simkit.Clock
	Provider *oura.Provider

	srv          *httptest.Server
	backfillDays int
	pageSize     int
}

// NewOura builds an Oura rig. Close it when done.
func NewOura(o Options) (*OuraRig, error) {
	if o.Store == nil {
		return nil, errors.New("syncertest: a store is required")
	}
	world, clock, err := world(o)
	if err != nil {
		return nil, err
	}
	pageSize := o.PageSize
	if pageSize <= 0 {
		pageSize = simoura.DefaultPageSize
	}
	sim, err := simoura.New(simoura.Config{World: world, Clock: clock, RateLimits: o.RateLimits, Seed: o.Seed, PageSize: pageSize})
	if err != nil {
		return nil, fmt.Errorf("syncertest: %w", err)
	}
	srv := httptest.NewServer(sim.Handler())
	r := &OuraRig{World: world, Sim: sim, SimURL: srv.URL, Clock: clock, srv: srv, pageSize: pageSize}
	if err := r.build(o); err != nil {
		r.Close()
		return nil, err
	}
	return r, nil
}

// build wires the engine on o.Store against the running simulator.
func (r *OuraRig) build(o Options) error {
	c := client(o, r.Clock, oura.Limits())
	r.Provider = oura.New(oura.Options{APIURL: r.srv.URL, AuthURL: r.srv.URL + "/oauth/authorize", TokenURL: r.srv.URL + "/oauth/token",
		ClientID: r.Sim.ClientID(), ClientSecret: r.Sim.ClientSecret(), Client: c, Now: r.Clock.Now})
	e, err := newEngine(o, r.Clock, r.Provider)
	if err != nil {
		return err
	}
	r.Engine = e
	r.backfillDays = o.BackfillDays
	return nil
}

// Close stops the simulator.
func (r *OuraRig) Close() {
	r.Sim.Close()
	r.srv.Close()
}

// Counters are the simulator's request counters.
func (r *OuraRig) Counters() *simkit.Counters { return r.Sim.Kit().Counters }

// Connect runs the whole OAuth flow for a new wearhouse user.
func (r *OuraRig) Connect(ctx context.Context, simUser int) (domain.Connection, error) {
	id, err := r.newUser(ctx)
	if err != nil {
		return domain.Connection{}, err
	}
	return r.ConnectUser(ctx, id, simUser)
}

// ConnectUser connects an existing wearhouse user to simulated person
// simUser.
func (r *OuraRig) ConnectUser(ctx context.Context, userID string, simUser int) (domain.Connection, error) {
	return r.connect(ctx, domain.ProviderOura, userID, simUser)
}

// Person returns the simulated person behind a connection.
func (r *OuraRig) Person(c domain.Connection) (*truth.Person, error) {
	p, ok := r.World.PersonByOuraID(c.ProviderUserID)
	if !ok {
		return nil, fmt.Errorf("syncertest: no simulated person %s", c.ProviderUserID)
	}
	return p, nil
}

// heartRatePage and heartRateSpan are the simulator's heart-rate page
// size and the longest window Oura serves in one heartrate query.
const (
	heartRatePage = simoura.DefaultHeartRatePage
	heartRateSpan = 30 * 24 * time.Hour
)

// MinimumRequests is the fewest requests Oura's pagination allows for
// what a backfill of c stored: personal_info is one call; every other
// collection needs ⌈n/page⌉ pages and at least one (clients cannot
// choose the page size); heart rate needs at least one query per 30 days
// of window and one page per 1,000 samples, whichever is more.
func (r *OuraRig) MinimumRequests(ctx context.Context, c domain.Connection) (Minimum, error) {
	var types []string
	for _, dt := range r.Provider.DataTypes() {
		types = append(types, dt.Name)
	}
	n, err := countRaw(ctx, r.Store, c, types...)
	if err != nil {
		return Minimum{}, err
	}
	m := Minimum{PerType: map[string]int{}}
	for _, dt := range types {
		m.PerType[dt] = max(1, (n[dt]+r.pageSize-1)/r.pageSize)
	}
	m.PerType[oura.TypePersonalInfo] = 1
	samples, err := r.heartRateSamples(ctx, c)
	if err != nil {
		return Minimum{}, err
	}
	window := time.Duration(r.backfillDays) * 24 * time.Hour
	m.PerType[oura.TypeHeartRate] = max(int((window+heartRateSpan-1)/heartRateSpan), (samples+heartRatePage-1)/heartRatePage)
	m.sum(n)
	return m, nil
}

// heartRateSamples counts the samples in c's stored heart-rate days (one
// raw document per UTC day holding Oura's items verbatim).
func (r *OuraRig) heartRateSamples(ctx context.Context, c domain.Connection) (int, error) {
	docs, err := r.Store.ListRawDocuments(ctx, store.RawQuery{UserID: c.UserID, Provider: c.Provider, DataType: oura.TypeHeartRate,
		Page: store.Page{Limit: 1_000_000}})
	if err != nil {
		return 0, fmt.Errorf("syncertest: raw heart rate: %w", err)
	}
	total := 0
	for _, d := range docs {
		var day struct {
			Data []json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(d.Body, &day); err != nil {
			return 0, fmt.Errorf("syncertest: heart-rate day %s: %w", d.ProviderRecordID, err)
		}
		total += len(day.Data)
	}
	return total, nil
}
