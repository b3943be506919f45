package whooplabs

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"sync"
	"time"
)

// replays remembers the outcome of each write by its client-supplied
// idempotency key, so a retried POST or PATCH is answered from memory and
// never sent to WHOOP twice. It is in memory on purpose: bounded (at most
// max keys, each for ttl; the oldest go first) and per process — a retry
// that reaches another replica, or comes after a restart, is sent again,
// which WHOOP's status updates tolerate (they set, not add) and which for
// diagnostic reports is the documented limit (docs/providers/whoop.md).
type replays struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	byKey map[string]*replay
	order []string // insertion order for eviction
}

// replay is one key's request fingerprint and outcome; done closes when
// the first attempt finishes, so a concurrent retry waits for it.
type replay struct {
	fingerprint [32]byte
	at          time.Time
	done        chan struct{}
	value       any
	err         error
	keep        bool
}

func newReplays(max int, ttl time.Duration, now func() time.Time) *replays {
	return &replays{max: max, ttl: ttl, now: now, byKey: map[string]*replay{}}
}

// do runs send once per (op, key): a repeat with the same request gets
// the first outcome; with a different request, ErrKeyReused. Transient
// failures are forgotten so the retry sends again; successes and WHOOP's
// definitive 4xx answers are kept. An empty key sends every time.
func (r *replays) do(ctx context.Context, op, key string, request any, send func() (any, error)) (any, error) {
	if key == "" {
		return send()
	}
	raw, _ := json.Marshal(request)
	fp := sha256.Sum256(append([]byte(op+"\x00"), raw...))
	k := op + "\x00" + key
	for {
		r.mu.Lock()
		r.expire()
		e, found := r.byKey[k]
		if !found {
			e = &replay{fingerprint: fp, at: r.now(), done: make(chan struct{})}
			r.byKey[k] = e
			r.order = append(r.order, k)
			r.evict()
			r.mu.Unlock()
			e.value, e.err = send()
			e.keep = e.err == nil || definitive(e.err)
			close(e.done)
			if !e.keep {
				r.forget(k, e)
			}
			return e.value, e.err
		}
		r.mu.Unlock()
		if e.fingerprint != fp {
			return nil, ErrKeyReused
		}
		select {
		case <-e.done:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
		if e.keep {
			return e.value, e.err
		}
		// The first attempt failed transiently and was forgotten: send.
	}
}

func (r *replays) forget(k string, e *replay) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.byKey[k] == e {
		delete(r.byKey, k)
	}
}

// expire drops keys older than ttl (the order is by age).
func (r *replays) expire() {
	cut := r.now().Add(-r.ttl)
	i := 0
	for ; i < len(r.order); i++ {
		e, ok := r.byKey[r.order[i]]
		if ok && e.at.After(cut) {
			break
		}
		if ok {
			delete(r.byKey, r.order[i])
		}
	}
	r.order = r.order[i:]
}

// evict keeps at most max keys.
func (r *replays) evict() {
	for len(r.byKey) > r.max && len(r.order) > 0 {
		delete(r.byKey, r.order[0])
		r.order = r.order[1:]
	}
}

// len is the number of remembered keys (tests).
func (r *replays) len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.byKey)
}
