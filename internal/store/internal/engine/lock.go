package engine

import (
	"context"
	"fmt"
)

// LockKeys takes transaction-scoped locks on keys (PostgreSQL advisory
// locks, sorted by the dialect's statement; nothing on SQLite, whose
// single writer serializes write transactions).
func (t *Tx) LockKeys(ctx context.Context, keys ...string) error {
	if t.d.LockKeys == nil || len(keys) == 0 {
		return nil
	}
	args := make([]any, len(keys))
	for i, k := range keys {
		args[i] = "wearhouse:lock:" + k
	}
	if _, err := t.db.Exec(ctx, t.d.LockKeys(len(args)), args...); err != nil {
		return fmt.Errorf("store: lock %v: %w", keys, err)
	}
	return nil
}

// LockKeys implements store.Writer; outside InTx the locks end with the
// statement's own transaction, so it only checks the keys can be taken.
func (s *Store) LockKeys(ctx context.Context, keys ...string) error {
	return exec(s, ctx, func(t *Tx) error { return t.LockKeys(ctx, keys...) })
}
