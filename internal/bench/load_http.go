package bench

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"time"
)

// Target is one route under load: Path returns the request path for the
// i-th request (spreading requests over users and days).
type Target struct {
	Name string
	Path func(r *rand.Rand) string
}

// Result is what one target measured.
type Result struct {
	Name       string
	Requests   int
	Errors     int
	P50, P99   time.Duration
	RPS        float64
	BytesPerOp int64
}

// HTTPOptions configures the load.
type HTTPOptions struct {
	BaseURL  string
	APIKey   string
	Clients  int
	Duration time.Duration
	Seed     uint64
	// Observe, when set, is called as each target's timed load starts and
	// its result is called when the load ends (profiling hooks).
	Observe func(target string) (done func())
}

// Run drives each target in turn with Clients concurrent clients for
// Duration, over keep-alive connections on loopback.
func Run(ctx context.Context, o HTTPOptions, targets []Target) ([]Result, error) {
	// The load generator shares the cores with the server, so it reads
	// as cheaply as it can: large buffers mean a few read calls per
	// response instead of one per 4–8 KB (hundreds for a 2 MB page).
	tr := &http.Transport{MaxIdleConns: o.Clients * 2, MaxIdleConnsPerHost: o.Clients * 2, DisableCompression: true,
		ReadBufferSize: readBuffer}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}
	out := make([]Result, 0, len(targets))
	for _, t := range targets {
		res, err := runTarget(ctx, client, o, t)
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	return out, nil
}

func runTarget(ctx context.Context, client *http.Client, o HTTPOptions, t Target) (Result, error) {
	// Warm up: one request per client so connections and caches exist.
	for i := 0; i < o.Clients; i++ {
		if _, _, err := get(ctx, client, o, t.Path(rand.New(rand.NewPCG(o.Seed, uint64(i)))), make([]byte, readBuffer)); err != nil {
			return Result{}, fmt.Errorf("bench: warm-up %s: %w", t.Name, err)
		}
	}
	var mu sync.Mutex
	var lat []time.Duration
	var errs int
	var bytes int64
	if o.Observe != nil {
		done := o.Observe(t.Name)
		defer done()
	}
	deadline := time.Now().Add(o.Duration)
	start := time.Now()
	var wg sync.WaitGroup
	for c := 0; c < o.Clients; c++ {
		wg.Go(func() {
			r := rand.New(rand.NewPCG(o.Seed, uint64(c)+1000))
			buf := make([]byte, readBuffer)
			var mine []time.Duration
			var myErrs int
			var myBytes int64
			for time.Now().Before(deadline) && ctx.Err() == nil {
				t0 := time.Now()
				n, status, err := get(ctx, client, o, t.Path(r), buf)
				mine = append(mine, time.Since(t0))
				myBytes += n
				if err != nil || status != http.StatusOK {
					myErrs++
				}
			}
			mu.Lock()
			lat, errs, bytes = append(lat, mine...), errs+myErrs, bytes+myBytes
			mu.Unlock()
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	slices.Sort(lat)
	res := Result{Name: t.Name, Requests: len(lat), Errors: errs, RPS: float64(len(lat)) / elapsed.Seconds()}
	if len(lat) > 0 {
		res.P50 = lat[len(lat)*50/100]
		res.P99 = lat[min(len(lat)-1, len(lat)*99/100)]
		res.BytesPerOp = bytes / int64(len(lat))
	}
	return res, nil
}

// readBuffer is the load generator's read size.
const readBuffer = 256 << 10

func get(ctx context.Context, client *http.Client, o HTTPOptions, path string, buf []byte) (int64, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.BaseURL+path, nil)
	if err != nil {
		return 0, 0, err
	}
	req.Header.Set("X-Open-Wearables-API-Key", o.APIKey)
	res, err := client.Do(req)
	if err != nil {
		return 0, 0, err
	}
	defer res.Body.Close()
	n, err := io.CopyBuffer(discard{}, res.Body, buf)
	if res.StatusCode != http.StatusOK {
		return n, res.StatusCode, fmt.Errorf("GET %s: status %d", path, res.StatusCode)
	}
	return n, res.StatusCode, err
}

// discard is io.Discard without its ReadFrom, so io.CopyBuffer reads
// into the caller's large buffer instead of io.Discard's 8 KB ones.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
