package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Tx implements store.Reader and store.Writer on one set of Ops. Built on
// a transaction's Ops it is the store.Tx handed to InTx callbacks; the
// Store builds one per call on the read pool or on a fresh transaction.
type Tx struct {
	ops Ops
	box *secret.Box
	now func() time.Time
}

var _ store.Tx = (*Tx)(nil)

// Underlying returns the engine transaction behind an InTx callback's Tx:
// *sql.Tx on SQLite, pgx.Tx on Postgres. The jobs package asserts
// interface{ Underlying() any } on a store.Tx to enqueue River jobs with
// InsertTx in the same transaction as the data they follow from.
func (t *Tx) Underlying() any { return t.ops.Underlying() }

// newTx binds the shared rules to ops.
func newTx(ops Ops, box *secret.Box, now func() time.Time) *Tx {
	return &Tx{ops: ops, box: box, now: now}
}

// clock returns the current time at the precision both engines store:
// whole milliseconds, UTC.
func (t *Tx) clock() time.Time { return MS(t.now()) }

// MS normalizes a time to what both engines store: UTC, whole
// milliseconds. Normalizing before writing makes reads equal writes on
// either engine.
func MS(tm time.Time) time.Time {
	if tm.IsZero() {
		return time.Time{}
	}
	return tm.UTC().Truncate(time.Millisecond)
}

// MSPtr is MS for optional times.
func MSPtr(tm *time.Time) *time.Time {
	if tm == nil {
		return nil
	}
	v := MS(*tm)
	return &v
}

// NewID returns a fresh time-ordered id (UUIDv7), so ids sort roughly by
// creation and make good keyset tie-breakers on both engines.
func NewID() string {
	return uuid.Must(uuid.NewV7()).String()
}

// orNewID returns id, or a fresh one when empty.
func orNewID(id string) string {
	if id == "" {
		return NewID()
	}
	return id
}

// isNotFound reports whether err is a missing row.
func isNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }

// notFound is the error for a missing addressed row.
func notFound(what, id string) error {
	return fmt.Errorf("store: %s %s: %w", what, id, store.ErrNotFound)
}

// rowsOrNotFound turns "0 rows affected" into ErrNotFound.
func rowsOrNotFound(n int64, err error, what, id string) error {
	if err != nil {
		return fmt.Errorf("store: %s %s: %w", what, id, err)
	}
	if n == 0 {
		return notFound(what, id)
	}
	return nil
}

// change appends one outbox row.
func (t *Tx) change(ctx context.Context, userID, kind, recordID string, ct domain.ChangeType, at time.Time) error {
	err := t.ops.InsertChange(ctx, domain.Change{UserID: userID, Kind: kind, RecordID: recordID, ChangeType: ct, At: at})
	if err != nil {
		return fmt.Errorf("store: append change %s %s: %w", kind, recordID, err)
	}
	return nil
}

// Changes returns outbox rows after afterSeq, oldest first.
func (t *Tx) Changes(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error) {
	if limit <= 0 {
		limit = 100
	}
	cs, err := t.ops.ListChanges(ctx, afterSeq, limit)
	if err != nil {
		return nil, fmt.Errorf("store: list changes: %w", err)
	}
	return cs, nil
}
