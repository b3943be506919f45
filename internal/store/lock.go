package store

import "context"

// LockWriter serializes read-modify-write work the rows cannot lock
// themselves (rows that may not exist yet, such as a night's sleep
// sessions being merged).
type LockWriter interface {
	// LockKeys takes transaction-scoped locks on keys, held until the
	// transaction ends: a second transaction taking one of them waits.
	// Only meaningful inside InTx. PostgreSQL takes advisory locks (in key
	// order, so writers cannot deadlock); SQLite's single writer already
	// serializes every write transaction.
	LockKeys(ctx context.Context, keys ...string) error
}
