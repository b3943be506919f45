package syncer

import (
	"context"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SharedBudget is a provider application's rate budget shared by every
// replica through the database: a local token bucket smooths this
// process's requests, and a fixed-window count per limit in the store
// caps all replicas together (a little under the provider's limit, so
// window edges and clock skew do not cause 429s). A 429 pauses the shared
// budget for everyone.
type SharedBudget struct {
	local   *provider.LocalBudget
	extra   store.SyncExtra
	name    string
	buckets []store.RateBucket
	// bulk are the same windows with a lower cap: backfills leave the
	// rest of each window to webhook fetches and connects, so those
	// never wait behind other replicas' backfills.
	bulk     []store.RateBucket
	patience time.Duration
	now      func() time.Time
	log      *slog.Logger
}

// bulkShare is the percentage of each window bulk requests may use;
// priority requests may use up to 95 %.
const bulkShare = 85

// NewSharedBudget builds the budget of one provider application.
func NewSharedBudget(x store.SyncExtra, providerName string, limits []provider.Limit, now func() time.Time, log *slog.Logger) *SharedBudget {
	if now == nil {
		now = time.Now
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	b := &SharedBudget{extra: x, name: providerName, patience: 5 * time.Second, now: now, log: log,
		local: provider.NewLocalBudget(provider.LocalBudgetOptions{Limits: limits, Now: now})}
	for _, l := range limits {
		b.buckets = append(b.buckets, store.RateBucket{Name: l.Per.String(), Limit: max(1, l.Requests*95/100), Window: l.Per})
		b.bulk = append(b.bulk, store.RateBucket{Name: l.Per.String(), Limit: max(1, l.Requests*bulkShare/100), Window: l.Per})
	}
	return b
}

// Take waits for the local bucket, then for the shared windows.
func (b *SharedBudget) Take(ctx context.Context) error {
	if err := b.local.Take(ctx); err != nil {
		return err
	}
	buckets, patience := b.bulk, provider.PatienceFor(ctx, b.patience)
	if provider.IsPriority(ctx) {
		buckets = b.buckets
	}
	for waited := time.Duration(0); ; {
		wait, err := b.extra.TakeRateBudget(ctx, b.name, buckets, b.now())
		if err != nil {
			return err
		}
		if wait <= 0 {
			return nil
		}
		if waited+wait > patience {
			return &provider.RateLimitError{RetryAfter: wait, Local: true}
		}
		t := time.NewTimer(wait)
		select {
		case <-t.C:
		case <-ctx.Done():
			t.Stop()
			return ctx.Err()
		}
		waited += wait
	}
}

// Pause blocks this process at once and every replica through the store.
func (b *SharedBudget) Pause(ctx context.Context, wait time.Duration) {
	b.local.Pause(ctx, wait)
	now := b.now()
	if err := b.extra.PauseRateBudget(context.WithoutCancel(ctx), b.name, now.Add(wait), now); err != nil {
		b.log.WarnContext(ctx, "sharing a rate-limit pause failed", slog.String("provider", b.name), slog.Any("error", err))
	}
}
