package postgres

import (
	"context"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// toUser converts a users row.
func toUser(r pgdb.User) domain.User {
	return domain.User{
		ID: r.ID.String(), Email: r.Email, FirstName: r.FirstName, LastName: r.LastName,
		ExternalUserID: r.ExternalUserID, CreatedAt: fromTS(r.CreatedAt), UpdatedAt: fromTS(r.UpdatedAt),
	}
}

func (o *ops) InsertUser(ctx context.Context, u domain.User) error {
	id, err := parseID(u.ID)
	if err != nil {
		return err
	}
	return o.q.InsertUser(ctx, pgdb.InsertUserParams{
		ID: id, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		ExternalUserID: u.ExternalUserID, CreatedAt: ts(u.CreatedAt), UpdatedAt: ts(u.UpdatedAt),
	})
}

func (o *ops) UserExists(ctx context.Context, id string) (bool, error) {
	uid, err := parseID(id)
	if err != nil {
		return false, nil // a malformed id names no user
	}
	return o.q.UserExists(ctx, uid)
}

func (o *ops) GetUser(ctx context.Context, id string) (domain.User, error) {
	uid, err := parseID(id)
	if err != nil {
		return domain.User{}, err
	}
	r, err := o.q.GetUser(ctx, uid)
	if err != nil {
		return domain.User{}, nf(err)
	}
	u := toUser(r)
	states, err := o.q.UserConnectionStates(ctx, uid)
	if err != nil {
		return domain.User{}, err
	}
	cs := make([]engine.ConnState, len(states))
	for i, s := range states {
		cs[i] = engine.ConnState{Provider: s.Provider, Status: s.Status, LastSyncedAt: fromTSPtr(s.LastSyncedAt)}
	}
	engine.DeriveSync(&u, cs)
	return u, nil
}

// ListUsers is hand-built (engine.UsersQuery): its sort column and filters
// vary per request.
func (o *ops) ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	d := dialect()
	countSQL, countArgs := engine.UsersQuery(d, q, true).SQL()
	var total int
	if err := o.db.QueryRow(ctx, countSQL, countArgs...).Scan(&total); err != nil {
		return nil, 0, err
	}
	pageSQL, args := engine.UsersQuery(d, q, false).SQL()
	rows, err := o.db.Query(ctx, pageSQL, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var users []domain.User
	for rows.Next() {
		var r pgdb.User
		if err := rows.Scan(&r.ID, &r.Email, &r.FirstName, &r.LastName, &r.ExternalUserID, &r.CreatedAt, &r.UpdatedAt); err != nil {
			return nil, 0, err
		}
		users = append(users, toUser(r))
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return users, total, o.deriveSyncAll(ctx, users)
}

// deriveSyncAll fills the connection-derived fields of a page of users
// with one query.
func (o *ops) deriveSyncAll(ctx context.Context, users []domain.User) error {
	if len(users) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(users))
	for i, u := range users {
		ids[i] = uuid.MustParse(u.ID) // read back from a uuid column
	}
	rows, err := o.db.Query(ctx, "SELECT user_id, provider, status, last_synced_at FROM connections WHERE user_id = ANY($1)", ids)
	if err != nil {
		return err
	}
	defer rows.Close()
	byUser := map[string][]engine.ConnState{}
	for rows.Next() {
		var uid uuid.UUID
		var c engine.ConnState
		var last *time.Time
		if err := rows.Scan(&uid, &c.Provider, &c.Status, &last); err != nil {
			return err
		}
		c.LastSyncedAt = fromTSPtr(last)
		byUser[uid.String()] = append(byUser[uid.String()], c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for i := range users {
		engine.DeriveSync(&users[i], byUser[users[i].ID])
	}
	return nil
}

func (o *ops) UpdateUser(ctx context.Context, u domain.User) (int64, error) {
	id, err := parseID(u.ID)
	if err != nil {
		return 0, nil
	}
	return o.q.UpdateUser(ctx, pgdb.UpdateUserParams{
		ID: id, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		ExternalUserID: u.ExternalUserID, UpdatedAt: ts(u.UpdatedAt),
	})
}

func (o *ops) DeleteUser(ctx context.Context, id string) (int64, error) {
	uid, err := parseID(id)
	if err != nil {
		return 0, nil
	}
	return o.q.DeleteUser(ctx, uid)
}

// toAPIKey converts an api_keys row.
func toAPIKey(r pgdb.ApiKey) domain.APIKey {
	return domain.APIKey{
		ID: r.ID.String(), Name: r.Name, Prefix: r.Prefix, Hash: r.Hash, CreatedAt: fromTS(r.CreatedAt),
		LastUsedAt: fromTSPtr(r.LastUsedAt), RevokedAt: fromTSPtr(r.RevokedAt),
	}
}

func (o *ops) InsertAPIKey(ctx context.Context, k domain.APIKey) error {
	id, err := parseID(k.ID)
	if err != nil {
		return err
	}
	return o.q.InsertAPIKey(ctx, pgdb.InsertAPIKeyParams{
		ID: id, Name: k.Name, Prefix: k.Prefix, Hash: k.Hash, CreatedAt: ts(k.CreatedAt),
		LastUsedAt: tsPtr(k.LastUsedAt), RevokedAt: tsPtr(k.RevokedAt),
	})
}

func (o *ops) APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error) {
	r, err := o.q.APIKeyByPrefix(ctx, prefix)
	if err != nil {
		return domain.APIKey{}, nf(err)
	}
	return toAPIKey(r), nil
}

func (o *ops) ListAPIKeys(ctx context.Context) ([]domain.APIKey, error) {
	rs, err := o.q.ListAPIKeys(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]domain.APIKey, len(rs))
	for i, r := range rs {
		out[i] = toAPIKey(r)
	}
	return out, nil
}

func (o *ops) RevokeAPIKey(ctx context.Context, id string, at time.Time) (int64, error) {
	kid, err := parseID(id)
	if err != nil {
		return 0, nil
	}
	return o.q.RevokeAPIKey(ctx, pgdb.RevokeAPIKeyParams{ID: kid, RevokedAt: tsPtr(&at)})
}

func (o *ops) TouchAPIKey(ctx context.Context, id string, at time.Time) (int64, error) {
	kid, err := parseID(id)
	if err != nil {
		return 0, nil
	}
	return o.q.TouchAPIKey(ctx, pgdb.TouchAPIKeyParams{ID: kid, LastUsedAt: tsPtr(&at)})
}
