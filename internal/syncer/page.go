package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// storePage stores one page in one transaction: each document's raw copy
// and normalized records, each deletion, and then progress (nil for
// snapshots and webhook fetches). A document whose raw copy is unchanged
// is not normalized again: its records were stored with it.
func (s *Syncer) storePage(ctx context.Context, c domain.Connection, ds domain.DataSource, prov provider.Provider,
	pg provider.Page, progress func(tx store.Tx) error) (Counts, error) {
	var n Counts
	err := s.o.Store.InTx(ctx, func(tx store.Tx) error {
		n = Counts{}
		x, err := store.AsSyncExtra(tx)
		if err != nil {
			return err
		}
		batch := map[string]provider.Document{}
		srcs := newSources(tx, ds)
		related := func(dataType, id string) (provider.Document, bool) {
			if d, ok := batch[dataType+"\x00"+id]; ok {
				return d, true
			}
			raw, err := x.RawDocument(ctx, c.UserID, c.Provider, dataType, id)
			if err != nil {
				return provider.Document{}, false
			}
			return fromRaw(raw), true
		}
		for _, doc := range pg.Docs {
			n.Fetched++
			batch[doc.DataType+"\x00"+doc.ID] = doc
			start := doc.Start
			res, err := tx.PutRawDocument(ctx, domain.RawDocument{UserID: c.UserID, Provider: c.Provider, DataType: doc.DataType,
				ProviderRecordID: doc.ID, StartTime: &start, Body: doc.Body, FetchedAt: s.o.Now()})
			if err != nil {
				return err
			}
			if res.Unchanged > 0 {
				continue
			}
			recs, err := prov.Normalize(doc, related)
			if err != nil {
				// Keep the raw document (normalization can be replayed
				// after a fix) and report; one odd document must not
				// block the connection forever.
				n.Errors = append(n.Errors, err.Error())
				s.o.Logger.WarnContext(ctx, "normalization failed", slog.String("provider", string(c.Provider)),
					slog.String("data_type", doc.DataType), slog.String("record_id", doc.ID), slog.Any("error", err))
				continue
			}
			dst, err := srcs.of(ctx, recs.Device)
			if err != nil {
				return err
			}
			if err := s.writeRecords(ctx, tx, c, dst, recs, &n); err != nil {
				return err
			}
		}
		for _, d := range pg.Deleted {
			if err := s.deleteDoc(ctx, tx, x, c, srcs, prov, d, related, &n); err != nil {
				return err
			}
		}
		if progress != nil {
			return progress(tx)
		}
		return nil
	})
	if err != nil {
		return Counts{}, fmt.Errorf("syncer: store page: %w", err)
	}
	return n, nil
}

// fromRaw rebuilds the provider document of a stored raw document.
func fromRaw(r domain.RawDocument) provider.Document {
	d := provider.Document{DataType: r.DataType, ID: r.ProviderRecordID, Body: r.Body}
	if r.StartTime != nil {
		d.Start = *r.StartTime
	}
	return d
}

// writeRecords stamps records with their owner and upserts them.
func (s *Syncer) writeRecords(ctx context.Context, tx store.Tx, c domain.Connection, ds domain.DataSource, recs provider.Records, n *Counts) error {
	own := func(m *domain.RecordMeta) { m.UserID, m.DataSourceID = c.UserID, ds.ID }
	for i := range recs.Events {
		own(&recs.Events[i].RecordMeta)
	}
	for i := range recs.Summaries {
		own(&recs.Summaries[i].RecordMeta)
	}
	for i := range recs.Scores {
		own(&recs.Scores[i].RecordMeta)
	}
	if len(recs.Events) > 0 {
		r, err := tx.UpsertEvents(ctx, recs.Events)
		if err != nil {
			return err
		}
		n.write(r)
	}
	if len(recs.Summaries) > 0 {
		r, err := tx.UpsertDailySummaries(ctx, recs.Summaries)
		if err != nil {
			return err
		}
		n.write(r)
	}
	if len(recs.Scores) > 0 {
		r, err := tx.UpsertHealthScores(ctx, recs.Scores)
		if err != nil {
			return err
		}
		n.write(r)
	}
	for _, ser := range recs.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		if !ok {
			return fmt.Errorf("syncer: unknown series type %q", ser.TypeCode)
		}
		r, err := tx.WriteSamples(ctx, c.UserID, ds.ID, st.ID, ser.Samples)
		if err != nil {
			return err
		}
		n.write(r)
	}
	return nil
}

// deleteDoc tombstones what a deleted document had produced: the stored
// raw copy is normalized again to find its events, scores and samples.
// A document never stored has nothing to delete.
func (s *Syncer) deleteDoc(ctx context.Context, tx store.Tx, x store.SyncExtra, c domain.Connection, srcs *sources,
	prov provider.Provider, d provider.Deletion, related provider.Related, n *Counts) error {
	raw, err := x.RawDocument(ctx, c.UserID, c.Provider, d.DataType, d.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if raw.Deleted {
		return nil
	}
	recs, err := prov.Normalize(fromRaw(raw), related)
	if err != nil {
		n.Errors = append(n.Errors, err.Error())
		return tx.MarkRawDocumentDeleted(ctx, c.UserID, c.Provider, d.DataType, d.ID)
	}
	ds, err := srcs.of(ctx, recs.Device)
	if err != nil {
		return err
	}
	byCategory := map[domain.EventCategory][]string{}
	for _, e := range recs.Events {
		byCategory[e.Category] = append(byCategory[e.Category], e.ProviderRecordID)
	}
	for cat, ids := range byCategory {
		r, err := tx.MarkEventsDeleted(ctx, ds.ID, cat, ids)
		if err != nil {
			return err
		}
		n.write(r)
	}
	if len(recs.Scores) > 0 {
		ids := make([]string, 0, len(recs.Scores))
		for _, h := range recs.Scores {
			ids = append(ids, h.ProviderRecordID)
		}
		r, err := tx.MarkHealthScoresDeleted(ctx, ds.ID, ids)
		if err != nil {
			return err
		}
		n.write(r)
	}
	for _, ser := range recs.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		if !ok {
			continue
		}
		if ser.Owned && len(ser.Samples) > 0 {
			first, last := sampleSpan(ser.Samples)
			if err := tx.DeleteSamples(ctx, ds.ID, st.ID, first, last.Add(time.Millisecond)); err != nil {
				return err
			}
			continue
		}
		for _, smp := range ser.Samples {
			if err := deleteSample(ctx, tx, ds.ID, st.ID, smp); err != nil {
				return err
			}
		}
	}
	return tx.MarkRawDocumentDeleted(ctx, c.UserID, c.Provider, d.DataType, d.ID)
}

func deleteSample(ctx context.Context, tx store.Tx, dsID string, typeID int, smp timeseries.Sample) error {
	t := time.UnixMilli(smp.T)
	return tx.DeleteSamples(ctx, dsID, typeID, t, t.Add(time.Millisecond))
}
