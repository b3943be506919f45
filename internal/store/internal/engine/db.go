package engine

import (
	"context"
	"fmt"
	"strings"
	"sync/atomic"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// DB is the seam between the store's one set of queries and an engine's
// driver: a pool or one transaction. Both engines store ids as text and
// times as integer Unix milliseconds, so every statement is written once,
// with numbered ?N markers (the PostgreSQL driver rebinds them to $N).
type DB interface {
	// Exec runs a statement and returns the rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	// Query runs a statement that returns rows.
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	// Underlying returns what the DB runs on: *sql.Tx or the read pool on
	// SQLite, pgx.Tx or *pgxpool.Pool on PostgreSQL.
	Underlying() any
}

// Rows is a result set; *sql.Rows and pgx.Rows both fit behind it.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Driver is an engine's connection management.
type Driver interface {
	// Read returns a DB on the read pool, outside any transaction.
	Read() DB
	// InTx runs fn on one transaction and commits if fn returns nil.
	InTx(ctx context.Context, fn func(DB) error) error
	// Dialect is the handful of SQL differences between the engines.
	Dialect() Dialect
	Ping(ctx context.Context) error
	Engine() string
	Close() error
}

// Dialect is what the engines spell differently. Everything else, from
// upserts with ON CONFLICT … WHERE … RETURNING to keyset pages, is the
// same SQL on both.
type Dialect struct {
	// Contains returns a case-insensitive substring test of col for the
	// argument marker arg.
	Contains func(col, arg string) string
	// JSONTrue returns a test that the JSON document in col holds true
	// at the path of keys (false when the key is absent).
	JSONTrue func(col string, keys ...string) string
	// BinaryCollation is appended to text sort keys so both engines order
	// text bytewise, whatever the database's default collation.
	BinaryCollation string
	// ForUpdate is appended to a SELECT whose rows the transaction goes
	// on to rewrite ("" where the single writer is already exclusive).
	ForUpdate string
	// LockKeys returns one statement taking transaction-scoped locks on
	// the given keys (the marker of each is ?1…?n), or "" where writers
	// are serialized anyway.
	LockKeys func(n int) string
	// Borrow returns a scan destination for a column decoded at once and
	// never kept, and the bytes it last scanned: the driver's buffer
	// where it lends one (database/sql's RawBytes), saving a copy of
	// every JSON document on a page. Nil means a plain []byte.
	Borrow func() (dest any, get func() []byte)
	// OutboxLock is a one-row SELECT taking a transaction-scoped lock,
	// run by the statement appending outbox rows before it draws their
	// seq ("" where writers are serialized anyway). PostgreSQL hands out
	// seq values before commit, so without it a reader could see seq n+1
	// committed while n is still in flight and move its cursor past n
	// for good.
	OutboxLock string
	// UpdateFromValues says UPDATE … FROM (VALUES …) joins the list to
	// the table by its key (PostgreSQL); where it does not (SQLite scans
	// the table per row), rows are updated one statement each.
	UpdateFromValues bool
}

// borrow is Dialect.Borrow with its default.
func (d Dialect) borrow() (any, func() []byte) {
	if d.Borrow != nil {
		return d.Borrow()
	}
	b := new([]byte)
	return b, func() []byte { return *b }
}

// counted is a DB that counts the statements it runs.
type counted struct {
	DB
	n *atomic.Int64
}

// Exec counts and runs a statement.
func (c counted) Exec(ctx context.Context, q string, args ...any) (int64, error) {
	c.n.Add(1)
	return c.DB.Exec(ctx, q, args...)
}

// Query counts and runs a statement.
func (c counted) Query(ctx context.Context, q string, args ...any) (Rows, error) {
	c.n.Add(1)
	return c.DB.Query(ctx, q, args...)
}

// one runs a query expected to return at most one row and scans it;
// no row is store.ErrNotFound.
func one(ctx context.Context, db DB, q string, args []any, dest ...any) error {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return err
		}
		return store.ErrNotFound
	}
	if err := rows.Scan(dest...); err != nil {
		return err
	}
	return rows.Err()
}

// list runs a query and converts every row with scan.
func list[T any](ctx context.Context, db DB, q string, args []any, scan func(Rows) (T, error)) ([]T, error) {
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// marks returns "?from, ?from+1, …" for n arguments.
func marks(from, n int) string {
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "?%d", from+i)
	}
	return b.String()
}

// values returns the VALUES rows of a multi-row insert of rows rows of
// width columns: "(?1, ?2), (?3, ?4)".
func values(rows, width int) string {
	var b strings.Builder
	for r := range rows {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		b.WriteString(marks(r*width+1, width))
		b.WriteByte(')')
	}
	return b.String()
}

// ms converts a time to its column value, Unix milliseconds.
func ms(t time.Time) int64 { return t.UnixMilli() }

// msPtr converts an optional time; nil is NULL.
func msPtr(t *time.Time) *int64 {
	if t == nil {
		return nil
	}
	v := t.UnixMilli()
	return &v
}

// fromMS converts a column value to a UTC time.
func fromMS(v int64) time.Time { return time.UnixMilli(v).UTC() }

// fromMSPtr converts an optional column value.
func fromMSPtr(v *int64) *time.Time {
	if v == nil {
		return nil
	}
	t := fromMS(*v)
	return &t
}

// typedPtr converts an optional string-like value.
func typedPtr[T ~string](p *string) *T {
	if p == nil {
		return nil
	}
	v := T(*p)
	return &v
}

// untypedPtr converts an optional string-like value back.
func untypedPtr[T ~string](p *T) *string {
	if p == nil {
		return nil
	}
	v := string(*p)
	return &v
}

// scanOne is one for a query whose row scan converts.
func scanOne[T any](ctx context.Context, db DB, q string, args []any, scan func(Rows) (T, error)) (T, error) {
	var zero T
	rows, err := db.Query(ctx, q, args...)
	if err != nil {
		return zero, err
	}
	defer rows.Close()
	if !rows.Next() {
		if err := rows.Err(); err != nil {
			return zero, err
		}
		return zero, store.ErrNotFound
	}
	v, err := scan(rows)
	if err != nil {
		return zero, err
	}
	return v, rows.Err()
}
