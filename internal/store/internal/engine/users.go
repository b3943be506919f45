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

// DeriveSync fills a user's HasActiveConnection, LastSynced* and
// Connections from its connections: the most recent sync of any
// connection wins.
func DeriveSync(u *domain.User, conns []ConnState) {
	u.HasActiveConnection = false
	u.LastSyncedAt, u.LastSyncedProvider, u.Connections = nil, nil, nil
	for _, c := range conns {
		u.Connections = append(u.Connections, domain.UserConnectionSummary{Provider: domain.Provider(c.Provider),
			Status: domain.ConnectionStatus(c.Status), LastSyncedAt: c.LastSyncedAt})
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
	u, err := t.getUser(ctx, id)
	if err != nil {
		return domain.User{}, fmt.Errorf("store: user %s: %w", id, err)
	}
	return u, nil
}

// ListUsers returns one page of users and the total matching.
func (t *Tx) ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	us, n, err := t.listUsers(ctx, NormalizeUserQuery(q))
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
	case "created_at", "email", "first_name", "last_name", "name", "last_synced_at":
	default:
		q.SortBy = "created_at"
	}
	if q.SortOrder != "asc" {
		q.SortOrder = "desc"
	}
	return q
}

// CreateUser inserts a user, assigning an id and timestamps. An
// external_user_id another user holds is a *store.DuplicateError.
func (t *Tx) CreateUser(ctx context.Context, u domain.User) (domain.User, error) {
	now := t.clock()
	u.ID = orNewID(u.ID)
	u.CreatedAt, u.UpdatedAt = now, now
	u.LastSyncedAt, u.LastSyncedProvider, u.HasActiveConnection = nil, nil, false
	if err := t.claimExternalID(ctx, u.ID, u.ExternalUserID); err != nil {
		return domain.User{}, fmt.Errorf("store: create user: %w", err)
	}
	_, err := t.db.Exec(ctx, "INSERT INTO users (id, email, first_name, last_name, external_user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		u.ID, u.Email, u.FirstName, u.LastName, u.ExternalUserID, ms(u.CreatedAt), ms(u.UpdatedAt))
	if err != nil {
		return domain.User{}, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// UpdateUser applies a patch and returns the updated user; like
// CreateUser it refuses another user's external_user_id.
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
	if p.ExternalUserID != nil {
		if err := t.claimExternalID(ctx, u.ID, u.ExternalUserID); err != nil {
			return domain.User{}, fmt.Errorf("store: update user %s: %w", id, err)
		}
	}
	u.UpdatedAt = t.clock()
	n, err := t.db.Exec(ctx, "UPDATE users SET email = ?1, first_name = ?2, last_name = ?3, external_user_id = ?4, updated_at = ?5 WHERE id = ?6",
		u.Email, u.FirstName, u.LastName, u.ExternalUserID, ms(u.UpdatedAt), u.ID)
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
	n, err := t.db.Exec(ctx, "DELETE FROM users WHERE id = ?1", id)
	if err := rowsOrNotFound(n, err, "delete user", id); err != nil {
		return domain.User{}, err
	}
	return u, nil
}

// APIKeyByPrefix finds a key by its public prefix.
func (t *Tx) APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error) {
	k, err := scanOne(ctx, t.db, "SELECT "+apiKeyCols+" FROM api_keys WHERE prefix = ?1", []any{prefix}, scanAPIKey)
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("store: api key %s: %w", prefix, err)
	}
	return k, nil
}

// ListAPIKeys lists every key, oldest first.
func (t *Tx) ListAPIKeys(ctx context.Context) ([]domain.APIKey, error) {
	ks, err := list(ctx, t.db, "SELECT "+apiKeyCols+" FROM api_keys ORDER BY created_at, id", nil, scanAPIKey)
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
	_, err := t.db.Exec(ctx, "INSERT INTO api_keys (id, name, prefix, hash, created_at, last_used_at, revoked_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		k.ID, k.Name, k.Prefix, k.Hash, ms(k.CreatedAt), msPtr(k.LastUsedAt), msPtr(k.RevokedAt))
	if err != nil {
		return domain.APIKey{}, fmt.Errorf("store: create api key: %w", err)
	}
	return k, nil
}

// TouchAPIKey records a key's last use.
func (t *Tx) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	n, err := t.db.Exec(ctx, "UPDATE api_keys SET last_used_at = ?1 WHERE id = ?2", ms(MS(at)), id)
	return rowsOrNotFound(n, err, "touch api key", id)
}

func scanUser(r Rows) (domain.User, error) {
	var u domain.User
	var created, updated int64
	err := r.Scan(&u.ID, &u.Email, &u.FirstName, &u.LastName, &u.ExternalUserID, &created, &updated)
	u.CreatedAt, u.UpdatedAt = fromMS(created), fromMS(updated)
	return u, err
}

// apiKeyCols are the api_keys columns scanAPIKey reads, in order.
const apiKeyCols = "id, name, prefix, hash, created_at, last_used_at, revoked_at"

func scanAPIKey(r Rows) (domain.APIKey, error) {
	var k domain.APIKey
	var created int64
	var used, revoked *int64
	err := r.Scan(&k.ID, &k.Name, &k.Prefix, &k.Hash, &created, &used, &revoked)
	k.CreatedAt, k.LastUsedAt, k.RevokedAt = fromMS(created), fromMSPtr(used), fromMSPtr(revoked)
	return k, err
}

// getUser reads a user with its connection-derived fields.
func (t *Tx) getUser(ctx context.Context, id string) (domain.User, error) {
	u, err := scanOne(ctx, t.db, "SELECT "+UserColumns+" FROM users u WHERE u.id = ?1", []any{id}, scanUser)
	if err != nil {
		return domain.User{}, err
	}
	us := []domain.User{u}
	return us[0], t.deriveSyncAll(ctx, us)
}

// userExists reports whether the user exists.
func (t *Tx) userExists(ctx context.Context, id string) (bool, error) {
	var ok bool
	err := one(ctx, t.db, "SELECT EXISTS (SELECT 1 FROM users WHERE id = ?1)", []any{id}, &ok)
	return ok, err
}

// listUsers reads one page of users and the total matching.
func (t *Tx) listUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	countSQL, countArgs := UsersQuery(t.d, q, true).SQL()
	var total int
	if err := one(ctx, t.db, countSQL, countArgs, &total); err != nil {
		return nil, 0, err
	}
	pageSQL, args := UsersQuery(t.d, q, false).SQL()
	users, err := list(ctx, t.db, pageSQL, args, scanUser)
	if err != nil {
		return nil, 0, err
	}
	return users, total, t.deriveSyncAll(ctx, users)
}

// deriveSyncAll fills the connection-derived fields of users with one
// query.
func (t *Tx) deriveSyncAll(ctx context.Context, users []domain.User) error {
	if len(users) == 0 {
		return nil
	}
	args := make([]any, len(users))
	for i, u := range users {
		args[i] = u.ID
	}
	type connOf struct {
		user string
		c    ConnState
	}
	cs, err := list(ctx, t.db, "SELECT user_id, provider, status, last_synced_at FROM connections WHERE user_id IN ("+marks(1, len(args))+") ORDER BY provider, id",
		args, func(r Rows) (connOf, error) {
			var x connOf
			var last *int64
			err := r.Scan(&x.user, &x.c.Provider, &x.c.Status, &last)
			x.c.LastSyncedAt = fromMSPtr(last)
			return x, err
		})
	if err != nil {
		return err
	}
	byUser := map[string][]ConnState{}
	for _, x := range cs {
		byUser[x.user] = append(byUser[x.user], x.c)
	}
	for i := range users {
		DeriveSync(&users[i], byUser[users[i].ID])
	}
	return nil
}
