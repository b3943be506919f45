package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// budgetRow is one rate_budgets row.
type budgetRow struct {
	Provider     string
	Bucket       string
	WindowStart  time.Time
	Window       time.Duration
	Limit        int
	Used         int
	BlockedUntil *time.Time
}

var (
	_ store.SyncExtra = (*Tx)(nil)
	_ store.SyncExtra = (*Store)(nil)
)

// SyncProgress returns a window sync's stored progress.
func (t *Tx) SyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	p := store.SyncProgress{}
	var start, end, up int64
	err := one(ctx, t.db, `SELECT connection_id, data_type, window_start, window_end, resume, updated_at FROM sync_progress
WHERE connection_id = ?1 AND data_type = ?2`, []any{connectionID, dataType}, &p.ConnectionID, &p.DataType, &start, &end, &p.Resume, &up)
	p.WindowStart, p.WindowEnd, p.UpdatedAt = fromMS(start), fromMS(end), fromMS(up)
	if err != nil {
		return store.SyncProgress{}, fmt.Errorf("store: sync progress %s/%s: %w", connectionID, dataType, err)
	}
	return p, nil
}

// SetSyncProgress records a window sync's progress.
func (t *Tx) SetSyncProgress(ctx context.Context, p store.SyncProgress) error {
	p.WindowStart, p.WindowEnd, p.UpdatedAt = MS(p.WindowStart), MS(p.WindowEnd), t.clock()
	_, err := t.db.Exec(ctx, `INSERT INTO sync_progress (connection_id, data_type, window_start, window_end, resume, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6)
ON CONFLICT (connection_id, data_type) DO UPDATE SET window_start = excluded.window_start, window_end = excluded.window_end,
    resume = excluded.resume, updated_at = excluded.updated_at`,
		p.ConnectionID, p.DataType, ms(p.WindowStart), ms(p.WindowEnd), p.Resume, ms(p.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: set sync progress %s/%s: %w", p.ConnectionID, p.DataType, err)
	}
	return nil
}

// ClearSyncProgress forgets a finished window sync's progress.
func (t *Tx) ClearSyncProgress(ctx context.Context, connectionID, dataType string) error {
	if _, err := t.db.Exec(ctx, "DELETE FROM sync_progress WHERE connection_id = ?1 AND data_type = ?2", connectionID, dataType); err != nil {
		return fmt.Errorf("store: clear sync progress %s/%s: %w", connectionID, dataType, err)
	}
	return nil
}

// ClaimTokenRefresh takes the connection's refresh lease.
func (t *Tx) ClaimTokenRefresh(ctx context.Context, connectionID, holder string, until, now time.Time) (bool, error) {
	// Free, expired or already ours: the conditional upsert takes it in
	// one statement, under the row's lock on either engine.
	n, err := t.db.Exec(ctx, `INSERT INTO token_refresh_leases (connection_id, holder, expires_at) VALUES (?1, ?2, ?3)
ON CONFLICT (connection_id) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
WHERE token_refresh_leases.expires_at <= ?4 OR token_refresh_leases.holder = excluded.holder`,
		connectionID, holder, ms(MS(until)), ms(MS(now)))
	ok := n == 1
	if err != nil {
		return false, fmt.Errorf("store: claim refresh lease %s: %w", connectionID, err)
	}
	return ok, nil
}

// ReleaseTokenRefresh frees holder's lease.
func (t *Tx) ReleaseTokenRefresh(ctx context.Context, connectionID, holder string) error {
	if _, err := t.db.Exec(ctx, "DELETE FROM token_refresh_leases WHERE connection_id = ?1 AND holder = ?2", connectionID, holder); err != nil {
		return fmt.Errorf("store: release refresh lease %s: %w", connectionID, err)
	}
	return nil
}

// TakeRateBudget counts one request in every bucket, or none when any
// bucket is full or the provider is paused, reporting the wait.
func (t *Tx) TakeRateBudget(ctx context.Context, provider string, buckets []store.RateBucket, now time.Time) (time.Duration, error) {
	now = MS(now)
	rows := make([]budgetRow, 0, len(buckets))
	var wait time.Duration
	for _, b := range buckets {
		if b.Limit <= 0 || b.Window <= 0 {
			continue
		}
		start := windowStart(now, b.Window)
		row, err := t.lockBudget(ctx, provider, b, start, now)
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
		_, err := t.db.Exec(ctx, `UPDATE rate_budgets SET window_start = ?1, window_seconds = ?2, limit_count = ?3, used = ?4, updated_at = ?5
WHERE provider = ?6 AND bucket = ?7`, ms(row.WindowStart), int64(row.Window/time.Second), row.Limit, row.Used, ms(now), row.Provider, row.Bucket)
		if err != nil {
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
	_, err := t.db.Exec(ctx, `UPDATE rate_budgets
SET blocked_until = CASE WHEN blocked_until IS NULL OR blocked_until < ?1 THEN ?1 ELSE blocked_until END, updated_at = ?2
WHERE provider = ?3`, ms(MS(until)), ms(MS(now)), provider)
	if err != nil {
		return fmt.Errorf("store: pause rate budget %s: %w", provider, err)
	}
	return nil
}

// RawDocument implements store.SyncExtra on the read pool.
func (s *Store) RawDocument(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	return s.tx(s.b.Read()).RawDocument(ctx, userID, p, dataType, providerRecordID)
}

// RawDocumentsByID implements store.SyncExtra on the read pool.
func (s *Store) RawDocumentsByID(ctx context.Context, userID string, p domain.Provider, dataType string, providerRecordIDs []string) ([]domain.RawDocument, error) {
	return s.tx(s.b.Read()).RawDocumentsByID(ctx, userID, p, dataType, providerRecordIDs)
}

// SyncProgress implements store.SyncExtra on the read pool.
func (s *Store) SyncProgress(ctx context.Context, connectionID, dataType string) (store.SyncProgress, error) {
	return s.tx(s.b.Read()).SyncProgress(ctx, connectionID, dataType)
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

// lockBudget creates the bucket's row if missing and reads it for update
// (a row lock on PostgreSQL; SQLite's writer is already exclusive).
func (t *Tx) lockBudget(ctx context.Context, provider string, b store.RateBucket, start, now time.Time) (budgetRow, error) {
	_, err := t.db.Exec(ctx, `INSERT INTO rate_budgets (provider, bucket, window_start, window_seconds, limit_count, used, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6) ON CONFLICT (provider, bucket) DO NOTHING`,
		provider, b.Name, ms(start), int64(b.Window/time.Second), b.Limit, ms(now))
	if err != nil {
		return budgetRow{}, err
	}
	r := budgetRow{Provider: provider, Bucket: b.Name}
	var ws, secs int64
	var blocked *int64
	err = one(ctx, t.db, "SELECT window_start, window_seconds, limit_count, used, blocked_until FROM rate_budgets WHERE provider = ?1 AND bucket = ?2"+t.d.ForUpdate,
		[]any{provider, b.Name}, &ws, &secs, &r.Limit, &r.Used, &blocked)
	r.WindowStart, r.Window, r.BlockedUntil = fromMS(ws), time.Duration(secs)*time.Second, fromMSPtr(blocked)
	return r, err
}
