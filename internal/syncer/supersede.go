package syncer

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// previousVersions reads the stored copy of each document on a page before
// the page replaces them (one statement per data type on the page), keyed
// like storePage's batch. A changed document's records are found by
// normalizing its previous body, which is gone once the raw copy is
// replaced.
func previousVersions(ctx context.Context, x store.SyncExtra, c domain.Connection, docs []provider.Document) (map[string]domain.RawDocument, error) {
	var order []string
	ids := map[string][]string{}
	for _, d := range docs {
		if _, ok := ids[d.DataType]; !ok {
			order = append(order, d.DataType)
		}
		ids[d.DataType] = append(ids[d.DataType], d.ID)
	}
	out := map[string]domain.RawDocument{}
	for _, dt := range order {
		raws, err := x.RawDocumentsByID(ctx, c.UserID, c.Provider, dt, ids[dt])
		if err != nil {
			return nil, err
		}
		for _, r := range raws {
			out[r.DataType+"\x00"+r.ProviderRecordID] = r
		}
	}
	return out, nil
}

// recordKeys are the records of one version of a document, by where they
// are stored: what a newer version must not delete.
type recordKeys struct {
	events  map[string]bool
	scores  map[string]bool
	samples map[string]bool
}

func sampleKey(dsID string, typeID int, t int64) string {
	return fmt.Sprintf("%s\x00%d\x00%d", dsID, typeID, t)
}

// keysOf indexes recs as written to data source dsID.
func keysOf(dsID string, recs provider.Records) recordKeys {
	k := recordKeys{events: map[string]bool{}, scores: map[string]bool{}, samples: map[string]bool{}}
	for _, e := range recs.Events {
		k.events[dsID+"\x00"+string(e.Category)+"\x00"+e.ProviderRecordID] = true
	}
	for _, h := range recs.Scores {
		k.scores[dsID+"\x00"+h.ProviderRecordID] = true
	}
	for _, ser := range recs.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		if !ok {
			continue
		}
		for _, smp := range ser.Samples {
			k.samples[sampleKey(dsID, st.ID, smp.T)] = true
		}
	}
	return k
}

// supersede removes what the previous version of a changed document
// produced and its new version (recs, to be written to dst) does not: a
// Withings measure group re-sent under its grpid with another date must
// not leave its old samples served beside the new ones. Events and scores
// under other ids are tombstoned; samples at other instants are deleted,
// and an owned series' whole earlier span is cleared (the new version's
// samples are written after this, in the same transaction). A previous
// version that cannot be normalized stored nothing, so there is nothing to
// remove.
func (s *Syncer) supersede(ctx context.Context, tx store.Tx, srcs *sources, prov provider.Provider, prev domain.RawDocument,
	dst domain.DataSource, recs provider.Records, related provider.Related, n *Counts) error {
	old, err := normalize(prov, fromRaw(prev), related)
	if err != nil {
		return nil
	}
	ds, err := srcs.of(ctx, old.Device)
	if err != nil {
		return err
	}
	keep := keysOf(dst.ID, recs)
	byCategory := map[domain.EventCategory][]string{}
	for _, e := range old.Events {
		if !keep.events[ds.ID+"\x00"+string(e.Category)+"\x00"+e.ProviderRecordID] {
			byCategory[e.Category] = append(byCategory[e.Category], e.ProviderRecordID)
		}
	}
	for cat, ids := range byCategory {
		r, err := tx.MarkEventsDeleted(ctx, ds.ID, cat, ids)
		if err != nil {
			return err
		}
		n.write(r)
	}
	var scores []string
	for _, h := range old.Scores {
		if !keep.scores[ds.ID+"\x00"+h.ProviderRecordID] {
			scores = append(scores, h.ProviderRecordID)
		}
	}
	if len(scores) > 0 {
		r, err := tx.MarkHealthScoresDeleted(ctx, ds.ID, scores)
		if err != nil {
			return err
		}
		n.write(r)
	}
	for _, ser := range old.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		if !ok || len(ser.Samples) == 0 {
			continue
		}
		if ser.Owned {
			first, last := sampleSpan(ser.Samples)
			if err := tx.DeleteSamples(ctx, ds.ID, st.ID, first, last.Add(time.Millisecond)); err != nil {
				return err
			}
			continue
		}
		for _, smp := range ser.Samples {
			if keep.samples[sampleKey(ds.ID, st.ID, smp.T)] {
				continue
			}
			if err := deleteSample(ctx, tx, ds.ID, st.ID, smp); err != nil {
				return err
			}
		}
	}
	return nil
}
