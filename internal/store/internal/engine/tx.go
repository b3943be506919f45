package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Tx implements store.Reader and store.Writer on one DB: the store's
// rules (ids, hashes, revisions, sealing, outbox) and their SQL, written
// once for both engines. Built on a transaction it is the store.Tx handed
// to InTx callbacks; the Store builds one per call on the read pool or on
// a fresh transaction.
type Tx struct {
	db  DB
	d   Dialect
	box *secret.Box
	now func() time.Time
	// outbox holds the transaction's changes until flush appends them
	// with one statement, however many writes produced them.
	outbox []outboxRow
}

// outboxRow is a queued change and the data source it came from, whose
// provider flush records ("" when the change names its provider).
type outboxRow struct {
	c      domain.Change
	source string
}

var _ store.Tx = (*Tx)(nil)

// Underlying returns the engine transaction behind an InTx callback's Tx:
// *sql.Tx on SQLite, pgx.Tx on Postgres. The jobs package asserts
// interface{ Underlying() any } on a store.Tx to enqueue River jobs with
// InsertTx in the same transaction as the data they follow from.
func (t *Tx) Underlying() any { return t.db.Underlying() }

// newTx binds the shared rules to db.
func newTx(db DB, d Dialect, box *secret.Box, now func() time.Time) *Tx {
	return &Tx{db: db, d: d, box: box, now: now}
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

// change appends one outbox row of a record of data source source.
func (t *Tx) change(ctx context.Context, source, userID, kind, recordID string, ct domain.ChangeType, at time.Time) error {
	return t.changes(ctx, []outboxRow{{source: source, c: domain.Change{UserID: userID, Kind: kind, RecordID: recordID, ChangeType: ct, At: at}}})
}

// changeCols is the width of one outbox row in changes.
const changeCols = 7

// changes queues outbox rows for flush.
func (t *Tx) changes(_ context.Context, cs []outboxRow) error {
	t.outbox = append(t.outbox, cs...)
	return nil
}

// flush appends the queued outbox rows, in the order they were queued,
// with one statement per chunk. The Store calls it before committing.
func (t *Tx) flush(ctx context.Context) error {
	cs := t.outbox
	t.outbox = nil
	for chunk := range chunks(cs, changeCols) {
		args := make([]any, 0, len(chunk)*changeCols)
		for _, r := range chunk {
			c := r.c
			args = append(args, c.UserID, c.Kind, c.RecordID, string(c.ChangeType), ms(c.At), string(c.Provider), r.source)
		}
		q := t.outboxInsert(len(chunk))
		if _, err := t.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: append %d changes: %w", len(chunk), err)
		}
	}
	return nil
}

// outboxInsert is the statement appending n outbox rows: the provider is
// the change's own, or else its data source's. Where the dialect has an
// outbox lock, the same statement takes it before any seq is drawn
// (a CTE the rows are joined to), so seq order is commit order and a
// reader's cursor never passes a change still in flight; it costs no
// extra statement.
func (t *Tx) outboxInsert(n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		k := i * changeCols
		fmt.Fprintf(&b, "(CAST(?%d AS text), CAST(?%d AS text), CAST(?%d AS text), CAST(?%d AS text), CAST(?%d AS bigint), "+
			"coalesce(nullif(CAST(?%d AS text), ''), (SELECT provider FROM data_sources WHERE id = CAST(?%d AS text)), ''))",
			k+1, k+2, k+3, k+4, k+5, k+6, k+7)
	}
	const cols = "INSERT INTO changes (user_id, kind, record_id, change_type, at, provider) "
	if t.d.OutboxLock == "" {
		return cols + "VALUES " + b.String()
	}
	return "WITH outbox_lock AS MATERIALIZED (" + t.d.OutboxLock + ") " + cols +
		"SELECT v.column1, v.column2, v.column3, v.column4, v.column5, v.column6 FROM outbox_lock, (VALUES " + b.String() + ") AS v"
}

// maxArgs bounds the arguments of one statement, well inside both
// engines' limits (SQLite 32766, PostgreSQL 65535).
const maxArgs = 30000

// chunks splits rows into runs of at most maxArgs/width rows.
func chunks[T any](rows []T, width int) func(func([]T) bool) {
	return func(yield func([]T) bool) {
		n := max(1, maxArgs/width)
		for len(rows) > 0 {
			k := min(n, len(rows))
			if !yield(rows[:k]) {
				return
			}
			rows = rows[k:]
		}
	}
}

// Changes returns outbox rows after afterSeq, oldest first.
func (t *Tx) Changes(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error) {
	if limit <= 0 {
		limit = 100
	}
	if err := t.flush(ctx); err != nil {
		return nil, err
	}
	cs, err := list(ctx, t.db, "SELECT seq, user_id, kind, record_id, change_type, at, provider FROM changes WHERE seq > ?1 ORDER BY seq LIMIT ?2",
		[]any{afterSeq, limit}, func(r Rows) (domain.Change, error) {
			var c domain.Change
			var at int64
			err := r.Scan(&c.Seq, &c.UserID, &c.Kind, &c.RecordID, &c.ChangeType, &at, &c.Provider)
			c.At = fromMS(at)
			return c, err
		})
	if err != nil {
		return nil, fmt.Errorf("store: list changes: %w", err)
	}
	return cs, nil
}
