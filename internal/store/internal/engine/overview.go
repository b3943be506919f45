package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// failingLimit caps the overview's list of failing connections.
const failingLimit = 50

// failingQuery finds connections that are not active or whose latest run
// failed. The latest run is looked up through the (user_id, started_at)
// index, so the cost grows with connections, not with runs.
const failingQuery = `SELECT user_id, provider, status, status_reason, updated_at, COALESCE(last_status, ''), COALESCE(last_error, '') FROM (
  SELECT c.user_id, c.provider, c.status, c.status_reason, c.updated_at,
    (SELECT r.status FROM sync_runs r WHERE r.user_id = c.user_id AND r.provider = c.provider ORDER BY r.started_at DESC, r.id DESC LIMIT 1) AS last_status,
    (SELECT r.error FROM sync_runs r WHERE r.user_id = c.user_id AND r.provider = c.provider ORDER BY r.started_at DESC, r.id DESC LIMIT 1) AS last_error
  FROM connections c) x
WHERE status <> 'active' OR last_status = 'failed'
ORDER BY updated_at DESC, user_id, provider LIMIT ?1`

// Overview counts users, connections by state, recent runs and lists the
// failing connections, and reads the shared rate budgets: five
// statements, none reading a row per record.
func (t *Tx) Overview(ctx context.Context, since time.Time) (store.Overview, error) {
	var o store.Overview
	if err := one(ctx, t.db, "SELECT count(*) FROM users", nil, &o.Users); err != nil {
		return o, fmt.Errorf("store: overview users: %w", err)
	}
	var err error
	o.Connections, err = list(ctx, t.db, "SELECT provider, status, count(*) FROM connections GROUP BY provider, status ORDER BY provider, status", nil,
		func(r Rows) (store.ConnectionCount, error) {
			var c store.ConnectionCount
			err := r.Scan(&c.Provider, &c.Status, &c.Count)
			return c, err
		})
	if err != nil {
		return o, fmt.Errorf("store: overview connections: %w", err)
	}
	o.Runs, err = list(ctx, t.db, "SELECT provider, status, count(*), COALESCE(sum(fetched), 0) FROM sync_runs WHERE started_at >= ?1 GROUP BY provider, status ORDER BY provider, status",
		[]any{ms(since)}, func(r Rows) (store.RunCount, error) {
			var c store.RunCount
			err := r.Scan(&c.Provider, &c.Status, &c.Count, &c.Fetched)
			return c, err
		})
	if err != nil {
		return o, fmt.Errorf("store: overview runs: %w", err)
	}
	o.Failing, err = list(ctx, t.db, failingQuery, []any{failingLimit}, func(r Rows) (store.FailingConnection, error) {
		var f store.FailingConnection
		var at int64
		var lastStatus string
		err := r.Scan(&f.UserID, &f.Provider, &f.Status, &f.Reason, &at, &lastStatus, &f.LastError)
		f.At = fromMS(at)
		if lastStatus != string(domain.SyncFailed) {
			f.LastError = ""
		}
		return f, err
	})
	if err != nil {
		return o, fmt.Errorf("store: overview failing connections: %w", err)
	}
	o.Budgets, err = list(ctx, t.db, `SELECT provider, bucket, window_start, window_seconds, limit_count, used, blocked_until FROM rate_budgets
ORDER BY provider, window_seconds, bucket`, nil, func(r Rows) (store.RateBudgetUse, error) {
		var b store.RateBudgetUse
		var start, secs int64
		var blocked *int64
		err := r.Scan(&b.Provider, &b.Bucket, &start, &secs, &b.Limit, &b.Used, &blocked)
		b.WindowStart, b.Window = fromMS(start), time.Duration(secs)*time.Second
		if blocked != nil {
			at := fromMS(*blocked)
			b.BlockedUntil = &at
		}
		return b, err
	})
	if err != nil {
		return o, fmt.Errorf("store: overview rate budgets: %w", err)
	}
	return o, nil
}
