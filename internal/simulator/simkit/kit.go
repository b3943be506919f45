package simkit

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"sync"
	"time"
)

// ErrorWriter renders an error in a provider's format; kits use it for
// injected faults and unknown routes.
type ErrorWriter func(w http.ResponseWriter, r *http.Request, status int, message string)

// Hooks let the admin API reach into the simulator that owns the kit.
type Hooks struct {
	// Advance moves simulated time forward and returns how many changes
	// (webhook-worthy events) it produced.
	Advance func(ctx context.Context, d time.Duration) (int, error)
	// Reset restores the simulator's own state (beyond counters, faults
	// and rate limits, which the kit resets itself).
	Reset func()
	// Status returns anything worth showing at GET /_sim/status.
	Status func() any
}

// Config configures a Kit.
type Config struct {
	Clock Clock
	// Seed drives probabilistic faults.
	Seed int64
	// WriteError renders errors; the default writes {"error": message}.
	WriteError ErrorWriter
	// OAuth and Limiter, when set, are reachable from the admin API.
	OAuth   *OAuthStore
	Limiter *RateLimiter
	Hooks   Hooks
}

// Kit bundles the routing, counting and fault injection of one simulated
// provider, plus its admin API under /_sim/.
type Kit struct {
	cfg      Config
	Faults   *Faults
	Counters *Counters
	mux      *http.ServeMux
	done     chan struct{}
	once     sync.Once
}

// New returns a Kit with the admin API registered.
func New(cfg Config) *Kit {
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.WriteError == nil {
		cfg.WriteError = func(w http.ResponseWriter, _ *http.Request, status int, msg string) {
			WriteJSON(w, status, map[string]string{"error": msg})
		}
	}
	k := &Kit{cfg: cfg, Faults: NewFaults(cfg.Seed), Counters: NewCounters(), mux: http.NewServeMux(), done: make(chan struct{})}
	k.registerAdmin()
	k.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		k.cfg.WriteError(w, r, http.StatusNotFound, "no such route: "+r.URL.Path)
	})
	return k
}

// Clock returns the kit's clock.
func (k *Kit) Clock() Clock { return k.cfg.Clock }

// Handler returns the HTTP handler serving every registered route.
func (k *Kit) Handler() http.Handler { return k.mux }

// Close releases handlers hung by FaultHang. It is safe to call twice.
func (k *Kit) Close() { k.once.Do(func() { close(k.done) }) }

// HandleFunc is Handle for a function.
func (k *Kit) HandleFunc(pattern string, h http.HandlerFunc) { k.Handle(pattern, h) }

// Handle registers h for a ServeMux pattern ("GET /v2/cycle/{id}"). The
// pattern is also the key for counters and fault rules.
func (k *Kit) Handle(pattern string, h http.Handler) {
	k.mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		// The request is counted when its status is written, before the
		// client can see the answer, so a caller that reads the counters
		// right after its call returns never misses it.
		sw := &statusWriter{ResponseWriter: w, onStatus: func(code int) { k.Counters.record(pattern, code) }}
		defer sw.finish()
		f, ok := k.Faults.take(pattern)
		if !ok {
			h.ServeHTTP(sw, r)
			return
		}
		k.serveFault(sw, r, f, h)
	})
}

// serveFault applies one fault to a request.
func (k *Kit) serveFault(w *statusWriter, r *http.Request, f Fault, h http.Handler) {
	switch f.Kind {
	case FaultStatus:
		k.cfg.WriteError(w, r, cmp.Or(f.Status, http.StatusServiceUnavailable), "simulated failure")
	case FaultHang:
		select {
		case <-r.Context().Done():
		case <-k.done:
		}
		w.status = 599 // never answered; recorded as such
	case FaultUnauthorized:
		k.cfg.WriteError(w, r, http.StatusUnauthorized, "access token expired")
	case FaultRateLimit:
		retry := cmp.Or(f.Delay, time.Minute)
		w.Header().Set("Retry-After", strconv.Itoa(int(retry.Seconds())))
		k.cfg.WriteError(w, r, http.StatusTooManyRequests, "rate limit exceeded")
	case FaultSlow:
		t := time.NewTimer(f.Delay)
		defer t.Stop()
		select {
		case <-t.C:
			h.ServeHTTP(w, r)
		case <-r.Context().Done():
		case <-k.done:
		}
	case FaultTruncate, FaultMalformed:
		buf := &bufferWriter{header: http.Header{}}
		h.ServeHTTP(buf, r)
		for key, v := range buf.header {
			w.Header()[key] = v
		}
		w.Header().Del("Content-Length")
		body := buf.body.Bytes()
		if f.Kind == FaultTruncate {
			body = body[:len(body)/2]
		} else {
			// Same length, but '"a":1' becomes '"a"=1': not JSON.
			body = bytes.ReplaceAll(body, []byte(`":`), []byte(`"=`))
			if len(body) == 0 {
				body = []byte("<html>")
			}
		}
		w.WriteHeader(cmp.Or(buf.status, http.StatusOK))
		_, _ = w.Write(body)
	}
}

// bufferWriter captures a response so that a fault can mangle it.
type bufferWriter struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferWriter) Header() http.Header { return b.header }
func (b *bufferWriter) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}
func (b *bufferWriter) Write(p []byte) (int, error) { return b.body.Write(p) }

// WriteJSON writes v as a JSON response with status.
func WriteJSON(w http.ResponseWriter, status int, v any) {
	body, err := json.Marshal(v)
	if err != nil {
		http.Error(w, "encode response: "+err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
