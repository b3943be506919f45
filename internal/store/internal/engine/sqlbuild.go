package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// The few queries whose shape depends on their input (optional filters,
// IN lists, keyset direction, user sorting) are built here, once for both
// dialects, instead of in sqlc: sqlc cannot express a variable ORDER BY or
// an optional IN list cleanly. Everything else is sqlc-generated.

// Dialect is what differs between the engines in those queries.
type Dialect struct {
	// Placeholder returns the marker of the n-th (1-based) argument;
	// numbered markers let one argument appear several times.
	Placeholder func(n int) string
	// Time converts a time to the engine's column value.
	Time func(time.Time) any
	// ID converts an id to the engine's column value; ok=false means the
	// id is malformed for the engine and can match no row.
	ID func(string) (v any, ok bool)
	// Contains returns a case-insensitive substring test of col for the
	// argument marker arg.
	Contains func(col, arg string) string
	// TimeMinus returns the time argument marker arg less the duration
	// expression span (the difference of two time columns).
	TimeMinus func(arg, span string) string
	// BinaryCollation is appended to text sort keys so both engines order
	// text bytewise, whatever the database's default collation.
	BinaryCollation string
}

// Query is a SQL statement under construction with its arguments.
type Query struct {
	d     Dialect
	sql   strings.Builder
	args  []any
	where []string
	// Never is set when a filter can match no row (a malformed id); the
	// engine then returns an empty result without querying.
	Never bool
}

// NewQuery starts a statement in dialect d.
func NewQuery(d Dialect, head string) *Query {
	q := &Query{d: d}
	q.sql.WriteString(head)
	return q
}

// Arg adds an argument and returns its marker.
func (q *Query) Arg(v any) string {
	q.args = append(q.args, v)
	return q.d.Placeholder(len(q.args))
}

// IDArg adds an id argument, noting when it cannot match.
func (q *Query) IDArg(id string) string {
	v, ok := q.d.ID(id)
	if !ok {
		q.Never = true
	}
	return q.Arg(v)
}

// Where adds a condition (joined with AND).
func (q *Query) Where(format string, args ...any) {
	q.where = append(q.where, fmt.Sprintf(format, args...))
}

// In adds "col IN (…)" over vals; an empty list adds nothing.
func (q *Query) In(col string, vals []string, isID bool) {
	if len(vals) == 0 {
		return
	}
	marks := make([]string, 0, len(vals))
	for _, v := range vals {
		if isID {
			if _, ok := q.d.ID(v); !ok {
				continue // cannot match; the others still may
			}
			marks = append(marks, q.IDArg(v))
			continue
		}
		marks = append(marks, q.Arg(v))
	}
	if len(marks) == 0 {
		q.Never = true
		return
	}
	q.Where("%s IN (%s)", col, strings.Join(marks, ", "))
}

// Keyset adds a keyset page over (timeExpr, idCol): the condition, the
// ORDER BY and LIMIT. It reports whether the rows come back in reverse of
// the requested order (paging backwards), which the caller undoes.
func (q *Query) Keyset(timeExpr, idCol string, p store.Page) (reversed bool) {
	desc := p.Desc
	var k *store.Keyset
	cmp := ">"
	switch {
	case p.After != nil:
		k = p.After
		if desc {
			cmp = "<"
		}
	case p.Before != nil:
		// Walk backwards from the key in the opposite order, then flip.
		k, reversed, desc = p.Before, true, !desc
		if desc {
			cmp = "<"
		}
	}
	if k != nil {
		q.Where("(%s, %s) %s (%s, %s)", timeExpr, idCol, cmp, q.Arg(q.d.Time(MS(k.Time))), q.IDArg(k.ID))
	}
	dir := "ASC"
	if desc {
		dir = "DESC"
	}
	q.Tail(fmt.Sprintf(" ORDER BY %s %s, %s %s LIMIT %d", timeExpr, dir, idCol, dir, p.Limit))
	return reversed
}

// Tail appends s after the WHERE clause.
func (q *Query) Tail(s string) {
	q.finishWhere()
	q.sql.WriteString(s)
}

// finishWhere writes the collected conditions once.
func (q *Query) finishWhere() {
	if len(q.where) > 0 {
		q.sql.WriteString(" WHERE ")
		q.sql.WriteString(strings.Join(q.where, " AND "))
		q.where = nil
	}
}

// SQL returns the statement and its arguments.
func (q *Query) SQL() (string, []any) {
	q.finishWhere()
	return q.sql.String(), q.args
}

// Reverse reverses a slice in place (rows fetched backwards for a Before
// page are returned in the requested order).
func Reverse[T any](s []T) {
	for i, j := 0, len(s)-1; i < j; i, j = i+1, j-1 {
		s[i], s[j] = s[j], s[i]
	}
}
