package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

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
	sc, err := t.ops.ConnectionByUserProvider(ctx, userID, p)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s/%s: %w", userID, p, err)
	}
	return t.open(sc)
}

// ConnectionByID returns one connection.
func (t *Tx) ConnectionByID(ctx context.Context, id string) (domain.Connection, error) {
	sc, err := t.ops.ConnectionByID(ctx, id)
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: connection %s: %w", id, err)
	}
	return t.open(sc)
}

// ConnectionsByProviderUser finds connections by the provider's user id,
// for routing inbound webhooks.
func (t *Tx) ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]domain.Connection, error) {
	scs, err := t.ops.ConnectionsByProviderUser(ctx, p, providerUserID)
	return t.openAll(scs, err, "connections by provider user")
}

// ListConnections lists a user's connections.
func (t *Tx) ListConnections(ctx context.Context, userID string) ([]domain.Connection, error) {
	scs, err := t.ops.ListConnections(ctx, userID)
	return t.openAll(scs, err, "list connections")
}

// ActiveConnections lists active connections of a provider (all when empty).
func (t *Tx) ActiveConnections(ctx context.Context, p domain.Provider) ([]domain.Connection, error) {
	scs, err := t.ops.ActiveConnections(ctx, p)
	return t.openAll(scs, err, "active connections")
}

// UpsertConnection creates or replaces the (user, provider) connection.
// The id is settled before sealing because the tokens are bound to it: an
// existing row keeps its id.
func (t *Tx) UpsertConnection(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	if c.UserID == "" || c.Provider == "" {
		return domain.Connection{}, errors.New("store: upsert connection: user id and provider are required")
	}
	existing, err := t.ops.ConnectionByUserProvider(ctx, c.UserID, c.Provider)
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
	c.CreatedAt, c.UpdatedAt = now, now
	c.TokenExpiresAt = MS(c.TokenExpiresAt)
	c.LastSyncedAt = MSPtr(c.LastSyncedAt)
	row, err := t.ops.UpsertConnection(ctx, t.seal(c))
	if err != nil {
		return domain.Connection{}, fmt.Errorf("store: upsert connection: %w", err)
	}
	if row.ID != c.ID {
		// A concurrent first connect won the insert race; re-bind our
		// tokens to the id that was kept.
		c.ID, c.TokenVersion = row.ID, row.TokenVersion
		row, err = t.ops.UpdateConnectionTokens(ctx, t.seal(c))
		if err != nil {
			return domain.Connection{}, fmt.Errorf("store: upsert connection: rebind tokens: %w", err)
		}
	}
	return t.open(row)
}

// UpdateConnectionTokens stores refreshed tokens if c.TokenVersion is
// still current, returning the connection with its new version. A stale
// version is ErrConflict: another worker refreshed first.
func (t *Tx) UpdateConnectionTokens(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	c.UpdatedAt = t.clock()
	c.TokenExpiresAt = MS(c.TokenExpiresAt)
	row, err := t.ops.UpdateConnectionTokens(ctx, t.seal(c))
	if err == nil {
		return t.open(row)
	}
	if !isNotFound(err) {
		return domain.Connection{}, fmt.Errorf("store: update tokens %s: %w", c.ID, err)
	}
	if _, err := t.ops.ConnectionByID(ctx, c.ID); err != nil {
		return domain.Connection{}, fmt.Errorf("store: update tokens %s: %w", c.ID, err)
	}
	return domain.Connection{}, fmt.Errorf("store: update tokens %s: version %d is stale: %w", c.ID, c.TokenVersion, store.ErrConflict)
}

// SetConnectionStatus changes a connection's status and reason.
func (t *Tx) SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string) error {
	n, err := t.ops.SetConnectionStatus(ctx, id, s, reason, t.clock())
	return rowsOrNotFound(n, err, "connection", id)
}

// RevokeConnection marks the connection revoked if its token version is
// still version; a newer version (a reconnect or another refresh wrote
// tokens) is ErrConflict and the connection stays as it is.
func (t *Tx) RevokeConnection(ctx context.Context, id string, version int64, reason string) error {
	n, err := t.ops.RevokeConnectionAtVersion(ctx, id, version, reason, t.clock())
	if err != nil {
		return fmt.Errorf("store: revoke connection %s: %w", id, err)
	}
	if n == 1 {
		return nil
	}
	if _, err := t.ConnectionByID(ctx, id); err != nil {
		return err
	}
	return fmt.Errorf("store: revoke connection %s: version %d is stale: %w", id, version, store.ErrConflict)
}

// MarkConnectionSynced records a successful sync.
func (t *Tx) MarkConnectionSynced(ctx context.Context, id string, at time.Time) error {
	n, err := t.ops.MarkConnectionSynced(ctx, id, MS(at))
	return rowsOrNotFound(n, err, "connection", id)
}

// DeleteConnection removes a connection, its cursors and subscriptions;
// its data sources and records stay (DeleteProviderData removes those).
func (t *Tx) DeleteConnection(ctx context.Context, id string) error {
	n, err := t.ops.DeleteConnection(ctx, id)
	return rowsOrNotFound(n, err, "connection", id)
}
