package engine

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/store"
)

// The few queries whose shape depends on their input (optional filters,
// IN lists, keyset direction, user sorting) are built here; the rest are
// constant strings next to the methods that run them.

// Query is a SQL statement under construction with its arguments.
type Query struct {
	d     Dialect
	sql   strings.Builder
	args  []any
	where []string
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
	return "?" + strconv.Itoa(len(q.args))
}

// IDArg adds an id argument.
func (q *Query) IDArg(id string) string { return q.Arg(id) }

// Where adds a condition (joined with AND).
func (q *Query) Where(format string, args ...any) {
	q.where = append(q.where, fmt.Sprintf(format, args...))
}

// In adds "col IN (…)" over vals; an empty list adds nothing.
func (q *Query) In(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	ms := make([]string, 0, len(vals))
	for _, v := range vals {
		ms = append(ms, q.Arg(v))
	}
	q.Where("%s IN (%s)", col, strings.Join(ms, ", "))
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
		q.Where("(%s, %s) %s (%s, %s)", timeExpr, idCol, cmp, q.Arg(ms(MS(k.Time))), q.IDArg(k.ID))
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
