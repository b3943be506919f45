package engine

import (
	"context"
	"errors"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// EnsureDataSource returns the data source with ds's key, creating it.
// Insert-if-absent then read back is race-free on both engines: a
// concurrent creator's row is the one returned.
func (t *Tx) EnsureDataSource(ctx context.Context, ds domain.DataSource) (domain.DataSource, error) {
	if ds.UserID == "" || ds.Provider == "" {
		return domain.DataSource{}, errors.New("store: ensure data source: user id and provider are required")
	}
	ds.ID = orNewID(ds.ID)
	ds.CreatedAt = t.clock()
	got, err := t.ensureDataSource(ctx, ds)
	if err != nil {
		return domain.DataSource{}, fmt.Errorf("store: ensure data source: %w", err)
	}
	return got, nil
}

// ListDataSources lists a user's data sources.
func (t *Tx) ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	ds, err := t.listDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: list data sources: %w", err)
	}
	return ds, nil
}

// UserDataSources returns a user's data sources, or ErrNotFound when the
// user does not exist. Data sources belong to an existing user (the
// foreign key cascades), so a user with any answers in one query; only
// an empty list needs the existence check.
func (t *Tx) UserDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	ds, err := t.listDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: data sources of %s: %w", userID, err)
	}
	if len(ds) > 0 {
		return ds, nil
	}
	ok, err := t.userExists(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: user %s: %w", userID, err)
	}
	if !ok {
		return nil, fmt.Errorf("store: user %s: %w", userID, store.ErrNotFound)
	}
	return ds, nil
}

// DeleteProviderData removes a user's data sources of one provider (and by
// cascade their events, summaries, scores and series blocks) and raw
// documents. It appends a single provider_data change rather than one per
// record: a disconnect can remove years of data.
func (t *Tx) DeleteProviderData(ctx context.Context, userID string, p domain.Provider) error {
	if _, err := t.db.Exec(ctx, "DELETE FROM data_sources WHERE user_id = ?1 AND provider = ?2", userID, string(p)); err != nil {
		return fmt.Errorf("store: delete %s data of %s: %w", p, userID, err)
	}
	if _, err := t.db.Exec(ctx, "DELETE FROM raw_documents WHERE user_id = ?1 AND provider = ?2", userID, string(p)); err != nil {
		return fmt.Errorf("store: delete %s data of %s: %w", p, userID, err)
	}
	return t.changes(ctx, []outboxRow{{c: domain.Change{UserID: userID, Provider: p, Kind: domain.ChangeKindProviderData, RecordID: string(p), ChangeType: domain.ChangeDeleted, At: t.clock()}}})
}

// ListRawDocuments returns a keyset page of a user's live raw documents.
func (t *Tx) ListRawDocuments(ctx context.Context, q store.RawQuery) ([]domain.RawDocument, error) {
	if q.Page.Limit <= 0 {
		q.Page.Limit = DefaultPageLimit
	}
	if q.Page.After != nil && q.Page.Before != nil {
		return nil, fmt.Errorf("store: list raw documents: page has both after and before")
	}
	ds, err := t.listRawDocuments(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list raw documents: %w", err)
	}
	return ds, nil
}

// PutRawDocument stores a provider document keyed by (user, provider, data
// type, provider record id); see PutRawDocuments.
func (t *Tx) PutRawDocument(ctx context.Context, d domain.RawDocument) (domain.WriteResult, error) {
	rs, err := t.PutRawDocuments(ctx, []domain.RawDocument{d})
	if err != nil {
		return domain.WriteResult{}, err
	}
	return rs[0], nil
}

// MarkRawDocumentDeleted tombstones a raw document.
func (t *Tx) MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) error {
	n, err := t.db.Exec(ctx, `UPDATE raw_documents SET deleted = TRUE, updated_at = ?1
WHERE user_id = ?2 AND provider = ?3 AND data_type = ?4 AND provider_record_id = ?5`,
		ms(t.clock()), userID, string(p), dataType, providerRecordID)
	return rowsOrNotFound(n, err, "raw document", fmt.Sprintf("%s/%s/%s", p, dataType, providerRecordID))
}

// dsCols are the data_sources columns scanDataSource reads, in order.
const dsCols = "id, user_id, provider, connection_id, device_model, software_version, source, device_type, original_source_name, created_at"

func scanDataSource(r Rows) (domain.DataSource, error) {
	var ds domain.DataSource
	var deviceType *string
	var created int64
	err := r.Scan(&ds.ID, &ds.UserID, &ds.Provider, &ds.ConnectionID, &ds.DeviceModel, &ds.SoftwareVersion, &ds.Source,
		&deviceType, &ds.OriginalSourceName, &created)
	ds.DeviceType, ds.CreatedAt = typedPtr[domain.DeviceType](deviceType), fromMS(created)
	return ds, err
}

// ensureDataSource inserts ds unless its key exists and returns the
// stored row in the same statement: the no-op update on a conflict makes
// RETURNING report the row a concurrent creator won with. A source
// stored before its connector named the device type gets it (nothing
// else changes).
func (t *Tx) ensureDataSource(ctx context.Context, ds domain.DataSource) (domain.DataSource, error) {
	return scanOne(ctx, t.db, `INSERT INTO data_sources (`+dsCols+`)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
ON CONFLICT (user_id, provider, coalesce(device_model, ''), coalesce(source, '')) DO UPDATE
SET device_type = coalesce(data_sources.device_type, excluded.device_type),
    original_source_name = CASE WHEN data_sources.device_type IS NULL AND excluded.device_type IS NOT NULL
        THEN coalesce(data_sources.original_source_name, excluded.original_source_name)
        ELSE data_sources.original_source_name END
RETURNING `+dsCols,
		[]any{ds.ID, ds.UserID, string(ds.Provider), ds.ConnectionID, ds.DeviceModel, ds.SoftwareVersion, ds.Source,
			untypedPtr(ds.DeviceType), ds.OriginalSourceName, ms(ds.CreatedAt)}, scanDataSource)
}

// listDataSources lists a user's data sources, oldest first.
func (t *Tx) listDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	return list(ctx, t.db, "SELECT "+dsCols+" FROM data_sources WHERE user_id = ?1 ORDER BY created_at, id", []any{userID}, scanDataSource)
}
