package syncer

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// syncType fetches one data type and stores it page by page; a sync
// job's slice ends after the windowed page during which its time ran
// out. Only windowed pages record progress, so only they end a slice: a
// type without a window is fetched whole by every slice, and yielding
// after it would make no progress at all. A windowed
// type resumes a stored, unfinished window first; otherwise its window
// runs from the cursor (less the type's lookback) — or, without a
// cursor, from the backfill horizon — to now.
func (s *Syncer) syncType(ctx context.Context, c domain.Connection, ds domain.DataSource, prov provider.Provider,
	dt provider.DataType, req Request, token string) (Counts, error) {
	var n Counts
	if !dt.Windowed {
		err := prov.Fetch(ctx, token, dt.Name, provider.Window{}, "", func(pg provider.Page) error {
			got, err := s.storePage(ctx, c, ds, prov, pg, nil)
			n.add(got)
			return err
		})
		return n, err
	}
	w, resume, err := s.window(ctx, c, prov, dt, req)
	if err != nil {
		return n, err
	}
	if !w.Start.Before(w.End) {
		return n, nil
	}
	runTypesFrom(ctx).cover(dt.Name, w)
	err = prov.Fetch(ctx, token, dt.Name, w, resume, func(pg provider.Page) error {
		pg, err := s.expand(ctx, c, prov, token, pg)
		if err != nil {
			return err
		}
		got, err := s.storePage(ctx, c, ds, prov, pg, func(tx store.Tx) error {
			return s.advance(ctx, tx, c, dt.Name, w, pg.Resume)
		})
		n.add(got)
		if err != nil {
			return err
		}
		return yieldAfter(ctx)
	})
	return n, err
}

// window picks the window to walk and where to resume in it. On a retry
// (Request.DoneSince), a type whose cursor moved since the sync was asked
// for was finished by an earlier attempt: its window is empty.
func (s *Syncer) window(ctx context.Context, c domain.Connection, prov provider.Provider, dt provider.DataType, req Request) (provider.Window, string, error) {
	p, err := s.extra.SyncProgress(ctx, c.ID, dt.Name)
	switch {
	case err == nil:
		return provider.Window{Start: p.WindowStart, End: p.WindowEnd}, p.Resume, nil
	case !errors.Is(err, store.ErrNotFound):
		return provider.Window{}, "", fmt.Errorf("syncer: progress: %w", err)
	}
	now := s.o.Now().UTC().Truncate(time.Millisecond)
	days := s.o.BackfillDays
	if req.Days > 0 {
		days = req.Days
	}
	start := now.AddDate(0, 0, -days)
	if req.Days == 0 || !req.DoneSince.IsZero() {
		cur, err := s.o.Store.Cursor(ctx, c.ID, dt.Name)
		switch {
		case err == nil && !req.DoneSince.IsZero() && !cur.UpdatedAt.Before(req.DoneSince):
			return provider.Window{Start: now, End: now}, "", nil
		case err == nil && req.Days == 0:
			start = cur.HighWater.Add(-dt.Lookback)
		case err != nil && !errors.Is(err, store.ErrNotFound):
			return provider.Window{}, "", fmt.Errorf("syncer: cursor: %w", err)
		}
	}
	if h := prov.MaxHistory(); h > 0 && start.Before(now.Add(-h)) {
		start = now.Add(-h)
	}
	return provider.Window{Start: start, End: now}, "", nil
}

// advance records progress in the page's transaction: the continuation
// while the window is being walked, then — with the last page — the
// cursor at the window's end (never moving it backwards).
func (s *Syncer) advance(ctx context.Context, tx store.Tx, c domain.Connection, dataType string, w provider.Window, resume string) error {
	x := store.SyncExtra(tx)
	if resume != "" {
		return x.SetSyncProgress(ctx, store.SyncProgress{ConnectionID: c.ID, DataType: dataType, WindowStart: w.Start, WindowEnd: w.End, Resume: resume})
	}
	if err := x.ClearSyncProgress(ctx, c.ID, dataType); err != nil {
		return err
	}
	cur, err := tx.Cursor(ctx, c.ID, dataType)
	if err == nil && !cur.HighWater.Before(w.End) {
		return nil
	}
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return err
	}
	return tx.SetCursor(ctx, domain.SyncCursor{ConnectionID: c.ID, DataType: dataType, HighWater: w.End})
}
