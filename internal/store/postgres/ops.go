package postgres

import (
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// ops implements engine.Ops on the pool or one transaction: q runs the
// generated queries, db the few hand-built ones (engine.Query).
type ops struct {
	q  *pgdb.Queries
	db pgdb.DBTX
}

var _ engine.Ops = (*ops)(nil)

// newOps binds ops to the pool or a transaction.
func newOps(db pgdb.DBTX) *ops {
	return &ops{q: pgdb.New(db), db: db}
}

// dialect is Postgres's flavour of the hand-built queries: $N markers,
// timestamptz times, uuid ids.
func dialect() engine.Dialect {
	return engine.Dialect{
		Placeholder: func(n int) string { return "$" + strconv.Itoa(n) },
		Time:        func(t time.Time) any { return t.UTC() },
		ID: func(s string) (any, bool) {
			u, err := uuid.Parse(s)
			return u, err == nil
		},
		Contains: func(col, arg string) string {
			return "strpos(lower(" + col + "), lower(" + arg + ")) > 0"
		},
		TimeMinus:       func(arg, span string) string { return "(" + arg + "::timestamptz - " + span + ")" },
		BinaryCollation: ` COLLATE "C"`,
	}
}

// Underlying returns the pgx.Tx (or, outside a transaction, *pgxpool.Pool).
func (o *ops) Underlying() any { return o.db }
