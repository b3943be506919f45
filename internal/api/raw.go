package api

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wireRaw struct {
	ID               string          `json:"id"`
	Provider         string          `json:"provider"`
	DataType         string          `json:"data_type"`
	ProviderRecordID string          `json:"provider_record_id"`
	StartTime        *string         `json:"start_time"`
	FetchedAt        string          `json:"fetched_at"`
	UpdatedAt        string          `json:"updated_at"`
	Document         json.RawMessage `json:"document"`
}

// ListRawDocuments implements GET …/raw/{provider}/{data_type}, newest
// first with keyset cursors over the time each document describes.
func (s *Server) ListRawDocuments(ctx context.Context, req apigen.ListRawDocumentsRequestObject) (apigen.ListRawDocumentsResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	if err := s.rawDataType(domain.Provider(req.Provider), req.DataType); err != nil {
		return nil, err
	}
	q := store.RawQuery{UserID: userID, Provider: domain.Provider(req.Provider), DataType: req.DataType}
	var meta wireMetadata
	var err error
	if q.Start, q.End, err = optionalRange(p.StartDate, p.EndDate); err != nil {
		return nil, err
	}
	if q.Start != nil {
		meta.StartTime = timePtr(*q.Start)
	}
	if q.End != nil {
		meta.EndTime = timePtr(*q.End)
	}
	sc := scope(userID, "raw", req.Provider, req.DataType, deref(meta.StartTime, ""), deref(meta.EndTime, ""))
	var cur *cursor
	if p.Cursor != nil && *p.Cursor != "" {
		c, err := s.cursors.decode("cursor", sc, *p.Cursor)
		if err != nil {
			return nil, err
		}
		cur = &c
	}
	limit := deref(p.Limit, 50)
	q.Page = keysetPage(cur, limit, true)
	docs, err := s.store.ListRawDocuments(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: list raw documents: %w", err)
	}
	keys := make([]store.Keyset, len(docs))
	for i, d := range docs {
		t := d.FetchedAt
		if d.StartTime != nil {
			t = *d.StartTime
		}
		keys[i] = store.Keyset{Time: t, ID: d.ID}
	}
	from, to, pg := pageLinks(s.cursors, sc, cur, keys, limit)
	docs = docs[from:to]
	out := wirePage[wireRaw]{Data: make([]wireRaw, len(docs)), Pagination: pg, Metadata: meta}
	out.Metadata.SampleCount = len(docs)
	for i, d := range docs {
		out.Data[i] = wireRaw{ID: d.ID, Provider: string(d.Provider), DataType: d.DataType, ProviderRecordID: d.ProviderRecordID,
			FetchedAt: rfc3339(d.FetchedAt), UpdatedAt: rfc3339(d.UpdatedAt), Document: d.Body}
		if d.StartTime != nil {
			out.Data[i].StartTime = strPtr(rfc3339(*d.StartTime))
		}
	}
	return ok(out), nil
}

// rawDataType checks that the provider stores documents of the data type:
// an unknown one is a 404 naming it and the provider's data types, never
// an empty page that looks like "nothing synced yet".
func (s *Server) rawDataType(p domain.Provider, dataType string) error {
	d, ok := s.catalog.Get(p)
	if !ok {
		return notFound("unknown provider %q (allowed values: %s)", p, joinNames(s.catalog.Names()))
	}
	types := d.RawDataTypes()
	if !slices.Contains(types, dataType) {
		return notFound("unknown data type %q for %s (allowed values: %s)", dataType, p, strings.Join(types, ", "))
	}
	return nil
}

func joinNames(ps []domain.Provider) string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = string(p)
	}
	return strings.Join(out, ", ")
}
