package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// BudgetRow is one rate_budgets row.
type BudgetRow struct {
	Provider     string
	Bucket       string
	WindowStart  time.Time
	Window       time.Duration
	Limit        int
	Used         int
	BlockedUntil *time.Time
	UpdatedAt    time.Time
}

// ExtraOps is the row access behind store.SyncExtra. Each engine's ops
// implement it next to Ops; it is a separate interface so the sync
// engine's storage grows without touching the core set.
type ExtraOps interface {
	RawDocumentByKey(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error)
	GetSyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error)
	PutSyncProgress(ctx context.Context, p store.SyncProgress) error
	DeleteSyncProgress(ctx context.Context, connectionID, dataType string) error
	// ClaimLease takes the lease when free, expired (expires ≤ now) or
	// already the holder's; it reports whether holder has it.
	ClaimLease(ctx context.Context, connectionID, holder string, expires, now time.Time) (bool, error)
	ReleaseLease(ctx context.Context, connectionID, holder string) error
	// EnsureBudget inserts the row if missing; LockBudget reads it for
	// update (row lock on Postgres; SQLite's writer is already exclusive).
	EnsureBudget(ctx context.Context, b BudgetRow) error
	LockBudget(ctx context.Context, provider, bucket string) (BudgetRow, error)
	SaveBudget(ctx context.Context, b BudgetRow) error
	PauseBudget(ctx context.Context, provider string, until, now time.Time) error
}

var (
	_ store.SyncExtra = (*Tx)(nil)
	_ store.SyncExtra = (*Store)(nil)
)

func (t *Tx) extra() (ExtraOps, error) {
	x, ok := t.ops.(ExtraOps)
	if !ok {
		return nil, fmt.Errorf("store: engine ops %T lack the sync extras", t.ops)
	}
	return x, nil
}

// RawDocument returns one stored raw document, deleted ones included.
func (t *Tx) RawDocument(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	x, err := t.extra()
	if err != nil {
		return domain.RawDocument{}, err
	}
	d, err := x.RawDocumentByKey(ctx, userID, p, dataType, providerRecordID)
	if err != nil {
		return domain.RawDocument{}, fmt.Errorf("store: raw document %s/%s/%s: %w", p, dataType, providerRecordID, err)
	}
	return d, nil
}

// SyncProgress returns a window sync's stored progress.
func (t *Tx) SyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	x, err := t.extra()
	if err != nil {
		return store.SyncProgress{}, err
	}
	p, err := x.GetSyncProgress(ctx, connectionID, dataType)
	if err != nil {
		return store.SyncProgress{}, fmt.Errorf("store: sync progress %s/%s: %w", connectionID, dataType, err)
	}
	return p, nil
}

// SetSyncProgress records a window sync's progress.
func (t *Tx) SetSyncProgress(ctx context.Context, p store.SyncProgress) error {
	x, err := t.extra()
	if err != nil {
		return err
	}
	p.WindowStart, p.WindowEnd, p.UpdatedAt = MS(p.WindowStart), MS(p.WindowEnd), t.clock()
	if err := x.PutSyncProgress(ctx, p); err != nil {
		return fmt.Errorf("store: set sync progress %s/%s: %w", p.ConnectionID, p.DataType, err)
	}
	return nil
}

// ClearSyncProgress forgets a finished window sync's progress.
func (t *Tx) ClearSyncProgress(ctx context.Context, connectionID, dataType string) error {
	x, err := t.extra()
	if err != nil {
		return err
	}
	if err := x.DeleteSyncProgress(ctx, connectionID, dataType); err != nil {
		return fmt.Errorf("store: clear sync progress %s/%s: %w", connectionID, dataType, err)
	}
	return nil
}

// ClaimTokenRefresh takes the connection's refresh lease.
func (t *Tx) ClaimTokenRefresh(ctx context.Context, connectionID, holder string, until, now time.Time) (bool, error) {
	x, err := t.extra()
	if err != nil {
		return false, err
	}
	ok, err := x.ClaimLease(ctx, connectionID, holder, MS(until), MS(now))
	if err != nil {
		return false, fmt.Errorf("store: claim refresh lease %s: %w", connectionID, err)
	}
	return ok, nil
}

// ReleaseTokenRefresh frees holder's lease.
func (t *Tx) ReleaseTokenRefresh(ctx context.Context, connectionID, holder string) error {
	x, err := t.extra()
	if err != nil {
		return err
	}
	if err := x.ReleaseLease(ctx, connectionID, holder); err != nil {
		return fmt.Errorf("store: release refresh lease %s: %w", connectionID, err)
	}
	return nil
}

// TakeRateBudget counts one request in every bucket, or none when any
// bucket is full or the provider is paused, reporting the wait.
func (t *Tx) TakeRateBudget(ctx context.Context, provider string, buckets []store.RateBucket, now time.Time) (time.Duration, error) {
	x, err := t.extra()
	if err != nil {
		return 0, err
	}
	now = MS(now)
	rows := make([]BudgetRow, 0, len(buckets))
	var wait time.Duration
	for _, b := range buckets {
		if b.Limit <= 0 || b.Window <= 0 {
			continue
		}
		start := windowStart(now, b.Window)
		if err := x.EnsureBudget(ctx, BudgetRow{Provider: provider, Bucket: b.Name, WindowStart: start, Window: b.Window, Limit: b.Limit, UpdatedAt: now}); err != nil {
			return 0, fmt.Errorf("store: rate budget %s/%s: %w", provider, b.Name, err)
		}
		row, err := x.LockBudget(ctx, provider, b.Name)
		if err != nil {
			return 0, fmt.Errorf("store: rate budget %s/%s: %w", provider, b.Name, err)
		}
		if row.BlockedUntil != nil && row.BlockedUntil.After(now) {
			wait = max(wait, row.BlockedUntil.Sub(now))
		}
		if !row.WindowStart.Equal(start) || row.Window != b.Window {
			row.WindowStart, row.Window, row.Used = start, b.Window, 0
		}
		row.Limit = b.Limit
		if row.Used >= row.Limit {
			wait = max(wait, start.Add(b.Window).Sub(now))
		}
		rows = append(rows, row)
	}
	if wait > 0 {
		return wait, nil
	}
	for _, row := range rows {
		row.Used++
		row.UpdatedAt = now
		if err := x.SaveBudget(ctx, row); err != nil {
			return 0, fmt.Errorf("store: rate budget %s/%s: %w", provider, row.Bucket, err)
		}
	}
	return 0, nil
}

// windowStart aligns a fixed window to the epoch, as providers count
// "per minute" and "per day".
func windowStart(now time.Time, w time.Duration) time.Time {
	return time.UnixMilli(now.UnixMilli() - now.UnixMilli()%w.Milliseconds()).UTC()
}

// PauseRateBudget blocks the provider's budget until the given time.
func (t *Tx) PauseRateBudget(ctx context.Context, provider string, until, now time.Time) error {
	x, err := t.extra()
	if err != nil {
		return err
	}
	if err := x.PauseBudget(ctx, provider, MS(until), MS(now)); err != nil {
		return fmt.Errorf("store: pause rate budget %s: %w", provider, err)
	}
	return nil
}

// RawDocument implements store.SyncExtra on the read pool.
func (s *Store) RawDocument(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	return newTx(s.b.Read(), s.box, s.now).RawDocument(ctx, userID, p, dataType, providerRecordID)
}

// SyncProgress implements store.SyncExtra on the read pool.
func (s *Store) SyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	return newTx(s.b.Read(), s.box, s.now).SyncProgress(ctx, connectionID, dataType)
}

// SetSyncProgress implements store.SyncExtra in its own transaction.
func (s *Store) SetSyncProgress(ctx context.Context, p store.SyncProgress) error {
	return exec(s, ctx, func(t *Tx) error { return t.SetSyncProgress(ctx, p) })
}

// ClearSyncProgress implements store.SyncExtra in its own transaction.
func (s *Store) ClearSyncProgress(ctx context.Context, connectionID, dataType string) error {
	return exec(s, ctx, func(t *Tx) error { return t.ClearSyncProgress(ctx, connectionID, dataType) })
}

// ClaimTokenRefresh implements store.SyncExtra in its own transaction.
func (s *Store) ClaimTokenRefresh(ctx context.Context, connectionID, holder string, until, now time.Time) (bool, error) {
	return write(s, ctx, func(t *Tx) (bool, error) { return t.ClaimTokenRefresh(ctx, connectionID, holder, until, now) })
}

// ReleaseTokenRefresh implements store.SyncExtra in its own transaction.
func (s *Store) ReleaseTokenRefresh(ctx context.Context, connectionID, holder string) error {
	return exec(s, ctx, func(t *Tx) error { return t.ReleaseTokenRefresh(ctx, connectionID, holder) })
}

// TakeRateBudget implements store.SyncExtra in its own transaction.
func (s *Store) TakeRateBudget(ctx context.Context, provider string, buckets []store.RateBucket, now time.Time) (time.Duration, error) {
	return write(s, ctx, func(t *Tx) (time.Duration, error) { return t.TakeRateBudget(ctx, provider, buckets, now) })
}

// PauseRateBudget implements store.SyncExtra in its own transaction.
func (s *Store) PauseRateBudget(ctx context.Context, provider string, until, now time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.PauseRateBudget(ctx, provider, until, now) })
}
