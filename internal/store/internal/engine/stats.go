package engine

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// StatsOps is row access for store.StatsReader. Times and ranges are as in
// store.StatsQuery (start inclusive, end exclusive, nil = unbounded).
type StatsOps interface {
	// SeriesHeaderStats sums, per (data source, type), the headers of the
	// user's blocks whose samples all lie in [start, end).
	SeriesHeaderStats(ctx context.Context, userID string, start, end *time.Time) ([]store.SeriesStat, error)
	// EdgeBlocks lists the user's blocks of UTC day day (Unix ms) holding
	// samples both before and at-or-after at (Unix ms), payloads included.
	EdgeBlocks(ctx context.Context, userID string, day, at int64) ([]Block, error)
	// EventStats counts the user's live events overlapping [start, end)
	// per (data source, category, type).
	EventStats(ctx context.Context, userID string, start, end *time.Time) ([]store.EventStat, error)
}

// seriesKey identifies one series of a user.
type seriesKey struct {
	dataSourceID string
	typeID       int
}

// DataStats counts a user's samples and events. Whole blocks inside the
// range are summed from their headers in SQL; a block that straddles a
// bound (at most one per series and bound, since blocks are UTC days) is
// decoded and counted exactly.
func (t *Tx) DataStats(ctx context.Context, q store.StatsQuery) (store.DataStats, error) {
	start, end := MSPtr(q.Start), MSPtr(q.End)
	if start != nil && end != nil && !end.After(*start) {
		return store.DataStats{}, nil
	}
	series, err := t.ops.SeriesHeaderStats(ctx, q.UserID, start, end)
	if err != nil {
		return store.DataStats{}, fmt.Errorf("store: series stats: %w", err)
	}
	edges, err := t.edgeBlocks(ctx, q.UserID, start, end)
	if err != nil {
		return store.DataStats{}, err
	}
	if series, err = t.addEdges(ctx, q.UserID, series, edges, start, end); err != nil {
		return store.DataStats{}, err
	}
	events, err := t.ops.EventStats(ctx, q.UserID, start, end)
	if err != nil {
		return store.DataStats{}, fmt.Errorf("store: event stats: %w", err)
	}
	return store.DataStats{Series: series, Events: events}, nil
}

// edgeBlocks returns the blocks straddling start or end, each once (a
// range inside one day can have a block straddle both).
func (t *Tx) edgeBlocks(ctx context.Context, userID string, bounds ...*time.Time) ([]Block, error) {
	var out []Block
	type blockKey struct {
		seriesKey
		day int64
	}
	seen := map[blockKey]bool{}
	for _, b := range bounds {
		if b == nil {
			continue
		}
		at := b.UnixMilli()
		blocks, err := t.ops.EdgeBlocks(ctx, userID, timeseries.DayStart(at), at)
		if err != nil {
			return nil, fmt.Errorf("store: series stats: %w", err)
		}
		for _, bl := range blocks {
			k := blockKey{seriesKey{bl.DataSourceID, bl.TypeID}, bl.Day}
			if !seen[k] {
				seen[k] = true
				out = append(out, bl)
			}
		}
	}
	return out, nil
}

// addEdges counts the samples of the straddling blocks that fall in
// [start, end) into series, adding series that only those blocks have,
// and returns series in (data source, type) order.
func (t *Tx) addEdges(ctx context.Context, userID string, series []store.SeriesStat, edges []Block, start, end *time.Time) ([]store.SeriesStat, error) {
	if len(edges) == 0 {
		return series, nil
	}
	lo, hi := int64(-1<<63), int64(1<<63-1)
	if start != nil {
		lo = start.UnixMilli()
	}
	if end != nil {
		hi = end.UnixMilli()
	}
	idx := make(map[seriesKey]int, len(series))
	for i, s := range series {
		idx[seriesKey{s.DataSourceID, s.TypeID}] = i
	}
	var providers map[string]domain.Provider
	for _, b := range edges {
		samples, err := decodeBlock(b)
		if err != nil {
			return nil, err
		}
		from, _ := slices.BinarySearchFunc(samples, lo, func(s timeseries.Sample, t int64) int { return cmp.Compare(s.T, t) })
		to, _ := slices.BinarySearchFunc(samples, hi, func(s timeseries.Sample, t int64) int { return cmp.Compare(s.T, t) })
		if from == to {
			continue
		}
		first, last := time.UnixMilli(samples[from].T).UTC(), time.UnixMilli(samples[to-1].T).UTC()
		k := seriesKey{b.DataSourceID, b.TypeID}
		if i, ok := idx[k]; ok {
			s := &series[i]
			s.Count += int64(to - from)
			s.First, s.Last = minTime(s.First, first), maxTime(s.Last, last)
			continue
		}
		if providers == nil {
			if providers, err = t.sourceProviders(ctx, userID); err != nil {
				return nil, err
			}
		}
		idx[k] = len(series)
		series = append(series, store.SeriesStat{DataSourceID: b.DataSourceID, Provider: providers[b.DataSourceID],
			TypeID: b.TypeID, Count: int64(to - from), First: first, Last: last})
	}
	slices.SortFunc(series, func(a, b store.SeriesStat) int {
		return cmp.Or(cmp.Compare(a.DataSourceID, b.DataSourceID), cmp.Compare(a.TypeID, b.TypeID))
	})
	return series, nil
}

// sourceProviders maps a user's data sources to their providers, for the
// series that only a straddling block reports (the header query joins
// them in for the rest).
func (t *Tx) sourceProviders(ctx context.Context, userID string) (map[string]domain.Provider, error) {
	dss, err := t.ops.ListDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("store: series stats: %w", err)
	}
	out := make(map[string]domain.Provider, len(dss))
	for _, ds := range dss {
		out[ds.ID] = ds.Provider
	}
	return out, nil
}

// minTime returns the earlier of two times.
func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

// maxTime returns the later of two times.
func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}
