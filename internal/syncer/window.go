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

// syncType fetches one data type and stores it page by page. A windowed
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
	if done, err := s.finishedEarlier(ctx, c, dt, req); err != nil || done {
		return n, err
	}
	w, resume, err := s.window(ctx, c, prov, dt, req)
	if err != nil {
		return n, err
	}
	if !w.Start.Before(w.End) {
		return n, nil
	}
	err = prov.Fetch(ctx, token, dt.Name, w, resume, func(pg provider.Page) error {
		got, err := s.storePage(ctx, c, ds, prov, pg, func(tx store.Tx) error {
			return s.advance(ctx, tx, c, dt.Name, w, pg.Resume)
		})
		n.add(got)
		return err
	})
	return n, err
}

// finishedEarlier reports whether an earlier attempt of this sync (see
// Request.DoneSince) completed dt: its cursor moved since the sync was
// asked for and no window is half-walked.
func (s *Syncer) finishedEarlier(ctx context.Context, c domain.Connection, dt provider.DataType, req Request) (bool, error) {
	if req.DoneSince.IsZero() {
		return false, nil
	}
	if _, err := s.extra.SyncProgress(ctx, c.ID, dt.Name); !errors.Is(err, store.ErrNotFound) {
		if err != nil {
			return false, fmt.Errorf("syncer: progress: %w", err)
		}
		return false, nil // mid-window: resume it
	}
	cur, err := s.o.Store.Cursor(ctx, c.ID, dt.Name)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("syncer: cursor: %w", err)
	}
	return !cur.UpdatedAt.Before(req.DoneSince), nil
}

// window picks the window to walk and where to resume in it.
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
	if req.Days == 0 {
		cur, err := s.o.Store.Cursor(ctx, c.ID, dt.Name)
		switch {
		case err == nil:
			start = cur.HighWater.Add(-dt.Lookback)
		case !errors.Is(err, store.ErrNotFound):
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
	x, err := store.AsSyncExtra(tx)
	if err != nil {
		return err
	}
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
