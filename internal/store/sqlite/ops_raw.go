package sqlite

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toRaw converts a raw_documents row.
func toRaw(r sqlitedb.RawDocument) domain.RawDocument {
	return domain.RawDocument{
		ID: r.ID, UserID: r.UserID, Provider: domain.Provider(r.Provider), DataType: r.DataType,
		ProviderRecordID: r.ProviderRecordID, ContentHash: r.ContentHash, StartTime: fromMSPtr(r.StartTime),
		Body: r.Body, Deleted: r.Deleted, FetchedAt: fromMS(r.FetchedAt), UpdatedAt: fromMS(r.UpdatedAt),
	}
}

func (o *ops) RawState(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (engine.RecordState, error) {
	r, err := o.q.RawState(ctx, sqlitedb.RawStateParams{
		UserID: userID, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID, r.UserID, 0, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertRawDocument(ctx context.Context, d domain.RawDocument) (bool, error) {
	n, err := o.q.InsertRawDocument(ctx, sqlitedb.InsertRawDocumentParams{
		ID: d.ID, UserID: d.UserID, Provider: string(d.Provider), DataType: d.DataType,
		ProviderRecordID: d.ProviderRecordID, ContentHash: d.ContentHash, StartTime: msPtr(d.StartTime),
		Body: d.Body, FetchedAt: ms(d.FetchedAt), UpdatedAt: ms(d.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) UpdateRawDocument(ctx context.Context, d domain.RawDocument) (bool, error) {
	n, err := o.q.UpdateRawDocument(ctx, sqlitedb.UpdateRawDocumentParams{
		ID: d.ID, ContentHash: d.ContentHash, StartTime: msPtr(d.StartTime), Body: d.Body,
		FetchedAt: ms(d.FetchedAt), UpdatedAt: ms(d.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string, at time.Time) (int64, error) {
	return o.q.MarkRawDocumentDeleted(ctx, sqlitedb.MarkRawDocumentDeletedParams{
		UserID: userID, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID, UpdatedAt: ms(at),
	})
}

// ListRawDocuments is hand-built (engine.RawDocumentsQuery): optional
// filters and a keyset page in either direction.
func (o *ops) ListRawDocuments(ctx context.Context, q store.RawQuery) ([]domain.RawDocument, error) {
	sq, reversed := engine.RawDocumentsQuery(dialect(), q)
	if sq.Never {
		return nil, nil
	}
	query, args := sq.SQL()
	rows, err := o.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RawDocument
	for rows.Next() {
		var r sqlitedb.RawDocument
		if err := rows.Scan(&r.ID, &r.UserID, &r.Provider, &r.DataType, &r.ProviderRecordID, &r.ContentHash,
			&r.StartTime, &r.Body, &r.Deleted, &r.FetchedAt, &r.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, toRaw(r))
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if reversed {
		engine.Reverse(out)
	}
	return out, nil
}
