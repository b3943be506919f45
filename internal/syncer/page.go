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

// storePage stores one page in one transaction: the raw copies of its
// documents, their normalized records, each deletion, and then progress
// (nil for snapshots and webhook fetches). A document whose raw copy is
// unchanged is not normalized again: its records were stored with it. A
// changed document first removes what its previous version produced
// (supersede), so a re-sent version replaces the earlier one.
// Writes are batched across the page — one raw-document write, and one
// write per data source and kind of record — so a page costs a handful
// of statements however many documents it holds.
func (s *Syncer) storePage(ctx context.Context, c domain.Connection, ds domain.DataSource, prov provider.Provider,
	pg provider.Page, progress func(tx store.Tx) error) (Counts, error) {
	var n Counts
	err := s.o.Store.InTx(ctx, func(tx store.Tx) error {
		n = Counts{}
		x := store.SyncExtra(tx)
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
		raws := make([]domain.RawDocument, len(pg.Docs))
		for i, doc := range pg.Docs {
			start := doc.Start
			raws[i] = domain.RawDocument{UserID: c.UserID, Provider: c.Provider, DataType: doc.DataType,
				ProviderRecordID: doc.ID, StartTime: &start, Body: doc.Body, FetchedAt: s.o.Now()}
		}
		var results []domain.WriteResult
		var prev map[string]domain.RawDocument
		var err error
		if len(raws) > 0 {
			// Read the previous versions before they are replaced.
			if prev, err = previousVersions(ctx, x, c, pg.Docs); err != nil {
				return err
			}
			if results, err = tx.PutRawDocuments(ctx, raws); err != nil {
				return err
			}
		}
		var w pageRecords
		for i, doc := range pg.Docs {
			n.Fetched++
			batch[doc.DataType+"\x00"+doc.ID] = doc
			if results[i].Unchanged > 0 {
				continue
			}
			recs, err := normalize(prov, doc, related)
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
			if old, ok := prev[doc.DataType+"\x00"+doc.ID]; ok && !old.Deleted && results[i].Updated > 0 {
				if err := s.supersede(ctx, tx, srcs, prov, old, dst, recs, related, &n); err != nil {
					return err
				}
			}
			if err := w.add(c, dst, recs); err != nil {
				return err
			}
		}
		if err := w.write(ctx, tx, c, &n); err != nil {
			return err
		}
		for _, d := range pg.Deleted {
			if err := s.deleteDoc(ctx, tx, x, c, srcs, prov, d, related, &n); err != nil {
				return err
			}
		}
		if err := recordProgress(ctx, tx, n); err != nil {
			return err
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

// pageRecords gathers a page's records per data source, in the order the
// documents gave them, to be written with one call per source and kind.
type pageRecords struct {
	order []string
	by    map[string]*sourceRecords
}

// sourceRecords is what a page writes into one data source.
type sourceRecords struct {
	events    []domain.Event
	summaries []domain.DailySummary
	scores    []domain.HealthScore
	types     []int
	samples   map[int][]timeseries.Sample
}

// add stamps recs with their owner and queues them.
func (w *pageRecords) add(c domain.Connection, ds domain.DataSource, recs provider.Records) error {
	if w.by == nil {
		w.by = map[string]*sourceRecords{}
	}
	r, ok := w.by[ds.ID]
	if !ok {
		r = &sourceRecords{samples: map[int][]timeseries.Sample{}}
		w.by[ds.ID] = r
		w.order = append(w.order, ds.ID)
	}
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
	r.events = append(r.events, recs.Events...)
	r.summaries = append(r.summaries, recs.Summaries...)
	r.scores = append(r.scores, recs.Scores...)
	for _, ser := range recs.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		if !ok {
			return fmt.Errorf("syncer: unknown series type %q", ser.TypeCode)
		}
		if _, seen := r.samples[st.ID]; !seen {
			r.types = append(r.types, st.ID)
		}
		r.samples[st.ID] = append(r.samples[st.ID], ser.Samples...)
	}
	return nil
}

// write upserts the queued records.
func (w *pageRecords) write(ctx context.Context, tx store.Tx, c domain.Connection, n *Counts) error {
	for _, dsID := range w.order {
		r := w.by[dsID]
		if len(r.events) > 0 {
			res, err := tx.UpsertEvents(ctx, r.events)
			if err != nil {
				return err
			}
			n.write(res)
		}
		if len(r.summaries) > 0 {
			res, err := tx.UpsertDailySummaries(ctx, r.summaries)
			if err != nil {
				return err
			}
			n.write(res)
		}
		if len(r.scores) > 0 {
			res, err := tx.UpsertHealthScores(ctx, r.scores)
			if err != nil {
				return err
			}
			n.write(res)
		}
		for _, typeID := range r.types {
			res, err := tx.WriteSamples(ctx, c.UserID, dsID, typeID, r.samples[typeID])
			if err != nil {
				return err
			}
			n.write(res)
		}
	}
	return nil
}

// fromRaw rebuilds the provider document of a stored raw document.
func fromRaw(r domain.RawDocument) provider.Document {
	d := provider.Document{DataType: r.DataType, ID: r.ProviderRecordID, Body: r.Body}
	if r.StartTime != nil {
		d.Start = *r.StartTime
	}
	return d
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
	recs, err := normalize(prov, fromRaw(raw), related)
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
