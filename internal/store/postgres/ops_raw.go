package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// toRaw converts a raw_documents row.
func toRaw(r pgdb.RawDocument) domain.RawDocument {
	return domain.RawDocument{
		ID: r.ID.String(), UserID: r.UserID.String(), Provider: domain.Provider(r.Provider), DataType: r.DataType,
		ProviderRecordID: r.ProviderRecordID, ContentHash: r.ContentHash, StartTime: fromTSPtr(r.StartTime),
		Body: r.Body, Deleted: r.Deleted, FetchedAt: fromTS(r.FetchedAt), UpdatedAt: fromTS(r.UpdatedAt),
	}
}

func (o *ops) RawState(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (engine.RecordState, error) {
	uid, err := parseID(userID)
	if err != nil {
		return engine.RecordState{}, err
	}
	r, err := o.q.RawState(ctx, pgdb.RawStateParams{
		UserID: uid, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID.String(), r.UserID.String(), 0, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertRawDocument(ctx context.Context, d domain.RawDocument) (bool, error) {
	var cv conv
	p := pgdb.InsertRawDocumentParams{
		ID: cv.id(d.ID), UserID: cv.id(d.UserID), Provider: string(d.Provider), DataType: d.DataType,
		ProviderRecordID: d.ProviderRecordID, ContentHash: d.ContentHash, StartTime: tsPtr(d.StartTime),
		Body: d.Body, FetchedAt: ts(d.FetchedAt), UpdatedAt: ts(d.UpdatedAt),
	}
	if cv.err != nil {
		return false, cv.err
	}
	n, err := o.q.InsertRawDocument(ctx, p)
	return n == 1, err
}

func (o *ops) UpdateRawDocument(ctx context.Context, d domain.RawDocument) (bool, error) {
	id, err := parseID(d.ID)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateRawDocument(ctx, pgdb.UpdateRawDocumentParams{
		ID: id, ContentHash: d.ContentHash, StartTime: tsPtr(d.StartTime), Body: d.Body,
		FetchedAt: ts(d.FetchedAt), UpdatedAt: ts(d.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string, at time.Time) (int64, error) {
	uid, err := parseID(userID)
	if err != nil {
		return 0, nil // matches no row
	}
	return o.q.MarkRawDocumentDeleted(ctx, pgdb.MarkRawDocumentDeletedParams{
		UserID: uid, Provider: string(p), DataType: dataType, ProviderRecordID: providerRecordID, UpdatedAt: ts(at),
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
	rows, err := o.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.RawDocument
	for rows.Next() {
		var r pgdb.RawDocument
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
