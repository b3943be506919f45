package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ConnState is the part of a connection a user read derives its sync
// fields from.
type ConnState struct {
	Provider     string
	Status       string
	LastSyncedAt *time.Time
}

// DeriveSync fills a user's HasActiveConnection and LastSynced* from its
// connections: the most recent sync of any connection wins.
func DeriveSync(u *domain.User, conns []ConnState) {
	u.HasActiveConnection = false
	u.LastSyncedAt, u.LastSyncedProvider = nil, nil
	for _, c := range conns {
		if c.Status == string(domain.ConnectionActive) {
			u.HasActiveConnection = true
		}
		if c.LastSyncedAt == nil {
			continue
		}
		if u.LastSyncedAt == nil || c.LastSyncedAt.After(*u.LastSyncedAt) {
			at, p := *c.LastSyncedAt, c.Provider
			u.LastSyncedAt, u.LastSyncedProvider = &at, &p
		}
	}
}

// User returns one user.
func (t *Tx) User(ctx context.Context, id string) (domain.User, error) {
	u, err := t.ops.GetUser(ctx, id)
	if err != nil {
		return domain.User{}, fmt.Errorf("store: user %s: %w", id, err)
	}
	return u, nil
}

// ListUsers returns one page of users and the total matching.
func (t *Tx) ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	us, n, err := t.ops.ListUsers(ctx, NormalizeUserQuery(q))
	if err != nil {
		return nil, 0, fmt.Errorf("store: list users: %w", err)
	}
	return us, n, nil
}

// NormalizeUserQuery applies the list defaults (page 1, 20 per page,
// newest first) and rejects nothing: unknown sort keys fall back to
// created_at so a bad parameter can never reach SQL.
func NormalizeUserQuery(q store.UserQuery) store.UserQuery {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Limit <= 0 {
		q.Limit = 20
	}
	switch q.SortBy {
	case "created_at", "email", "first_name", "last_name", "last_synced_at":
	default:
		q.SortBy = "created_at"
	}
	if q.SortOrder != "asc" {
		q.SortOrder = "desc"
	}
	return q
}

// CreateUser inserts a user, assigning an id and timestamps.
func (t *Tx) CreateUser(ctx context.Context, u domain.User) (domain.User, error) {
	now := t.clock()
	u.ID = orNewID(u.ID)
	u.CreatedAt, u.UpdatedAt = now, now
	u.LastSyncedAt, u.LastSyncedProvider, u.HasActiveConnection = nil, nil, false
	if err := t.ops.InsertUser(ctx, u); err != nil {
		return domain.User{}, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// UpdateUser applies a patch and returns the updated user.
func (t *Tx) UpdateUser(ctx context.Context, id string, p store.UserPatch) (domain.User, error) {
	u, err := t.User(ctx, id)
	if err != nil {
		return domain.User{}, err
	}
	apply := func(dst **string, v **string) {
		if v != nil {
			*dst = *v
		}
	}
	apply(&u.FirstName, p.FirstName)
	apply(&u.LastName, p.LastName)
	apply(&u.Email, p.Email)
	apply(&u.ExternalUserID, p.ExternalUserID)
	u.UpdatedAt = t.clock()
	n, err := t.ops.UpdateUser(ctx, u)
	if err := rowsOrNotFound(n, err, "update user", id); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// DeleteUser removes the user; foreign keys cascade to everything the user
// owns.
func (t *Tx) DeleteUser(ctx context.Context, id string) (domain.User, error) {
	u, err := t.User(ctx, id)
	if err != nil {
		return domain.User{}, err
	}
	n, err := t.ops.DeleteUser(ctx, id)
	if err := rowsOrNotFound(n, err, "delete user", id); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// APIKeyByPrefix finds a key by its public prefix.
func (t *Tx) APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error) {
	k, err := t.ops.APIKeyByPrefix(ctx, prefix)
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("store: api key %s: %w", prefix, err)
	}
	return k, nil
}

// ListAPIKeys lists every key, oldest first.
func (t *Tx) ListAPIKeys(ctx context.Context) ([]domain.APIKey, error) {
	ks, err := t.ops.ListAPIKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: list api keys: %w", err)
	}
	return ks, nil
}

// CreateAPIKey stores a key's hash and prefix.
func (t *Tx) CreateAPIKey(ctx context.Context, k domain.APIKey) (domain.APIKey, error) {
	if k.Prefix == "" || len(k.Hash) == 0 {
		return domain.APIKey{}, fmt.Errorf("store: create api key: prefix and hash are required")
	}
	k.ID = orNewID(k.ID)
	k.CreatedAt = t.clock()
	k.LastUsedAt, k.RevokedAt = MSPtr(k.LastUsedAt), MSPtr(k.RevokedAt)
	if err := t.ops.InsertAPIKey(ctx, k); err != nil {
		return domain.APIKey{}, fmt.Errorf("store: create api key: %w", err)
	}
	return k, nil
}

// RevokeAPIKey marks a key revoked; revoking twice keeps the first time.
func (t *Tx) RevokeAPIKey(ctx context.Context, id string, at time.Time) error {
	n, err := t.ops.RevokeAPIKey(ctx, id, MS(at))
	return rowsOrNotFound(n, err, "revoke api key", id)
}

// TouchAPIKey records a key's last use.
func (t *Tx) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	n, err := t.ops.TouchAPIKey(ctx, id, MS(at))
	return rowsOrNotFound(n, err, "touch api key", id)
}
