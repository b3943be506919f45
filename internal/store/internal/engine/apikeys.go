package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// apiKeysLock names the transaction lock key management takes on
// PostgreSQL, so two replicas revoking the last two keys at once cannot
// both see the other one still active. SQLite's single writer (and its
// file lock, for a CLI beside the server) already serializes them.
const apiKeysLock = "api_keys"

// lockAPIKeys serializes key-management transactions.
func (t *Tx) lockAPIKeys(ctx context.Context) error {
	if t.d.LockKeys == nil {
		return nil
	}
	if _, err := t.db.Exec(ctx, t.d.LockKeys(1), apiKeysLock); err != nil {
		return fmt.Errorf("store: lock api keys: %w", err)
	}
	return nil
}

// APIKey reads one key by id.
func (t *Tx) APIKey(ctx context.Context, id string) (domain.APIKey, error) {
	k, err := scanOne(ctx, t.db, "SELECT "+apiKeyCols+" FROM api_keys WHERE id = ?1", []any{id}, scanAPIKey)
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("store: api key %s: %w", id, err)
	}
	return k, nil
}

// RevokeAPIKey revokes a key at at. A key already revoked by then keeps
// its revocation time; one scheduled later (a rotation's grace period) is
// brought forward. The last key that is neither revoked nor scheduled for
// revocation is refused with store.ErrLastAPIKey: without it nobody could
// call the API any more.
func (t *Tx) RevokeAPIKey(ctx context.Context, id string, at time.Time) (domain.APIKey, error) {
	at = MS(at)
	if err := t.lockAPIKeys(ctx); err != nil {
		return domain.APIKey{}, err
	}
	k, err := t.APIKey(ctx, id)
	if err != nil {
		return domain.APIKey{}, err
	}
	if k.RevokedAt != nil && !k.RevokedAt.After(at) {
		return k, nil
	}
	if k.RevokedAt == nil {
		if err := t.requireOtherLiveKey(ctx, id); err != nil {
			return domain.APIKey{}, err
		}
	}
	if _, err := t.db.Exec(ctx, "UPDATE api_keys SET revoked_at = ?1 WHERE id = ?2", ms(at), id); err != nil {
		return domain.APIKey{}, fmt.Errorf("store: revoke api key %s: %w", id, err)
	}
	k.RevokedAt = &at
	return k, nil
}

// RotateAPIKey stores next and schedules the key id for revocation at
// retireAt (now for an immediate rotation, later for a grace period) in
// one transaction. A key already revoked or scheduled for revocation is
// refused with store.ErrAPIKeyRevoked: rotating it again would hand out a
// second successor.
func (t *Tx) RotateAPIKey(ctx context.Context, id string, next domain.APIKey, retireAt time.Time) (old, created domain.APIKey, err error) {
	retireAt = MS(retireAt)
	if err := t.lockAPIKeys(ctx); err != nil {
		return domain.APIKey{}, domain.APIKey{}, err
	}
	old, err = t.APIKey(ctx, id)
	if err != nil {
		return domain.APIKey{}, domain.APIKey{}, err
	}
	if old.RevokedAt != nil {
		return domain.APIKey{}, domain.APIKey{}, fmt.Errorf("store: rotate api key %s: %w", id, store.ErrAPIKeyRevoked)
	}
	if next.Name == "" {
		next.Name = old.Name
	}
	if created, err = t.CreateAPIKey(ctx, next); err != nil {
		return domain.APIKey{}, domain.APIKey{}, err
	}
	if _, err := t.db.Exec(ctx, "UPDATE api_keys SET revoked_at = ?1 WHERE id = ?2", ms(retireAt), id); err != nil {
		return domain.APIKey{}, domain.APIKey{}, fmt.Errorf("store: rotate api key %s: %w", id, err)
	}
	old.RevokedAt = &retireAt
	return old, created, nil
}

// requireOtherLiveKey fails with store.ErrLastAPIKey unless a key other
// than id is neither revoked nor scheduled for revocation.
func (t *Tx) requireOtherLiveKey(ctx context.Context, id string) error {
	var n int64
	if err := one(ctx, t.db, "SELECT count(*) FROM api_keys WHERE revoked_at IS NULL AND id <> ?1", []any{id}, &n); err != nil {
		return fmt.Errorf("store: count api keys: %w", err)
	}
	if n == 0 {
		return fmt.Errorf("store: revoke api key %s: %w", id, store.ErrLastAPIKey)
	}
	return nil
}
