package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SealedConnection is a connection row as stored: the domain tokens are
// empty and the sealed ones carry them.
type SealedConnection struct {
	domain.Connection
	SealedAccess  []byte
	SealedRefresh []byte
}

// seal encrypts c's tokens bound to its id, so a sealed token copied to
// another row fails to open.
func (t *Tx) seal(c domain.Connection) SealedConnection {
	ad := []byte(c.ID)
	sc := SealedConnection{
		Connection:    c,
		SealedAccess:  t.box.Seal([]byte(c.AccessToken), ad),
		SealedRefresh: t.box.Seal([]byte(c.RefreshToken), ad),
	}
	sc.AccessToken, sc.RefreshToken = "", ""
	return sc
}

// open decrypts a stored row. A row that does not open (wrong key, moved
// or tampered value) is an error: returning garbage tokens would only fail
// later at the provider, far from the cause.
func (t *Tx) open(sc SealedConnection) (domain.Connection, error) {
	c := sc.Connection
	ad := []byte(c.ID)
	access, err := t.box.Open(sc.SealedAccess, ad)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s: access token: %w", c.ID, err)
	}
	refresh, err := t.box.Open(sc.SealedRefresh, ad)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s: refresh token: %w", c.ID, err)
	}
	c.AccessToken, c.RefreshToken = string(access), string(refresh)
	return c, nil
}

// openAll decrypts a list of rows.
func (t *Tx) openAll(scs []SealedConnection, err error, what string) ([]domain.Connection, error) {
	if err != nil {
		return nil, fmt.Errorf("store: %s: %w", what, err)
	}
	out := make([]domain.Connection, 0, len(scs))
	for _, sc := range scs {
		c, err := t.open(sc)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Connection returns the user's connection to a provider.
func (t *Tx) Connection(ctx context.Context, userID string, p domain.Provider) (domain.Connection, error) {
	sc, err := t.connectionWhere(ctx, "user_id = ?1 AND provider = ?2", userID, string(p))
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s/%s: %w", userID, p, err)
	}
	return t.open(sc)
}

// ConnectionByID returns one connection.
func (t *Tx) ConnectionByID(ctx context.Context, id string) (domain.Connection, error) {
	sc, err := t.connectionWhere(ctx, "id = ?1", id)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s: %w", id, err)
	}
	return t.open(sc)
}

// ConnectionsByProviderUser finds connections by the provider's user id,
// for routing inbound webhooks.
func (t *Tx) ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]domain.Connection, error) {
	scs, err := t.connectionsWhere(ctx, "provider = ?1 AND provider_user_id = ?2", string(p), providerUserID)
	return t.openAll(scs, err, "connections by provider user")
}

// ListConnections lists a user's connections.
func (t *Tx) ListConnections(ctx context.Context, userID string) ([]domain.Connection, error) {
	scs, err := t.connectionsWhere(ctx, "user_id = ?1", userID)
	return t.openAll(scs, err, "list connections")
}

// ActiveConnections lists active connections of a provider (all when empty).
func (t *Tx) ActiveConnections(ctx context.Context, p domain.Provider) ([]domain.Connection, error) {
	scs, err := t.activeConnections(ctx, p)
	return t.openAll(scs, err, "active connections")
}

// UpsertConnection creates or replaces the (user, provider) connection.
// A provider account is actively connected to one user at a time: an
// active connection to an account another user's active connection
// holds is a *store.DuplicateError naming that user (their grant is
// healthy and must not be shared or replaced behind their back).
// The id is settled before sealing because the tokens are bound to it: an
// existing row keeps its id.
func (t *Tx) UpsertConnection(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	if c.UserID == "" || c.Provider == "" {
		return domain.Connection{}, errors.New("store: upsert connection: user id and provider are required")
	}
	existing, err := t.connectionWhere(ctx, "user_id = ?1 AND provider = ?2", c.UserID, string(c.Provider))
	// A first connect, or the reconnect of a connection that was not
	// active, is a connection.created event.
	created := err != nil || existing.Status != domain.ConnectionActive
	switch {
	case err == nil:
		c.ID = existing.ID
	case isNotFound(err):
		c.ID = orNewID(c.ID)
	default:
		return domain.Connection{}, fmt.Errorf("store: upsert connection: %w", err)
	}
	now := t.clock()
	if c.Status == "" {
		c.Status = domain.ConnectionActive
	}
	if c.Status == domain.ConnectionActive {
		if err := t.claimProviderAccount(ctx, c); err != nil {
			return domain.Connection{}, fmt.Errorf("store: upsert connection: %w", err)
		}
	}
	c.CreatedAt, c.UpdatedAt = now, now
	c.TokenExpiresAt = MS(c.TokenExpiresAt)
	c.LastSyncedAt = MSPtr(c.LastSyncedAt)
	row, err := t.upsertConnection(ctx, t.seal(c))
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: upsert connection: %w", err)
	}
	if row.ID != c.ID {
		// A concurrent first connect won the insert race; re-bind our
		// tokens to the id that was kept.
		c.ID, c.TokenVersion = row.ID, row.TokenVersion
		row, err = t.updateTokens(ctx, t.seal(c))
		if err != nil {
			return domain.Connection{}, fmt.Errorf("store: upsert connection: rebind tokens: %w", err)
		}
	}
	if created && c.Status == domain.ConnectionActive {
		if err := t.connectionChange(ctx, row.ID, c.UserID, c.Provider, domain.ChangeCreated); err != nil {
			return domain.Connection{}, err
		}
	}
	return t.open(row)
}

// connectionChange appends a connection lifecycle change.
func (t *Tx) connectionChange(ctx context.Context, id, userID string, p domain.Provider, ct domain.ChangeType) error {
	return t.changes(ctx, []outboxRow{{c: domain.Change{UserID: userID, Provider: p, Kind: domain.ChangeKindConnection,
		RecordID: id, ChangeType: ct, At: t.clock()}}})
}

// statusChange appends the change a connection's new status reports, if
// any (revoked).
func (t *Tx) statusChange(ctx context.Context, id string, s domain.ConnectionStatus) error {
	if s != domain.ConnectionRevoked {
		return nil
	}
	ct := domain.ChangeRevoked
	var userID, p string
	if err := one(ctx, t.db, "SELECT user_id, provider FROM connections WHERE id = ?1", []any{id}, &userID, &p); err != nil {
		return fmt.Errorf("store: connection %s: %w", id, err)
	}
	return t.connectionChange(ctx, id, userID, domain.Provider(p), ct)
}

// UpdateConnectionTokens stores refreshed tokens if c.TokenVersion is
// still current, returning the connection with its new version. A stale
// version is ErrConflict: another worker refreshed first.
func (t *Tx) UpdateConnectionTokens(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	c.UpdatedAt = t.clock()
	c.TokenExpiresAt = MS(c.TokenExpiresAt)
	row, err := t.updateTokens(ctx, t.seal(c))
	if err == nil {
		return t.open(row)
	}
	if !isNotFound(err) {
		return domain.Connection{}, fmt.Errorf("store: update tokens %s: %w", c.ID, err)
	}
	if _, err := t.connectionWhere(ctx, "id = ?1", c.ID); err != nil {
		return domain.Connection{}, fmt.Errorf("store: update tokens %s: %w", c.ID, err)
	}
	return domain.Connection{}, fmt.Errorf("store: update tokens %s: version %d is stale: %w", c.ID, c.TokenVersion, store.ErrConflict)
}

// SetConnectionStatus changes a connection's status and reason.
func (t *Tx) SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string) error {
	n, err := t.db.Exec(ctx, "UPDATE connections SET status = ?1, status_reason = ?2, updated_at = ?3 WHERE id = ?4", string(s), reason, ms(t.clock()), id)
	if err := rowsOrNotFound(n, err, "connection", id); err != nil {
		return err
	}
	return t.statusChange(ctx, id, s)
}

// RevokeConnection marks the connection revoked if its token version is
// still version; a newer version (a reconnect or another refresh wrote
// tokens) is ErrConflict and the connection stays as it is.
func (t *Tx) RevokeConnection(ctx context.Context, id string, version int64, reason string) error {
	n, err := t.db.Exec(ctx, "UPDATE connections SET status = 'revoked', status_reason = ?1, updated_at = ?2 WHERE id = ?3 AND token_version = ?4",
		reason, ms(t.clock()), id, version)
	if err != nil {
		return fmt.Errorf("store: revoke connection %s: %w", id, err)
	}
	if n == 1 {
		return t.statusChange(ctx, id, domain.ConnectionRevoked)
	}
	if _, err := t.ConnectionByID(ctx, id); err != nil {
		return err
	}
	return fmt.Errorf("store: revoke connection %s: version %d is stale: %w", id, version, store.ErrConflict)
}

// MarkConnectionSynced records a successful sync.
func (t *Tx) MarkConnectionSynced(ctx context.Context, id string, at time.Time) error {
	n, err := t.db.Exec(ctx, "UPDATE connections SET last_synced_at = ?1, updated_at = ?1 WHERE id = ?2", ms(MS(at)), id)
	return rowsOrNotFound(n, err, "connection", id)
}

// DeleteConnection removes a connection, its cursors and subscriptions;
// its data sources and records stay (DeleteProviderData removes those).
func (t *Tx) DeleteConnection(ctx context.Context, id string) error {
	n, err := t.db.Exec(ctx, "DELETE FROM connections WHERE id = ?1", id)
	return rowsOrNotFound(n, err, "connection", id)
}

// connCols are the connections columns scanConnection reads, in order.
const connCols = "id, user_id, provider, provider_user_id, provider_username, scope, status, status_reason, " +
	"access_token, refresh_token, token_expires_at, token_version, last_synced_at, created_at, updated_at"

func scanConnection(r Rows) (SealedConnection, error) {
	var c SealedConnection
	var expires, created, updated int64
	var synced *int64
	err := r.Scan(&c.ID, &c.UserID, &c.Provider, &c.ProviderUserID, &c.ProviderUsername, &c.Scope, &c.Status,
		&c.StatusReason, &c.SealedAccess, &c.SealedRefresh, &expires, &c.TokenVersion, &synced, &created, &updated)
	c.TokenExpiresAt, c.LastSyncedAt = fromMS(expires), fromMSPtr(synced)
	c.CreatedAt, c.UpdatedAt = fromMS(created), fromMS(updated)
	return c, err
}

// connectionWhere reads the connection matching cond.
func (t *Tx) connectionWhere(ctx context.Context, cond string, args ...any) (SealedConnection, error) {
	return scanOne(ctx, t.db, "SELECT "+connCols+" FROM connections WHERE "+cond, args, scanConnection)
}

// connectionsWhere lists the connections matching cond, oldest first.
func (t *Tx) connectionsWhere(ctx context.Context, cond string, args ...any) ([]SealedConnection, error) {
	return list(ctx, t.db, "SELECT "+connCols+" FROM connections WHERE "+cond+" ORDER BY created_at, id", args, scanConnection)
}

// activeConnections lists the active connections of p, or of every
// provider when p is empty.
func (t *Tx) activeConnections(ctx context.Context, p domain.Provider) ([]SealedConnection, error) {
	if p == "" {
		return t.connectionsWhere(ctx, "status = 'active'")
	}
	return t.connectionsWhere(ctx, "status = 'active' AND provider = ?1", string(p))
}

// upsertConnection replaces the (user, provider) connection in place:
// an existing row keeps its id and its token version moves forward.
func (t *Tx) upsertConnection(ctx context.Context, c SealedConnection) (SealedConnection, error) {
	return scanOne(ctx, t.db, `INSERT INTO connections (`+connCols+`)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?13, ?14)
ON CONFLICT (user_id, provider) DO UPDATE SET
    provider_user_id = excluded.provider_user_id, provider_username = excluded.provider_username,
    scope = excluded.scope, status = excluded.status, status_reason = excluded.status_reason,
    access_token = excluded.access_token, refresh_token = excluded.refresh_token,
    token_expires_at = excluded.token_expires_at, token_version = connections.token_version + 1,
    updated_at = excluded.updated_at
RETURNING `+connCols,
		[]any{c.ID, c.UserID, string(c.Provider), c.ProviderUserID, c.ProviderUsername, c.Scope, string(c.Status),
			c.StatusReason, c.SealedAccess, c.SealedRefresh, ms(c.TokenExpiresAt), msPtr(c.LastSyncedAt),
			ms(c.CreatedAt), ms(c.UpdatedAt)}, scanConnection)
}

// updateTokens writes tokens only over the token version c was read at;
// a moved version (or missing row) is store.ErrNotFound.
func (t *Tx) updateTokens(ctx context.Context, c SealedConnection) (SealedConnection, error) {
	return scanOne(ctx, t.db, `UPDATE connections
SET access_token = ?1, refresh_token = ?2, token_expires_at = ?3, scope = ?4,
    token_version = token_version + 1, updated_at = ?5
WHERE id = ?6 AND token_version = ?7
RETURNING `+connCols,
		[]any{c.SealedAccess, c.SealedRefresh, ms(c.TokenExpiresAt), c.Scope, ms(c.UpdatedAt), c.ID, c.TokenVersion}, scanConnection)
}
