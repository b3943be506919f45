package simulator

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Options configure Start.
type Options struct {
	// Providers to serve by name (default: every factory).
	Providers []string
	// Users, Days and Seed shape the world (see truth.Options).
	Users, Days int
	Seed        int64
	// End is the exclusive end of generated days; zero means UTC midnight
	// of the clock's today, so the data ends "now".
	End time.Time
	// Clock defaults to the wall clock. With a FakeClock, time only moves
	// through Cluster.Advance (or /_sim/advance).
	Clock simkit.Clock
	// Host to listen on (default 127.0.0.1) and fixed ports per provider
	// (missing or 0: any free port).
	Host  string
	Ports map[string]int
	// WebhookURLs per provider name.
	WebhookURLs map[string]string
	// Unmetered lifts the providers' rate limits. With a fake clock that
	// only moves between demo ticks, a per-minute quota would never reset
	// during a backfill; the demo, running everything on one machine, has
	// no quota to protect.
	Unmetered bool
	// Factories override DefaultFactories (tests plug fakes in here).
	Factories map[string]Factory
	// SyncInterval is how often a wall-clock cluster lets the world catch
	// up with real time (default one minute).
	SyncInterval time.Duration
	Logger       *slog.Logger
}

// Endpoint describes one running provider.
type Endpoint struct {
	Name    string `json:"name"`
	BaseURL string `json:"base_url"`
	URLs
	Credentials
}

// Cluster is a set of running simulated providers over one world.
type Cluster struct {
	World     *truth.World
	Clock     simkit.Clock
	Endpoints []Endpoint

	log       *slog.Logger
	mu        sync.Mutex // serialises Advance
	providers []Provider
	servers   []*http.Server
	stop      context.CancelFunc
	done      chan struct{}
	closeOnce sync.Once
}

// Start generates the world and serves the selected providers until Close
// (or until ctx ends, which stops the background sync only).
func Start(ctx context.Context, opts Options) (*Cluster, error) {
	if opts.Clock == nil {
		opts.Clock = simkit.RealClock{}
	}
	if opts.Factories == nil {
		opts.Factories = DefaultFactories()
	}
	if len(opts.Providers) == 0 {
		for name := range opts.Factories {
			opts.Providers = append(opts.Providers, name)
		}
		slices.Sort(opts.Providers)
	}
	if opts.Host == "" {
		opts.Host = "127.0.0.1"
	}
	if opts.SyncInterval <= 0 {
		opts.SyncInterval = time.Minute
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	end := opts.End
	if end.IsZero() {
		end = opts.Clock.Now().UTC().Truncate(24 * time.Hour)
	}
	world, err := truth.Generate(truth.Options{Seed: opts.Seed, Users: opts.Users, Days: opts.Days, End: end})
	if err != nil {
		return nil, fmt.Errorf("simulator: %w", err)
	}
	if lag := opts.Clock.Now().Sub(world.Now()); lag > 0 {
		world.Advance(lag) // catch up to the time of day; nobody to notify yet
	}
	c := &Cluster{World: world, Clock: opts.Clock, log: opts.Logger, done: make(chan struct{})}
	if err := c.serve(opts); err != nil {
		return nil, errors.Join(err, c.shutdown(ctx))
	}
	syncCtx, cancel := context.WithCancel(ctx)
	c.stop = cancel
	go c.syncLoop(syncCtx, opts.SyncInterval)
	return c, nil
}

// serve builds and starts each provider on its own listener.
func (c *Cluster) serve(opts Options) error {
	for _, name := range opts.Providers {
		factory, ok := opts.Factories[name]
		if !ok {
			return fmt.Errorf("simulator: unknown provider %q", name)
		}
		p, err := factory(ProviderConfig{
			World: c.World, Clock: c.Clock, Seed: opts.Seed, WebhookURL: opts.WebhookURLs[name], Advance: c.advanceCount,
			Unmetered: opts.Unmetered,
		})
		if err != nil {
			return fmt.Errorf("simulator: start %s: %w", name, err)
		}
		c.providers = append(c.providers, p)
		ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, strconv.Itoa(opts.Ports[name])))
		if err != nil {
			return fmt.Errorf("simulator: listen for %s: %w", name, err)
		}
		srv := &http.Server{Handler: p.Handler(), ReadHeaderTimeout: 10 * time.Second}
		c.servers = append(c.servers, srv)
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				c.log.Error("simulator stopped", slog.String("provider", name), slog.String("error", err.Error()))
			}
		}()
		base := "http://" + ln.Addr().String()
		c.Endpoints = append(c.Endpoints, Endpoint{Name: name, BaseURL: base, URLs: p.URLs(base), Credentials: p.Credentials()})
	}
	return nil
}

// syncLoop lets a wall-clock world follow real time, firing webhooks as
// records appear. A fake clock only moves through Advance.
func (c *Cluster) syncLoop(ctx context.Context, every time.Duration) {
	defer close(c.done)
	if _, fake := c.Clock.(*simkit.FakeClock); fake {
		<-ctx.Done()
		return
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, err := c.catchUp(ctx); err != nil {
				c.log.Warn("simulator sync", slog.String("error", err.Error()))
			}
		}
	}
}

// catchUp advances the world to the clock.
func (c *Cluster) catchUp(ctx context.Context) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	lag := c.Clock.Now().Sub(c.World.Now())
	if lag <= 0 {
		return 0, nil
	}
	return c.notify(ctx, c.World.Advance(lag))
}

// Advance moves a FakeClock (if that is the clock) and the world forward
// by d and notifies every provider. It returns the number of changes.
func (c *Cluster) Advance(ctx context.Context, d time.Duration) (int, error) {
	return c.advanceCount(ctx, d)
}

func (c *Cluster) advanceCount(ctx context.Context, d time.Duration) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if fc, ok := c.Clock.(*simkit.FakeClock); ok {
		fc.Advance(d)
	}
	return c.notify(ctx, c.World.Advance(d))
}

// notify hands changes to every provider; c.mu must be held.
func (c *Cluster) notify(ctx context.Context, changes []truth.Change) (int, error) {
	var errs []error
	for _, p := range c.providers {
		errs = append(errs, p.Notify(ctx, changes))
	}
	if err := errors.Join(errs...); err != nil {
		return len(changes), fmt.Errorf("simulator: notify: %w", err)
	}
	return len(changes), nil
}

// Endpoint returns the endpoint of a provider by name.
func (c *Cluster) Endpoint(name string) (Endpoint, bool) {
	for _, e := range c.Endpoints {
		if e.Name == name {
			return e, true
		}
	}
	return Endpoint{}, false
}

// Close stops the background sync and closes the servers and their
// connections (requests in flight are cut: a fake has nothing to drain).
// Nothing waits on ctx any more; it is kept so callers need not change.
// It is safe to call twice.
func (c *Cluster) Close(ctx context.Context) error {
	var err error
	c.closeOnce.Do(func() {
		if c.stop != nil {
			c.stop()
			<-c.done
		}
		err = c.shutdown(ctx)
	})
	return err
}

func (c *Cluster) shutdown(ctx context.Context) error {
	for _, p := range c.providers {
		p.Close()
	}
	// Connections are closed at once rather than drained: whoever closes a
	// fake is done with it, and a client's spare connection that never
	// sent a request would hold a graceful Shutdown for five seconds
	// (net/http counts such a connection as busy until then).
	var errs []error
	for _, s := range c.servers {
		if err := s.Close(); err != nil {
			errs = append(errs, fmt.Errorf("simulator: close: %w", err))
		}
	}
	return errors.Join(errs...)
}
