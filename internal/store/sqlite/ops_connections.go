package sqlite

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toConnection converts a connections row, tokens still sealed.
func toConnection(r sqlitedb.Connection) engine.SealedConnection {
	return engine.SealedConnection{
		Connection: domain.Connection{
			ID: r.ID, UserID: r.UserID, Provider: domain.Provider(r.Provider), ProviderUserID: r.ProviderUserID,
			ProviderUsername: r.ProviderUsername, Scope: r.Scope, Status: domain.ConnectionStatus(r.Status),
			StatusReason: r.StatusReason, TokenExpiresAt: fromMS(r.TokenExpiresAt), TokenVersion: r.TokenVersion,
			LastSyncedAt: fromMSPtr(r.LastSyncedAt), CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
		},
		SealedAccess:  r.AccessToken,
		SealedRefresh: r.RefreshToken,
	}
}

// toConnections converts a list of rows.
func toConnections(rs []sqlitedb.Connection, err error) ([]engine.SealedConnection, error) {
	if err != nil {
		return nil, err
	}
	out := make([]engine.SealedConnection, len(rs))
	for i, r := range rs {
		out[i] = toConnection(r)
	}
	return out, nil
}

func (o *ops) UpsertConnection(ctx context.Context, c engine.SealedConnection) (engine.SealedConnection, error) {
	r, err := o.q.UpsertConnection(ctx, sqlitedb.UpsertConnectionParams{
		ID: c.ID, UserID: c.UserID, Provider: string(c.Provider), ProviderUserID: c.ProviderUserID,
		ProviderUsername: c.ProviderUsername, Scope: c.Scope, Status: string(c.Status), StatusReason: c.StatusReason,
		AccessToken: c.SealedAccess, RefreshToken: c.SealedRefresh, TokenExpiresAt: ms(c.TokenExpiresAt),
		LastSyncedAt: msPtr(c.LastSyncedAt), CreatedAt: ms(c.CreatedAt), UpdatedAt: ms(c.UpdatedAt),
	})
	if err != nil {
		return engine.SealedConnection{}, err
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionByID(ctx context.Context, id string) (engine.SealedConnection, error) {
	r, err := o.q.ConnectionByID(ctx, id)
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionByUserProvider(ctx context.Context, userID string, p domain.Provider) (engine.SealedConnection, error) {
	r, err := o.q.ConnectionByUserProvider(ctx, sqlitedb.ConnectionByUserProviderParams{UserID: userID, Provider: string(p)})
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]engine.SealedConnection, error) {
	return toConnections(o.q.ConnectionsByProviderUser(ctx, sqlitedb.ConnectionsByProviderUserParams{
		Provider: string(p), ProviderUserID: providerUserID,
	}))
}

func (o *ops) ListConnections(ctx context.Context, userID string) ([]engine.SealedConnection, error) {
	return toConnections(o.q.ListConnections(ctx, userID))
}

func (o *ops) ActiveConnections(ctx context.Context, p domain.Provider) ([]engine.SealedConnection, error) {
	return toConnections(o.q.ActiveConnections(ctx, string(p)))
}

func (o *ops) UpdateConnectionTokens(ctx context.Context, c engine.SealedConnection) (engine.SealedConnection, error) {
	r, err := o.q.UpdateConnectionTokens(ctx, sqlitedb.UpdateConnectionTokensParams{
		ID: c.ID, TokenVersion: c.TokenVersion, AccessToken: c.SealedAccess, RefreshToken: c.SealedRefresh,
		TokenExpiresAt: ms(c.TokenExpiresAt), Scope: c.Scope, UpdatedAt: ms(c.UpdatedAt),
	})
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string, at time.Time) (int64, error) {
	return o.q.SetConnectionStatus(ctx, sqlitedb.SetConnectionStatusParams{
		ID: id, Status: string(s), StatusReason: reason, UpdatedAt: ms(at),
	})
}

func (o *ops) RevokeConnectionAtVersion(ctx context.Context, id string, version int64, reason string, at time.Time) (int64, error) {
	return o.q.RevokeConnectionAtVersion(ctx, sqlitedb.RevokeConnectionAtVersionParams{
		ID: id, TokenVersion: version, StatusReason: reason, UpdatedAt: ms(at),
	})
}

func (o *ops) MarkConnectionSynced(ctx context.Context, id string, at time.Time) (int64, error) {
	return o.q.MarkConnectionSynced(ctx, sqlitedb.MarkConnectionSyncedParams{ID: id, LastSyncedAt: msPtr(&at), UpdatedAt: ms(at)})
}

func (o *ops) DeleteConnection(ctx context.Context, id string) (int64, error) {
	return o.q.DeleteConnection(ctx, id)
}

// toDataSource converts a data_sources row.
func toDataSource(r sqlitedb.DataSource) domain.DataSource {
	return domain.DataSource{
		ID: r.ID, UserID: r.UserID, Provider: domain.Provider(r.Provider), ConnectionID: r.ConnectionID,
		DeviceModel: r.DeviceModel, SoftwareVersion: r.SoftwareVersion, Source: r.Source,
		DeviceType: typedPtr[domain.DeviceType](r.DeviceType), OriginalSourceName: r.OriginalSourceName,
		CreatedAt: fromMS(r.CreatedAt),
	}
}

func (o *ops) InsertDataSourceIfAbsent(ctx context.Context, ds domain.DataSource) error {
	return o.q.InsertDataSourceIfAbsent(ctx, sqlitedb.InsertDataSourceIfAbsentParams{
		ID: ds.ID, UserID: ds.UserID, Provider: string(ds.Provider), ConnectionID: ds.ConnectionID,
		DeviceModel: ds.DeviceModel, SoftwareVersion: ds.SoftwareVersion, Source: ds.Source,
		DeviceType: untypedPtr(ds.DeviceType), OriginalSourceName: ds.OriginalSourceName, CreatedAt: ms(ds.CreatedAt),
	})
}

func (o *ops) DataSourceByKey(ctx context.Context, userID string, p domain.Provider, deviceModel, source string) (domain.DataSource, error) {
	r, err := o.q.DataSourceByKey(ctx, sqlitedb.DataSourceByKeyParams{
		UserID: userID, Provider: string(p), DeviceModel: strPtr(deviceModel), Source: strPtr(source),
	})
	if err != nil {
		return domain.DataSource{}, nf(err)
	}
	return toDataSource(r), nil
}

func (o *ops) ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	rs, err := o.q.ListDataSources(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]domain.DataSource, len(rs))
	for i, r := range rs {
		out[i] = toDataSource(r)
	}
	return out, nil
}

func (o *ops) DeleteProviderData(ctx context.Context, userID string, p domain.Provider) error {
	if _, err := o.q.DeleteProviderDataSources(ctx, sqlitedb.DeleteProviderDataSourcesParams{UserID: userID, Provider: string(p)}); err != nil {
		return err
	}
	_, err := o.q.DeleteProviderRawDocuments(ctx, sqlitedb.DeleteProviderRawDocumentsParams{UserID: userID, Provider: string(p)})
	return err
}
