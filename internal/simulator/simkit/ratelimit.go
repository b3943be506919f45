package simkit

import (
	"sync"
	"time"
)

// Window is one fixed rate-limit window, e.g. 100 per minute. Windows are
// aligned to multiples of Length since the Unix epoch, as the providers'
// "per minute" and "per day" quotas are.
type Window struct {
	Limit  int
	Length time.Duration
}

// Decision is the result of one rate-limit check.
type Decision struct {
	Allowed bool
	// RetryAfter is how long until the exhausted window resets (zero when
	// allowed).
	RetryAfter time.Duration
	// Limit, Remaining and Reset describe the tightest window, for
	// X-RateLimit-* headers.
	Limit, Remaining int
	Reset            time.Duration
}

// RateLimiter counts requests per key (an app's client id) in fixed
// windows. A rejected request does not count.
type RateLimiter struct {
	clock   Clock
	mu      sync.Mutex
	windows []Window
	counts  map[string][]counter
}

type counter struct {
	start time.Time
	n     int
}

// NewRateLimiter returns a limiter with the given windows; with none it
// allows everything.
func NewRateLimiter(clock Clock, windows ...Window) *RateLimiter {
	if clock == nil {
		clock = RealClock{}
	}
	return &RateLimiter{clock: clock, windows: windows, counts: map[string][]counter{}}
}

// SetWindows replaces the windows and forgets all counts.
func (l *RateLimiter) SetWindows(windows ...Window) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.windows = windows
	l.counts = map[string][]counter{}
}

// Windows returns the configured windows.
func (l *RateLimiter) Windows() []Window {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Window(nil), l.windows...)
}

// Reset forgets all counts.
func (l *RateLimiter) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.counts = map[string][]counter{}
}

// Allow checks and, if allowed, counts one request for key.
func (l *RateLimiter) Allow(key string) Decision {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.clock.Now()
	cs := l.counts[key]
	if len(cs) != len(l.windows) {
		cs = make([]counter, len(l.windows))
	}
	d := Decision{Allowed: true, Remaining: -1}
	for i, w := range l.windows {
		start := now.Truncate(w.Length)
		if !cs[i].start.Equal(start) {
			cs[i] = counter{start: start}
		}
		reset := start.Add(w.Length).Sub(now)
		if cs[i].n >= w.Limit {
			d.Allowed = false
			d.RetryAfter = max(d.RetryAfter, reset)
		}
		if rem := w.Limit - cs[i].n; d.Remaining < 0 || rem < d.Remaining {
			d.Limit, d.Remaining, d.Reset = w.Limit, rem, reset
		}
	}
	if d.Allowed {
		for i := range cs {
			cs[i].n++
		}
		if d.Remaining > 0 {
			d.Remaining--
		}
	} else {
		d.Remaining = 0
	}
	if d.Remaining < 0 {
		d.Remaining = 0
	}
	l.counts[key] = cs
	return d
}
