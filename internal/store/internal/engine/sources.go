package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// deref returns *p or "" for nil.
func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// EnsureDataSource returns the data source with ds's key, creating it.
// Insert-if-absent then read back is race-free on both engines: a
// concurrent creator's row is the one returned.
func (t *Tx) EnsureDataSource(ctx context.Context, ds domain.DataSource) (domain.DataSource, error) {
	if ds.UserID == "" || ds.Provider == "" {
		return domain.DataSource{}, errors.New("store: ensure data source: user id and provider are required")
	}
	ds.ID = orNewID(ds.ID)
	ds.CreatedAt = t.clock()
	if err := t.ops.InsertDataSourceIfAbsent(ctx, ds); err != nil {
		return domain.DataSource{}, fmt.Errorf("store: ensure data source: %w", err)
	}
	got, err := t.ops.DataSourceByKey(ctx, ds.UserID, ds.Provider, deref(ds.DeviceModel), deref(ds.Source))
	if err != nil {
		return domain.DataSource{}, fmt.Errorf("store: ensure data source: %w", err)
	}
	return got, nil
}

// ListDataSources lists a user's data sources.
func (t *Tx) ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error) {
	ds, err := t.ops.ListDataSources(ctx, userID)
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
	ds, err := t.ops.ListDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: data sources of %s: %w", userID, err)
	}
	if len(ds) > 0 {
		return ds, nil
	}
	ok, err := t.ops.UserExists(ctx, userID)
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
	if err := t.ops.DeleteProviderData(ctx, userID, p); err != nil {
		return fmt.Errorf("store: delete %s data of %s: %w", p, userID, err)
	}
	return t.change(ctx, userID, domain.ChangeKindProviderData, string(p), domain.ChangeDeleted, t.clock())
}

// ListRawDocuments returns a keyset page of a user's live raw documents.
func (t *Tx) ListRawDocuments(ctx context.Context, q store.RawQuery) ([]domain.RawDocument, error) {
	if q.Page.Limit <= 0 {
		q.Page.Limit = DefaultPageLimit
	}
	if q.Page.After != nil && q.Page.Before != nil {
		return nil, fmt.Errorf("store: list raw documents: page has both after and before")
	}
	ds, err := t.ops.ListRawDocuments(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list raw documents: %w", err)
	}
	return ds, nil
}

// PutRawDocument stores a provider document keyed by (user, provider, data
// type, provider record id). The content hash defaults to SHA-256 of the
// body; the same hash on a live row is Unchanged. Raw documents are inputs,
// not records, so they append no outbox rows.
func (t *Tx) PutRawDocument(ctx context.Context, d domain.RawDocument) (domain.WriteResult, error) {
	if d.UserID == "" || d.Provider == "" || d.DataType == "" || d.ProviderRecordID == "" {
		return domain.WriteResult{}, errors.New("store: put raw document: user id, provider, data type and provider record id are required")
	}
	if len(d.ContentHash) == 0 {
		sum := sha256.Sum256(d.Body)
		d.ContentHash = sum[:]
	}
	now := t.clock()
	d.StartTime, d.UpdatedAt, d.Deleted = MSPtr(d.StartTime), now, false
	if d.FetchedAt.IsZero() {
		d.FetchedAt = now
	}
	d.FetchedAt = MS(d.FetchedAt)
	act, err := apply(0, d.ContentHash,
		func() (RecordState, error) {
			return t.ops.RawState(ctx, d.UserID, d.Provider, d.DataType, d.ProviderRecordID)
		},
		func() (bool, error) {
			d.ID = orNewID(d.ID)
			return t.ops.InsertRawDocument(ctx, d)
		},
		func(st RecordState) (bool, error) {
			d.ID = st.ID
			return t.ops.UpdateRawDocument(ctx, d)
		})
	if err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: put raw document %s: %w", d.ProviderRecordID, err)
	}
	switch act {
	case actInsert:
		return domain.WriteResult{Created: 1}, nil
	case actUpdate:
		return domain.WriteResult{Updated: 1}, nil
	}
	return domain.WriteResult{Unchanged: 1}, nil
}

// MarkRawDocumentDeleted tombstones a raw document.
func (t *Tx) MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) error {
	n, err := t.ops.MarkRawDocumentDeleted(ctx, userID, p, dataType, providerRecordID, t.clock())
	return rowsOrNotFound(n, err, "raw document", fmt.Sprintf("%s/%s/%s", p, dataType, providerRecordID))
}
