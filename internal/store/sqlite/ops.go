package sqlite

import (
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// ops implements engine.Ops on one pool or transaction: q runs the
// generated queries, db the few hand-built ones (engine.Query).
type ops struct {
	q  *sqlitedb.Queries
	db sqlitedb.DBTX
}

var _ engine.Ops = (*ops)(nil)

// newOps binds ops to a pool or transaction.
func newOps(db sqlitedb.DBTX) *ops {
	return &ops{q: sqlitedb.New(db), db: db}
}

// dialect is SQLite's flavour of the hand-built queries: numbered ?N
// markers, times as Unix ms, ids as text.
func dialect() engine.Dialect {
	return engine.Dialect{
		Placeholder: func(n int) string { return "?" + itoa(n) },
		Time:        func(t time.Time) any { return ms(t) },
		ID:          func(s string) (any, bool) { return s, true },
		Contains: func(col, arg string) string {
			return "instr(lower(" + col + "), lower(" + arg + ")) > 0"
		},
		TimeMinus: func(arg, span string) string { return "(" + arg + " - " + span + ")" },
	}
}

// itoa formats a small positive int.
func itoa(n int) string { return strconv.Itoa(n) }

// Underlying returns the *sql.Tx (or, outside a transaction, the reader
// pool's statement cache).
func (o *ops) Underlying() any { return o.db }
