package provider

import (
	"context"
	"fmt"
	"math"
	"sync"
	"sync/atomic"
	"time"

	"golang.org/x/time/rate"
)

// Limit is one of a provider application's published rate limits, e.g.
// 100 requests per minute.
type Limit struct {
	Requests int
	Per      time.Duration
}

// Budget hands out permission to send requests to one provider
// application. Every worker calling that provider shares one Budget.
type Budget interface {
	// Take waits until one request may be sent. When the wait would be
	// longer than the budget's patience it returns a *RateLimitError
	// instead, so the job can be snoozed rather than pin a worker.
	Take(ctx context.Context) error
	// Pause holds every request for wait, after the provider answered
	// 429 with Retry-After. A duration, not an instant: each budget
	// measures it on its own clock.
	Pause(ctx context.Context, wait time.Duration)
}

// LocalBudget is an in-process token bucket per limit (x/time/rate). The
// bucket is sized so that no window of length Per ever sees more than
// Requests calls: burst + rate×Per = Requests, with the burst a small
// share so steady throughput stays close to the limit.
type LocalBudget struct {
	limiters []*rate.Limiter
	patience time.Duration
	now      func() time.Time

	mu     sync.Mutex
	paused time.Time
	// urgent counts priority callers inside Take; bulk callers step
	// aside while it is non-zero. connecting counts the connect-time
	// ones, before whom webhook fetches step aside too.
	urgent     atomic.Int64
	connecting atomic.Int64
}

type priorityKey struct{}

// Priority orders callers of a budget: higher levels are served first.
type Priority int

// Priority levels.
const (
	// Bulk is backfills and scheduled pulls.
	Bulk Priority = iota
	// Webhook is fetches a provider announced (WithPriority).
	Webhook
	// Connect is the calls made while a person waits for their connect
	// to finish: token exchange and identity (WithConnectPriority).
	Connect
)

// ConnectPatience is how long a connect-time call waits for the budget
// before giving up: far beyond a bulk call's patience, since failing
// means the person's connect fails, yet inside the callback's HTTP
// write timeout.
const ConnectPatience = 60 * time.Second

// WithPriority marks ctx's requests as urgent (webhook-triggered
// fetches): budgets serve them before bulk requests (backfills, pulls).
func WithPriority(ctx context.Context) context.Context {
	if PriorityOf(ctx) >= Webhook {
		return ctx
	}
	return context.WithValue(ctx, priorityKey{}, Webhook)
}

// WithConnectPriority marks ctx's requests as made during a connect:
// budgets serve them before webhook fetches and bulk requests, and they
// wait up to ConnectPatience instead of failing when backfills are busy.
func WithConnectPriority(ctx context.Context) context.Context {
	return context.WithValue(ctx, priorityKey{}, Connect)
}

// PriorityOf is ctx's priority level (Bulk when unmarked).
func PriorityOf(ctx context.Context) Priority {
	v, _ := ctx.Value(priorityKey{}).(Priority)
	return v
}

// IsPriority reports whether ctx is above bulk (WithPriority or
// WithConnectPriority).
func IsPriority(ctx context.Context) bool { return PriorityOf(ctx) > Bulk }

// PatienceFor is how long a caller at ctx's priority waits for a budget
// whose own patience is p.
func PatienceFor(ctx context.Context, p time.Duration) time.Duration {
	if PriorityOf(ctx) == Connect {
		return max(p, ConnectPatience)
	}
	return p
}

// LocalBudgetOptions configures NewLocalBudget.
type LocalBudgetOptions struct {
	Limits []Limit
	// Patience is the longest Take blocks before answering with a
	// RateLimitError (default 5 s).
	Patience time.Duration
	// BurstShare is the share of each limit available as an initial
	// burst (default 0.05, at least 1 request).
	BurstShare float64
	// Now is the clock (default time.Now).
	Now func() time.Time
}

// NewLocalBudget builds a budget enforcing every limit at once.
func NewLocalBudget(o LocalBudgetOptions) *LocalBudget {
	b := &LocalBudget{patience: o.Patience, now: o.Now}
	if b.patience <= 0 {
		b.patience = 5 * time.Second
	}
	if b.now == nil {
		b.now = time.Now
	}
	share := o.BurstShare
	if share <= 0 || share >= 1 {
		share = 0.05
	}
	for _, l := range o.Limits {
		if l.Requests <= 0 || l.Per <= 0 {
			continue
		}
		burst := max(1, int(math.Floor(float64(l.Requests)*share)))
		perSecond := float64(l.Requests-burst) / l.Per.Seconds()
		if perSecond <= 0 {
			perSecond = 1 / l.Per.Seconds()
		}
		lim := rate.NewLimiter(rate.Limit(perSecond), burst)
		b.limiters = append(b.limiters, lim)
	}
	return b
}

// Take reserves one request on every limiter and waits for the latest of
// them, or gives the reservations back and reports the wait when it is
// longer than the patience.
func (b *LocalBudget) Take(ctx context.Context) error {
	patience := PatienceFor(ctx, b.patience)
	switch PriorityOf(ctx) {
	case Connect:
		b.connecting.Add(1)
		defer b.connecting.Add(-1)
		b.urgent.Add(1)
		defer b.urgent.Add(-1)
	case Webhook:
		b.urgent.Add(1)
		defer b.urgent.Add(-1)
		if err := b.yield(ctx, &b.connecting); err != nil {
			return err
		}
	default:
		if err := b.yield(ctx, &b.urgent); err != nil {
			return err
		}
	}
	now := b.now()
	b.mu.Lock()
	paused := b.paused
	b.mu.Unlock()
	if wait := paused.Sub(now); wait > 0 {
		if wait > patience {
			return &RateLimitError{RetryAfter: wait, Local: true}
		}
		if err := sleep(ctx, wait); err != nil {
			return err
		}
		now = b.now()
	}
	var wait time.Duration
	rs := make([]*rate.Reservation, 0, len(b.limiters))
	for _, l := range b.limiters {
		r := l.ReserveN(now, 1)
		if !r.OK() {
			cancelAll(rs, now)
			return fmt.Errorf("provider: budget cannot ever grant a request: %w", ErrRejected)
		}
		rs = append(rs, r)
		wait = max(wait, r.DelayFrom(now))
	}
	if wait > patience {
		cancelAll(rs, now)
		return &RateLimitError{RetryAfter: wait, Local: true}
	}
	if wait <= 0 {
		return nil
	}
	if err := sleep(ctx, wait); err != nil {
		cancelAll(rs, b.now())
		return err
	}
	return nil
}

// yield lets higher callers go first: it waits while ahead counts any
// taking, up to the patience.
func (b *LocalBudget) yield(ctx context.Context, ahead *atomic.Int64) error {
	const step = 10 * time.Millisecond
	for waited := time.Duration(0); ahead.Load() > 0; waited += step {
		if waited >= b.patience {
			return &RateLimitError{RetryAfter: step, Local: true}
		}
		if err := sleep(ctx, step); err != nil {
			return err
		}
	}
	return nil
}

// Pause holds requests for wait (a later end wins over an earlier one).
func (b *LocalBudget) Pause(_ context.Context, wait time.Duration) {
	t := b.now().Add(wait)
	b.mu.Lock()
	defer b.mu.Unlock()
	if t.After(b.paused) {
		b.paused = t
	}
}

func cancelAll(rs []*rate.Reservation, now time.Time) {
	for _, r := range rs {
		r.CancelAt(now)
	}
}

// sleep waits for d or until ctx is done.
func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return fmt.Errorf("provider: waiting for rate budget: %w", ctx.Err())
	}
}

// Unlimited is a Budget that never waits, for tests of code paths that do
// not care about rate limits.
type Unlimited struct{}

// Take always grants.
func (Unlimited) Take(context.Context) error { return nil }

// Pause is a no-op.
func (Unlimited) Pause(context.Context, time.Duration) {}
