package syncer

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// expander is implemented by a provider whose documents need one
// follow-up request each (WHOOP's sleep signal stream). Expand returns the
// extra documents for doc, to be stored and normalized with it.
type expander interface {
	Expand(ctx context.Context, accessToken string, doc provider.Document) ([]provider.Document, error)
}

// expand adds the follow-up documents of every document on pg that is new
// or changed, before the page's transaction (no network inside one). A
// document whose stored raw copy has the same content hash (the store's
// SHA-256 of the body, which is what makes it Unchanged) is skipped: its
// follow-ups were stored with it, so they are never fetched twice. The
// follow-ups go before their document, so its normalization finds them.
func (s *Syncer) expand(ctx context.Context, c domain.Connection, prov provider.Provider, token string, pg provider.Page) (provider.Page, error) {
	x, ok := prov.(expander)
	if !ok || len(pg.Docs) == 0 {
		return pg, nil
	}
	docs := make([]provider.Document, 0, len(pg.Docs))
	for _, d := range pg.Docs {
		raw, err := s.extra.RawDocument(ctx, c.UserID, c.Provider, d.DataType, d.ID)
		switch {
		case err == nil && !raw.Deleted && bytes.Equal(raw.ContentHash, hashOf(d.Body)):
			docs = append(docs, d)
			continue
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return pg, err
		}
		more, err := x.Expand(ctx, token, d)
		if err != nil {
			return pg, err
		}
		docs = append(append(docs, more...), d)
	}
	pg.Docs = docs
	return pg, nil
}

func hashOf(b []byte) []byte {
	sum := sha256.Sum256(b)
	return sum[:]
}

// sampleSpan is the first and last instant of samples (in any order).
func sampleSpan(smp []timeseries.Sample) (time.Time, time.Time) {
	lo, hi := smp[0].T, smp[0].T
	for _, s := range smp[1:] {
		lo, hi = min(lo, s.T), max(hi, s.T)
	}
	return time.UnixMilli(lo), time.UnixMilli(hi)
}
