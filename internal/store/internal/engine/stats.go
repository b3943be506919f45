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
	series, err := t.seriesHeaderStats(ctx, q.UserID, start, end)
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
	events, err := t.eventStats(ctx, q.UserID, start, end)
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
		blocks, err := list(ctx, t.db, "SELECT "+BlockColumns+" FROM series_blocks b WHERE b.user_id = ?1 AND b.day = ?2 AND b.first_ts < ?3 AND b.last_ts >= ?3 ORDER BY b.data_source_id, b.type_id",
			[]any{userID, timeseries.DayStart(at), at}, scanBlock)
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
	dss, err := t.listDataSources(ctx, userID)
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

// seriesHeaderStats sums, per (data source, type), the headers of the
// user's blocks whose samples all lie in [start, end); blocks straddling
// a bound are left to edgeBlocks.
func (t *Tx) seriesHeaderStats(ctx context.Context, userID string, start, end *time.Time) ([]store.SeriesStat, error) {
	sq := NewQuery(t.d, `SELECT b.data_source_id, d.provider, b.type_id, CAST(sum(b.count) AS BIGINT),
       CAST(min(b.first_ts) AS BIGINT), CAST(max(b.last_ts) AS BIGINT)
FROM series_blocks b JOIN data_sources d ON d.id = b.data_source_id`)
	sq.Where("b.user_id = %s", sq.Arg(userID))
	if start != nil {
		sq.Where("b.first_ts >= %s", sq.Arg(ms(*start)))
	}
	if end != nil {
		sq.Where("b.last_ts < %s", sq.Arg(ms(*end)))
	}
	sq.Tail(" GROUP BY b.data_source_id, d.provider, b.type_id ORDER BY b.data_source_id, b.type_id")
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, func(r Rows) (store.SeriesStat, error) {
		var s store.SeriesStat
		var first, last int64
		err := r.Scan(&s.DataSourceID, &s.Provider, &s.TypeID, &s.Count, &first, &last)
		s.First, s.Last = fromMS(first), fromMS(last)
		return s, err
	})
}

// eventStats counts the user's live events overlapping [start, end) per
// (data source, category, type), the selection the event routes use.
func (t *Tx) eventStats(ctx context.Context, userID string, start, end *time.Time) ([]store.EventStat, error) {
	sq := NewQuery(t.d, "SELECT e.data_source_id, d.provider, e.category, e.type, count(*) FROM events e JOIN data_sources d ON d.id = e.data_source_id")
	sq.Where("e.user_id = %s", sq.Arg(userID))
	sq.Where("NOT e.deleted")
	if end != nil {
		sq.Where("e.start_time < %s", sq.Arg(ms(*end)))
	}
	if start != nil {
		sq.Where("e.end_time > %s", sq.Arg(ms(*start)))
	}
	sq.Tail(" GROUP BY e.data_source_id, d.provider, e.category, e.type ORDER BY e.data_source_id, e.category, e.type")
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, func(r Rows) (store.EventStat, error) {
		var s store.EventStat
		err := r.Scan(&s.DataSourceID, &s.Provider, &s.Category, &s.Type, &s.Count)
		return s, err
	})
}
