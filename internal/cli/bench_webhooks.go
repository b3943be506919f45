package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// runBenchWebhooks measures outgoing webhooks through a whole process
// (River jobs, dispatcher, delivery engine) to a local receiver: the
// deliveries/s of a burst already in the outbox, then, at a steady rate
// of stored changes, the time from a change being stored to its
// delivery reaching the receiver (p50/p99).
func runBenchWebhooks(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("bench webhooks", env)
	dbURL := fs.String("database-url", "", "postgres://… URL to benchmark PostgreSQL in a scratch schema of that database (default: SQLite)")
	users := fs.Int("users", 200, "users the changes belong to (each user's deliveries are in order, one at a time)")
	burst := fs.Int("burst", 20000, "changes written before delivery starts (throughput)")
	rate := fs.Int("rate", 1000, "changes per second written during the latency phase")
	seconds := fs.Int("seconds", 10, "length of the latency phase")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *users <= 0 || *burst <= 0 || *rate <= 0 || *seconds <= 0 {
		return fmt.Errorf("%w: -users, -burst, -rate and -seconds must be positive", errUsage)
	}
	st, cleanup, err := benchStore(ctx, *dbURL)
	if err != nil {
		return err
	}
	defer cleanup()
	rc, err := startBenchReceiver()
	if err != nil {
		return err
	}
	defer rc.close()
	w, err := newHookWriter(ctx, st, *users)
	if err != nil {
		return err
	}
	sec, err := signing.NewSecret(nil)
	if err != nil {
		return err
	}
	if _, err := st.CreateWebhookEndpoint(ctx, domain.WebhookEndpoint{URL: rc.url, Secret: sec.Bytes()}); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "webhooks: store %s, %d users, burst %d, then %d changes/s for %ds\n", st.Engine(), *users, *burst, *rate, *seconds)
	if err := w.write(ctx, *burst); err != nil {
		return err
	}
	stop, err := startBenchServer(ctx, st)
	if err != nil {
		return err
	}
	defer stop()
	if err := rc.wait(ctx, *burst, 10*time.Minute); err != nil {
		return err
	}
	first, last := rc.span()
	fmt.Fprintf(env.Stdout, "burst:   %d deliveries in %s: %.0f deliveries/s\n", *burst, last.Sub(first).Round(time.Millisecond),
		float64(*burst)/last.Sub(first).Seconds())

	rc.reset()
	n, err := w.steady(ctx, *rate, time.Duration(*seconds)*time.Second)
	if err != nil {
		return err
	}
	if err := rc.wait(ctx, n, 2*time.Minute); err != nil {
		return err
	}
	lat := rc.latencies()
	fmt.Fprintf(env.Stdout, "steady:  %d changes at %d/s: stored → delivery received p50 %s, p99 %s, max %s\n", n, *rate,
		pct(lat, 50), pct(lat, 99), pct(lat, 100))
	return nil
}

// pct is the p-th percentile of sorted durations.
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	i := min(len(ds)-1, (len(ds)*p)/100)
	return ds[i].Round(time.Millisecond)
}

// startBenchServer runs a wearhouse process on st until the returned stop.
func startBenchServer(ctx context.Context, st store.Store) (func(), error) {
	cfg := config.Defaults()
	cfg.SecretKey = secret.NewKey()
	cfg.Webhooks.AllowLoopback = true
	log := slog.New(slog.DiscardHandler)
	srv, err := server.New(cfg, st, log)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { _ = srv.Run(ctx, ln); close(done) }()
	return func() { cancel(); <-done }, nil
}

// hookWriter writes sleep sessions round-robin over its users.
type hookWriter struct {
	st      store.Store
	users   []domain.DataSource
	written int
}

func newHookWriter(ctx context.Context, st store.Store, n int) (*hookWriter, error) {
	w := &hookWriter{st: st}
	for range n {
		u, err := st.CreateUser(ctx, domain.User{})
		if err != nil {
			return nil, err
		}
		ds, err := st.EnsureDataSource(ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderWHOOP})
		if err != nil {
			return nil, err
		}
		w.users = append(w.users, ds)
	}
	return w, nil
}

// write stores n changes in pages of up to 500, as a sync would.
func (w *hookWriter) write(ctx context.Context, n int) error {
	for n > 0 {
		k := min(n, 500)
		evs := make([]domain.Event, k)
		for i := range evs {
			ds := w.users[w.written%len(w.users)]
			start := time.Date(2020, 1, 1, 22, 0, 0, 0, time.UTC).Add(time.Duration(w.written) * time.Minute)
			evs[i] = domain.Event{RecordMeta: domain.RecordMeta{UserID: ds.UserID, DataSourceID: ds.ID, ProviderRecordID: "b" + strconv.Itoa(w.written)},
				Category: domain.CategorySleep, Type: "sleep_session", StartTime: start, EndTime: start.Add(time.Hour)}
			w.written++
		}
		if _, err := w.st.UpsertEvents(ctx, evs); err != nil {
			return err
		}
		n -= k
	}
	return nil
}

// steady writes rate changes per second for d, in 10 ms ticks, and
// returns how many it wrote.
func (w *hookWriter) steady(ctx context.Context, rate int, d time.Duration) (int, error) {
	const tick = 10 * time.Millisecond
	t := time.NewTicker(tick)
	defer t.Stop()
	end := time.Now().Add(d)
	total, owed := 0, 0.0
	for time.Now().Before(end) {
		select {
		case <-ctx.Done():
			return total, ctx.Err()
		case <-t.C:
		}
		owed += float64(rate) * tick.Seconds()
		if k := int(owed); k > 0 {
			if err := w.write(ctx, k); err != nil {
				return total, err
			}
			owed -= float64(k)
			total += k
		}
	}
	return total, nil
}

// benchReceiver counts deliveries and their latency.
type benchReceiver struct {
	srv  *http.Server
	url  string
	mu   sync.Mutex
	seen map[string]bool
	lat  []time.Duration
	ats  []time.Time
}

func startBenchReceiver() (*benchReceiver, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	rc := &benchReceiver{url: "http://" + ln.Addr().String() + "/hook", seen: map[string]bool{}}
	rc.srv = &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		now := time.Now()
		body, _ := io.ReadAll(r.Body)
		var env struct {
			Timestamp time.Time `json:"timestamp"`
		}
		_ = json.Unmarshal(body, &env)
		rc.mu.Lock()
		if id := r.Header.Get("webhook-id"); !rc.seen[id] {
			rc.seen[id] = true
			rc.lat = append(rc.lat, now.Sub(env.Timestamp))
			rc.ats = append(rc.ats, now)
		}
		rc.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})}
	go func() { _ = rc.srv.Serve(ln) }()
	return rc, nil
}

func (rc *benchReceiver) close() { _ = rc.srv.Close() }

func (rc *benchReceiver) count() int {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return len(rc.lat)
}

func (rc *benchReceiver) reset() {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.lat, rc.ats = nil, nil
}

// wait polls until n deliveries arrived.
func (rc *benchReceiver) wait(ctx context.Context, n int, limit time.Duration) error {
	t := time.NewTicker(5 * time.Millisecond)
	defer t.Stop()
	deadline := time.Now().Add(limit)
	for rc.count() < n {
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: %d of %d deliveries after %s", rc.count(), n, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
	return nil
}

func (rc *benchReceiver) span() (time.Time, time.Time) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return slices.MinFunc(rc.ats, time.Time.Compare), slices.MaxFunc(rc.ats, time.Time.Compare)
}

func (rc *benchReceiver) latencies() []time.Duration {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	out := slices.Clone(rc.lat)
	slices.Sort(out)
	return out
}
