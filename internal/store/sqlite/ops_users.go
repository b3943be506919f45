package sqlite

import (
	"context"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toUser converts a users row.
func toUser(r sqlitedb.User) domain.User {
	return domain.User{
		ID: r.ID, Email: r.Email, FirstName: r.FirstName, LastName: r.LastName,
		ExternalUserID: r.ExternalUserID, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
	}
}

func (o *ops) InsertUser(ctx context.Context, u domain.User) error {
	return o.q.InsertUser(ctx, sqlitedb.InsertUserParams{
		ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		ExternalUserID: u.ExternalUserID, CreatedAt: ms(u.CreatedAt), UpdatedAt: ms(u.UpdatedAt),
	})
}

func (o *ops) GetUser(ctx context.Context, id string) (domain.User, error) {
	r, err := o.q.GetUser(ctx, id)
	if err != nil {
		return domain.User{}, nf(err)
	}
	u := toUser(r)
	states, err := o.q.UserConnectionStates(ctx, id)
	if err != nil {
		return domain.User{}, err
	}
	cs := make([]engine.ConnState, len(states))
	for i, s := range states {
		cs[i] = engine.ConnState{Provider: s.Provider, Status: s.Status, LastSyncedAt: fromMSPtr(s.LastSyncedAt)}
	}
	engine.DeriveSync(&u, cs)
	return u, nil
}

func (o *ops) UserExists(ctx context.Context, id string) (bool, error) {
	return o.q.UserExists(ctx, id)
}

// ListUsers is hand-built (engine.UsersQuery): its sort column and filters
// vary per request.
func (o *ops) ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error) {
	d := dialect()
	countSQL, countArgs := engine.UsersQuery(d, q, true).SQL()
	var total int
	if err := o.db.QueryRowContext(ctx, countSQL, countArgs...).Scan(&total); err != nil {
		return nil, 0, err
	}
	pageSQL, args := engine.UsersQuery(d, q, false).SQL()
	rows, err := o.db.QueryContext(ctx, pageSQL, args...)
	if err != nil {
		return nil, 0, err
	}
	defer rows.Close()
	var users []domain.User
	for rows.Next() {
		var r sqlitedb.User
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
	marks := make([]string, len(users))
	args := make([]any, len(users))
	for i, u := range users {
		marks[i], args[i] = "?", u.ID
	}
	rows, err := o.db.QueryContext(ctx, "SELECT user_id, provider, status, last_synced_at FROM connections WHERE user_id IN ("+
		strings.Join(marks, ", ")+")", args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	byUser := map[string][]engine.ConnState{}
	for rows.Next() {
		var uid string
		var c engine.ConnState
		var last *int64
		if err := rows.Scan(&uid, &c.Provider, &c.Status, &last); err != nil {
			return err
		}
		c.LastSyncedAt = fromMSPtr(last)
		byUser[uid] = append(byUser[uid], c)
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
	return o.q.UpdateUser(ctx, sqlitedb.UpdateUserParams{
		ID: u.ID, Email: u.Email, FirstName: u.FirstName, LastName: u.LastName,
		ExternalUserID: u.ExternalUserID, UpdatedAt: ms(u.UpdatedAt),
	})
}

func (o *ops) DeleteUser(ctx context.Context, id string) (int64, error) {
	return o.q.DeleteUser(ctx, id)
}

// toAPIKey converts an api_keys row.
func toAPIKey(r sqlitedb.ApiKey) domain.APIKey {
	return domain.APIKey{
		ID: r.ID, Name: r.Name, Prefix: r.Prefix, Hash: r.Hash, CreatedAt: fromMS(r.CreatedAt),
		LastUsedAt: fromMSPtr(r.LastUsedAt), RevokedAt: fromMSPtr(r.RevokedAt),
	}
}

func (o *ops) InsertAPIKey(ctx context.Context, k domain.APIKey) error {
	return o.q.InsertAPIKey(ctx, sqlitedb.InsertAPIKeyParams{
		ID: k.ID, Name: k.Name, Prefix: k.Prefix, Hash: k.Hash, CreatedAt: ms(k.CreatedAt),
		LastUsedAt: msPtr(k.LastUsedAt), RevokedAt: msPtr(k.RevokedAt),
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
	return o.q.RevokeAPIKey(ctx, sqlitedb.RevokeAPIKeyParams{ID: id, RevokedAt: msPtr(&at)})
}

func (o *ops) TouchAPIKey(ctx context.Context, id string, at time.Time) (int64, error) {
	return o.q.TouchAPIKey(ctx, sqlitedb.TouchAPIKeyParams{ID: id, LastUsedAt: msPtr(&at)})
}
