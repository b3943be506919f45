package simkit

import (
	"net/http"
	"sync"
)

// RouteStats counts the requests one route served.
type RouteStats struct {
	Requests int         `json:"requests"`
	Statuses map[int]int `json:"statuses"`
}

// Counters count requests per route pattern, so tests can assert how many
// calls a client made (for example that paging did not over-fetch).
type Counters struct {
	mu     sync.Mutex
	routes map[string]*RouteStats
}

// NewCounters returns empty counters.
func NewCounters() *Counters { return &Counters{routes: map[string]*RouteStats{}} }

// record counts one request on route with its final status.
func (c *Counters) record(route string, status int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.routes[route]
	if !ok {
		s = &RouteStats{Statuses: map[int]int{}}
		c.routes[route] = s
	}
	s.Requests++
	s.Statuses[status]++
}

// Count returns the number of requests on route.
func (c *Counters) Count(route string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if s, ok := c.routes[route]; ok {
		return s.Requests
	}
	return 0
}

// Total returns the number of requests on all routes.
func (c *Counters) Total() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := 0
	for _, s := range c.routes {
		n += s.Requests
	}
	return n
}

// Snapshot returns a copy of all counters.
func (c *Counters) Snapshot() map[string]RouteStats {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := make(map[string]RouteStats, len(c.routes))
	for k, s := range c.routes {
		st := make(map[int]int, len(s.Statuses))
		for code, n := range s.Statuses {
			st[code] = n
		}
		out[k] = RouteStats{Requests: s.Requests, Statuses: st}
	}
	return out
}

// Reset zeroes all counters.
func (c *Counters) Reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.routes = map[string]*RouteStats{}
}

// statusWriter reports the status a handler writes, once, as it is
// written.
type statusWriter struct {
	http.ResponseWriter
	status   int
	reported bool
	onStatus func(int)
}

func (w *statusWriter) setStatus(code int) {
	if w.reported {
		return
	}
	w.status, w.reported = code, true
	if w.onStatus != nil {
		w.onStatus(code)
	}
}

// finish reports a handler that wrote nothing (a fault that hung up) with
// status 0.
func (w *statusWriter) finish() { w.setStatus(w.status) }

func (w *statusWriter) WriteHeader(code int) {
	w.setStatus(code)
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	w.setStatus(http.StatusOK)
	return w.ResponseWriter.Write(b)
}

// Flush lets streaming handlers flush through the wrapper.
func (w *statusWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}
