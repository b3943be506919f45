package engine

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// rawSpec is the raw_documents upsert: documents have no revision, so
// other content or a tombstoned row is replaced and the same content on a
// live row is unchanged.
var rawSpec = &upsertSpec{
	table: "raw_documents",
	cols: []string{"id", "user_id", "provider", "data_type", "provider_record_id", "content_hash", "start_time", "body",
		"deleted", "fetched_at", "updated_at"},
	key:    []string{"user_id", "provider", "data_type", "provider_record_id"},
	update: []string{"content_hash", "start_time", "body", "fetched_at", "updated_at"},
}

// PutRawDocuments stores provider documents keyed by (user, provider,
// data type, provider record id) with one statement, and reports each
// one's outcome. The content hash defaults to SHA-256 of the body; the
// same hash on a live row is Unchanged. Raw documents are inputs, not
// records, so they append no outbox rows.
func (t *Tx) PutRawDocuments(ctx context.Context, ds []domain.RawDocument) ([]domain.WriteResult, error) {
	now := t.clock()
	rows := make([]upsertRow, len(ds))
	for i, d := range ds {
		if d.UserID == "" || d.Provider == "" || d.DataType == "" || d.ProviderRecordID == "" {
			return nil, errors.New("store: put raw document: user id, provider, data type and provider record id are required")
		}
		if len(d.ContentHash) == 0 {
			sum := sha256.Sum256(d.Body)
			d.ContentHash = sum[:]
		}
		fetched := d.FetchedAt
		if fetched.IsZero() {
			fetched = now
		}
		id := orNewID(d.ID)
		rows[i] = upsertRow{id: id, given: d.ID != "", key: keyOf(d.UserID, string(d.Provider), d.DataType, d.ProviderRecordID),
			args: []any{id, d.UserID, string(d.Provider), d.DataType, d.ProviderRecordID, d.ContentHash, msPtr(MSPtr(d.StartTime)),
				d.Body, false, ms(MS(fetched)), ms(now)}}
	}
	acts, _, err := t.upsert(ctx, rawSpec, rows)
	if err != nil {
		return nil, fmt.Errorf("store: put raw documents: %w", err)
	}
	out := make([]domain.WriteResult, len(acts))
	for i, a := range acts {
		switch a {
		case actInsert:
			out[i].Created = 1
		case actUpdate:
			out[i].Updated = 1
		default:
			out[i].Unchanged = 1
		}
	}
	return out, nil
}

// rawCols are the raw_documents columns scanRaw reads.
const rawCols = "r.id, r.user_id, r.provider, r.data_type, r.provider_record_id, r.content_hash, r.start_time, " +
	"r.body, r.deleted, r.fetched_at, r.updated_at"

func scanRaw(r Rows) (domain.RawDocument, error) {
	var d domain.RawDocument
	var start *int64
	var fetched, updated int64
	err := r.Scan(&d.ID, &d.UserID, &d.Provider, &d.DataType, &d.ProviderRecordID, &d.ContentHash, &start, &d.Body,
		&d.Deleted, &fetched, &updated)
	d.StartTime, d.FetchedAt, d.UpdatedAt = fromMSPtr(start), fromMS(fetched), fromMS(updated)
	return d, err
}

// listRawDocuments reads one keyset page of live documents.
func (t *Tx) listRawDocuments(ctx context.Context, q store.RawQuery) ([]domain.RawDocument, error) {
	sq, reversed := RawDocumentsQuery(t.d, q)
	query, args := sq.SQL()
	out, err := list(ctx, t.db, query, args, scanRaw)
	if reversed {
		slices.Reverse(out)
	}
	return out, err
}

// RawDocument returns one stored raw document, deleted ones included.
func (t *Tx) RawDocument(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error) {
	d, err := scanOne(ctx, t.db, "SELECT "+rawCols+" FROM raw_documents r WHERE r.user_id = ?1 AND r.provider = ?2 AND r.data_type = ?3 AND r.provider_record_id = ?4",
		[]any{userID, string(p), dataType, providerRecordID}, scanRaw)
	if err != nil {
		return domain.RawDocument{}, fmt.Errorf("store: raw document %s/%s/%s: %w", p, dataType, providerRecordID, err)
	}
	return d, nil
}

// RawDocumentsByID returns the stored documents of one data type among
// providerRecordIDs, deleted ones included, with one statement.
func (t *Tx) RawDocumentsByID(ctx context.Context, userID string, p domain.Provider, dataType string, providerRecordIDs []string) ([]domain.RawDocument, error) {
	if len(providerRecordIDs) == 0 {
		return nil, nil
	}
	sq := NewQuery(t.d, "SELECT "+rawCols+" FROM raw_documents r")
	sq.Where("r.user_id = %s", sq.IDArg(userID))
	sq.Where("r.provider = %s", sq.Arg(string(p)))
	sq.Where("r.data_type = %s", sq.Arg(dataType))
	sq.In("r.provider_record_id", providerRecordIDs)
	query, args := sq.SQL()
	out, err := list(ctx, t.db, query, args, scanRaw)
	if err != nil {
		return nil, fmt.Errorf("store: raw documents %s/%s: %w", p, dataType, err)
	}
	return out, nil
}
