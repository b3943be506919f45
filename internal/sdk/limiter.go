package sdk

import (
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// maxClients bounds the per-client table: past it the table starts over,
// which only ever gives a client a fresh allowance, never more than the
// process-wide limit.
const maxClients = 10_000

// limiter caps attempts per minute per client and for the whole process.
// It is per process: replicas each apply it (documented in docs/api.md).
type limiter struct {
	mu        sync.Mutex
	perClient int
	clients   map[string]*rate.Limiter
	global    *rate.Limiter
}

func newLimiter(perClient, global int) *limiter {
	return &limiter{perClient: perClient, clients: map[string]*rate.Limiter{},
		global: rate.NewLimiter(rate.Limit(float64(global)/60), global)}
}

// allow spends one attempt of client at now.
func (l *limiter) allow(client string, now time.Time) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	c, ok := l.clients[client]
	if !ok {
		if len(l.clients) >= maxClients {
			clear(l.clients)
		}
		c = rate.NewLimiter(rate.Limit(float64(l.perClient)/60), l.perClient)
		l.clients[client] = c
	}
	return c.AllowN(now, 1) && l.global.AllowN(now, 1)
}
