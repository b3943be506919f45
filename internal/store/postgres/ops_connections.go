package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// toConnection converts a connections row, tokens still sealed.
func toConnection(r pgdb.Connection) engine.SealedConnection {
	return engine.SealedConnection{
		Connection: domain.Connection{
			ID: r.ID.String(), UserID: r.UserID.String(), Provider: domain.Provider(r.Provider),
			ProviderUserID: r.ProviderUserID, ProviderUsername: r.ProviderUsername, Scope: r.Scope,
			Status: domain.ConnectionStatus(r.Status), StatusReason: r.StatusReason,
			TokenExpiresAt: fromTS(r.TokenExpiresAt), TokenVersion: r.TokenVersion,
			LastSyncedAt: fromTSPtr(r.LastSyncedAt), CreatedAt: fromTS(r.CreatedAt), UpdatedAt: fromTS(r.UpdatedAt),
		},
		SealedAccess:  r.AccessToken,
		SealedRefresh: r.RefreshToken,
	}
}

// toConnections converts a list of rows.
func toConnections(rs []pgdb.Connection, err error) ([]engine.SealedConnection, error) {
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
	var cv conv
	p := pgdb.UpsertConnectionParams{
		ID: cv.id(c.ID), UserID: cv.id(c.UserID), Provider: string(c.Provider), ProviderUserID: c.ProviderUserID,
		ProviderUsername: c.ProviderUsername, Scope: c.Scope, Status: string(c.Status), StatusReason: c.StatusReason,
		AccessToken: c.SealedAccess, RefreshToken: c.SealedRefresh, TokenExpiresAt: ts(c.TokenExpiresAt),
		LastSyncedAt: tsPtr(c.LastSyncedAt), CreatedAt: ts(c.CreatedAt), UpdatedAt: ts(c.UpdatedAt),
	}
	if cv.err != nil {
		return engine.SealedConnection{}, cv.err
	}
	r, err := o.q.UpsertConnection(ctx, p)
	if err != nil {
		return engine.SealedConnection{}, err
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionByID(ctx context.Context, id string) (engine.SealedConnection, error) {
	cid, err := parseID(id)
	if err != nil {
		return engine.SealedConnection{}, err
	}
	r, err := o.q.ConnectionByID(ctx, cid)
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionByUserProvider(ctx context.Context, userID string, p domain.Provider) (engine.SealedConnection, error) {
	uid, err := parseID(userID)
	if err != nil {
		return engine.SealedConnection{}, err
	}
	r, err := o.q.ConnectionByUserProvider(ctx, pgdb.ConnectionByUserProviderParams{UserID: uid, Provider: string(p)})
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]engine.SealedConnection, error) {
	return toConnections(o.q.ConnectionsByProviderUser(ctx, pgdb.ConnectionsByProviderUserParams{
		Provider: string(p), ProviderUserID: providerUserID,
	}))
}

func (o *ops) ListConnections(ctx context.Context, userID string) ([]engine.SealedConnection, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	return toConnections(o.q.ListConnections(ctx, uid))
}

func (o *ops) ActiveConnections(ctx context.Context, p domain.Provider) ([]engine.SealedConnection, error) {
	return toConnections(o.q.ActiveConnections(ctx, string(p)))
}

func (o *ops) UpdateConnectionTokens(ctx context.Context, c engine.SealedConnection) (engine.SealedConnection, error) {
	id, err := parseID(c.ID)
	if err != nil {
		return engine.SealedConnection{}, err
	}
	r, err := o.q.UpdateConnectionTokens(ctx, pgdb.UpdateConnectionTokensParams{
		ID: id, TokenVersion: c.TokenVersion, AccessToken: c.SealedAccess, RefreshToken: c.SealedRefresh,
		TokenExpiresAt: ts(c.TokenExpiresAt), Scope: c.Scope, UpdatedAt: ts(c.UpdatedAt),
	})
	if err != nil {
		return engine.SealedConnection{}, nf(err)
	}
	return toConnection(r), nil
}

func (o *ops) SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string, at time.Time) (int64, error) {
	cid, err := parseID(id)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.SetConnectionStatus(ctx, pgdb.SetConnectionStatusParams{
		ID: cid, Status: string(s), StatusReason: reason, UpdatedAt: ts(at),
	})
}

func (o *ops) RevokeConnectionAtVersion(ctx context.Context, id string, version int64, reason string, at time.Time) (int64, error) {
	cid, err := parseID(id)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.RevokeConnectionAtVersion(ctx, pgdb.RevokeConnectionAtVersionParams{
		ID: cid, TokenVersion: version, StatusReason: reason, UpdatedAt: ts(at),
	})
}

func (o *ops) MarkConnectionSynced(ctx context.Context, id string, at time.Time) (int64, error) {
	cid, err := parseID(id)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.MarkConnectionSynced(ctx, pgdb.MarkConnectionSyncedParams{ID: cid, LastSyncedAt: tsPtr(&at), UpdatedAt: ts(at)})
}

func (o *ops) DeleteConnection(ctx context.Context, id string) (int64, error) {
	cid, err := parseID(id)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.DeleteConnection(ctx, cid)
}

// toDataSource converts a data_sources row.
func toDataSource(r pgdb.DataSource) domain.DataSource {
	return domain.DataSource{
		ID: r.ID.String(), UserID: r.UserID.String(), Provider: domain.Provider(r.Provider),
		ConnectionID: idStr(r.ConnectionID), DeviceModel: r.DeviceModel, SoftwareVersion: r.SoftwareVersion,
		Source: r.Source, DeviceType: typedPtr[domain.DeviceType](r.DeviceType),
		OriginalSourceName: r.OriginalSourceName, CreatedAt: fromTS(r.CreatedAt),
	}
}

func (o *ops) InsertDataSourceIfAbsent(ctx context.Context, ds domain.DataSource) error {
	var cv conv
	p := pgdb.InsertDataSourceIfAbsentParams{
		ID: cv.id(ds.ID), UserID: cv.id(ds.UserID), Provider: string(ds.Provider), ConnectionID: cv.idPtr(ds.ConnectionID),
		DeviceModel: ds.DeviceModel, SoftwareVersion: ds.SoftwareVersion, Source: ds.Source,
		DeviceType: untypedPtr(ds.DeviceType), OriginalSourceName: ds.OriginalSourceName, CreatedAt: ts(ds.CreatedAt),
	}
	if cv.err != nil {
		return cv.err
	}
	return o.q.InsertDataSourceIfAbsent(ctx, p)
}

func (o *ops) DataSourceByKey(ctx context.Context, userID string, p domain.Provider, deviceModel, source string) (domain.DataSource, error) {
	uid, err := parseID(userID)
	if err != nil {
		return domain.DataSource{}, err
	}
	r, err := o.q.DataSourceByKey(ctx, pgdb.DataSourceByKeyParams{
		UserID: uid, Provider: string(p), DeviceModel: deviceModel, Source: source,
	})
	if err != nil {
		return domain.DataSource{}, nf(err)
	}
	return toDataSource(r), nil
}

func (o *ops) ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ListDataSources(ctx, uid)
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
	uid, err := parseID(userID)
	if err != nil {
		return err
	}
	if _, err := o.q.DeleteProviderDataSources(ctx, pgdb.DeleteProviderDataSourcesParams{UserID: uid, Provider: string(p)}); err != nil {
		return err
	}
	_, err = o.q.DeleteProviderRawDocuments(ctx, pgdb.DeleteProviderRawDocumentsParams{UserID: uid, Provider: string(p)})
	return err
}
