package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// claim checks that no user but userID holds a value only one user may
// hold, before the transaction writes it. The value's key is locked first
// (PostgreSQL: an advisory lock until the transaction ends; SQLite's
// single writer is exclusive already), so two concurrent writers of the
// same value are decided here, one after the other, and the loser gets a
// DuplicateError naming the winner rather than a driver error. holder is
// a query whose first row, if any, is the user id holding the value other
// than userID.
func (t *Tx) claim(ctx context.Context, key, what, holder string, args ...any) error {
	if t.d.LockKeys != nil {
		if _, err := t.db.Exec(ctx, t.d.LockKeys(1), "wearhouse:unique:"+key); err != nil {
			return fmt.Errorf("store: lock %s: %w", what, err)
		}
	}
	var owner string
	switch err := one(ctx, t.db, holder, args, &owner); {
	case err == nil:
		return &store.DuplicateError{What: what, UserID: owner}
	case isNotFound(err):
		return nil
	default:
		return fmt.Errorf("store: check %s: %w", what, err)
	}
}

// claimExternalID claims a user's external_user_id (nil claims nothing).
func (t *Tx) claimExternalID(ctx context.Context, userID string, external *string) error {
	if external == nil {
		return nil
	}
	return t.claim(ctx, "external_user_id/"+*external, fmt.Sprintf("external_user_id %q", *external),
		"SELECT id FROM users WHERE external_user_id = ?1 AND id <> ?2 ORDER BY created_at, id LIMIT 1", *external, userID)
}

// claimProviderAccount claims c's provider account for c's user: no other
// user may hold an active connection to it.
func (t *Tx) claimProviderAccount(ctx context.Context, c domain.Connection) error {
	return t.claim(ctx, "provider_account/"+string(c.Provider)+"/"+c.ProviderUserID,
		fmt.Sprintf("%s account %q", c.Provider, c.ProviderUserID),
		"SELECT user_id FROM connections WHERE provider = ?1 AND provider_user_id = ?2 AND user_id <> ?3 AND status = 'active' ORDER BY created_at, id LIMIT 1",
		string(c.Provider), c.ProviderUserID, c.UserID)
}
