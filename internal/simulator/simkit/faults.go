package simkit

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"time"
)

// FaultKind names a misbehaviour a route can be told to show.
type FaultKind string

// Fault kinds. Each mimics something real clients meet in production.
const (
	// FaultStatus answers with Status (default 503) instead of the data.
	FaultStatus FaultKind = "status"
	// FaultHang never answers; the handler returns when the client gives
	// up (request context done) or the kit is closed.
	FaultHang FaultKind = "hang"
	// FaultTruncate sends the real status with the body cut in half.
	FaultTruncate FaultKind = "truncate"
	// FaultMalformed sends the real status with a body that is not JSON.
	FaultMalformed FaultKind = "malformed"
	// FaultUnauthorized answers 401 as if the access token had expired.
	FaultUnauthorized FaultKind = "unauthorized"
	// FaultRateLimit answers 429 with Retry-After as if the quota were used.
	FaultRateLimit FaultKind = "rate_limit"
	// FaultSlow answers normally after Delay.
	FaultSlow FaultKind = "slow"
)

// AllRoutes is the route key matching every data route.
const AllRoutes = "*"

// Fault configures one fault rule.
type Fault struct {
	Kind FaultKind
	// Status for FaultStatus (default 503).
	Status int
	// Delay for FaultSlow, and Retry-After for FaultRateLimit (default 60 s).
	Delay time.Duration
	// Count limits how many requests the rule affects. With Probability 0,
	// zero means one: "the next request fails".
	Count int
	// Probability, when positive, makes each matching request fail with
	// this probability (drawn from the kit's seeded generator) until Count
	// is used up (forever if Count is 0).
	Probability float64
}

// Faults is a registry of fault rules keyed by route pattern (as passed
// to Kit.Handle, e.g. "GET /developer/v2/cycle") or AllRoutes.
type Faults struct {
	mu    sync.Mutex
	rng   *rand.Rand
	rules map[string][]*rule
}

type rule struct {
	f    Fault
	left int // -1: unlimited
}

// NewFaults returns an empty registry whose probabilistic rules draw from
// a generator seeded with seed, so runs are reproducible.
func NewFaults(seed int64) *Faults {
	return &Faults{rng: rand.New(rand.NewPCG(uint64(seed), 0x5eed)), rules: map[string][]*rule{}}
}

// Set adds a rule for route. Rules for a route apply in the order added.
func (f *Faults) Set(route string, fault Fault) error {
	switch fault.Kind {
	case FaultStatus, FaultHang, FaultTruncate, FaultMalformed, FaultUnauthorized, FaultRateLimit, FaultSlow:
	default:
		return fmt.Errorf("simkit: unknown fault kind %q", fault.Kind)
	}
	if fault.Probability < 0 || fault.Probability > 1 || fault.Count < 0 {
		return fmt.Errorf("simkit: fault probability %v or count %d out of range", fault.Probability, fault.Count)
	}
	r := &rule{f: fault, left: fault.Count}
	if fault.Count == 0 {
		r.left = 1
		if fault.Probability > 0 {
			r.left = -1
		}
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules[route] = append(f.rules[route], r)
	return nil
}

// Clear removes the rules of one route; Reset removes all.
func (f *Faults) Clear(route string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.rules, route)
}

// Reset removes all rules.
func (f *Faults) Reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.rules = map[string][]*rule{}
}

// take returns the fault to apply to one request on route, consuming it.
func (f *Faults) take(route string) (Fault, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, key := range []string{route, AllRoutes} {
		rules := f.rules[key]
		for i, r := range rules {
			if r.f.Probability > 0 && f.rng.Float64() >= r.f.Probability {
				continue
			}
			if r.left > 0 {
				r.left--
				if r.left == 0 {
					f.rules[key] = append(rules[:i:i], rules[i+1:]...)
				}
			}
			return r.f, true
		}
	}
	return Fault{}, false
}
