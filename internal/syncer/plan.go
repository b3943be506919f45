package syncer

import (
	"context"
	"fmt"
	"hash/fnv"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/store"
)

// PlanPeriod is how often the planner runs for a sync interval: often
// enough that a connection is never much later than its interval, at
// most every 10 minutes.
func PlanPeriod(interval time.Duration) time.Duration {
	return max(time.Minute, min(interval/6, 10*time.Minute))
}

// Plan enqueues an incremental pull for every active connection whose
// last sync is an interval old. Each is scheduled at an offset within the
// planning period derived from its id, so connections made at the same
// moment still spread out instead of hitting a provider at once.
func (s *Syncer) Plan(ctx context.Context) error {
	if s.o.Enqueue == nil {
		return fmt.Errorf("syncer: plan: no job queue")
	}
	conns, err := s.o.Store.ActiveConnections(ctx, "")
	if err != nil {
		return fmt.Errorf("syncer: plan: %w", err)
	}
	now := s.o.Now()
	period := PlanPeriod(s.o.SyncInterval)
	for _, c := range conns {
		if !s.due(c, now) {
			continue
		}
		at := now.Add(jitter(c.ID, period))
		if err := s.o.Enqueue.EnqueueSync(ctx, c.ID, SourcePull, 0, at); err != nil {
			return fmt.Errorf("syncer: plan %s: %w", c.ID, err)
		}
	}
	return nil
}

// due reports whether c should be pulled now.
func (s *Syncer) due(c domain.Connection, now time.Time) bool {
	return c.LastSyncedAt == nil || now.Sub(*c.LastSyncedAt) >= s.o.SyncInterval
}

// jitter is a stable offset in [0, period) for a connection.
func jitter(id string, period time.Duration) time.Duration {
	h := fnv.New64a()
	_, _ = h.Write([]byte(id))
	return time.Duration(h.Sum64() % uint64(period))
}

// OnConnect is the connect hook: it enqueues the connection's backfill.
func (s *Syncer) OnConnect(ctx context.Context, c domain.Connection) error {
	if s.o.Enqueue == nil {
		return nil
	}
	return s.o.Enqueue.EnqueueSync(ctx, c.ID, SourceBackfill, 0, time.Time{})
}

// Triggerer is an Enqueuer that answers an immediate sync with what it
// joined (jobs.Queue): a new job, a waiting one, or a follow-up queued
// behind a running one.
type Triggerer interface {
	TriggerSync(ctx context.Context, connectionID, source string, days int) (jobs.Ticket, error)
	TriggerSyncTx(ctx context.Context, tx store.Tx, connectionID, source string, days int) (jobs.Ticket, error)
}

// OnConnectTx is the connect hook inside the transaction that stores the
// connection: the backfill commits with it, so a connection is never
// stored without its backfill, nor a backfill enqueued for a connection
// that was not stored. Without a Triggerer it enqueues after the fact.
func (s *Syncer) OnConnectTx(ctx context.Context, tx store.Tx, c domain.Connection) error {
	t, ok := s.o.Enqueue.(Triggerer)
	if !ok {
		return s.OnConnect(ctx, c)
	}
	_, err := t.TriggerSyncTx(ctx, tx, c.ID, SourceBackfill, 0)
	return err
}
