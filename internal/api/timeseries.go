package api

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

type wireSample struct {
	Timestamp    string      `json:"timestamp"`
	ZoneOffset   *string     `json:"zone_offset"`
	Type         string      `json:"type"`
	Value        float64     `json:"value"`
	Unit         string      `json:"unit"`
	Source       *wireSource `json:"source"`
	IsDailyTotal *bool       `json:"is_daily_total"`
	Min          *float64    `json:"min,omitempty"`
	Max          *float64    `json:"max,omitempty"`
	Count        *int        `json:"count,omitempty"`
}

// seriesRef is one (series type, data source) in a response; points refer
// to it by index so a point stays small (a day of 1 Hz is 86,400 points).
type seriesRef struct {
	key  string // "<type id>:<data source id>" orders ties deterministically
	st   domain.SeriesType
	dsID string
	// dailyTotal is the series' is_daily_total (see Server.dailyTotal).
	dailyTotal *bool
}

// point is one output sample or bucket before rendering.
type point struct {
	t      int64
	v      float64
	offset int32
	series int32 // index into the response's []seriesRef, sorted by key
	bucket int32 // index into its series' buckets, or -1 for raw samples
}

// ListTimeseries implements GET /api/v1/users/{user_id}/timeseries.
func (s *Server) ListTimeseries(ctx context.Context, req apigen.ListTimeseriesRequestObject) (apigen.ListTimeseriesResponseObject, error) {
	userID := req.UserId.String()
	srcs, err := s.userSources(ctx, userID)
	if err != nil {
		return nil, err
	}
	p := req.Params
	win, err := parseWindow("start_time", p.StartTime, "end_time", p.EndTime)
	if err != nil {
		return nil, err
	}
	types, err := seriesTypes(deref(p.Types, nil))
	if err != nil {
		return nil, err
	}
	res := timeseries.Resolution("raw")
	if p.Resolution != nil {
		if res, err = timeseries.ParseResolution(string(*p.Resolution)); err != nil {
			return nil, badRequest("invalid resolution %q", *p.Resolution)
		}
	}
	limit := deref(p.Limit, 1000)
	codes := make([]string, len(types))
	for i, t := range types {
		codes[i] = t.Code
	}
	filter := deref(p.FilterByPriority, false)
	sf := newSourceFilter(p.Provider, p.Source, p.DeviceModel, p.DataSourceId)
	sc := scope(userID, "timeseries", win.start.String(), win.end.String(), strings.Join(codes, ","), string(res), fmt.Sprint(filter), sf.scope())
	var cur *cursor
	if p.Cursor != nil && *p.Cursor != "" {
		c, err := s.cursors.decode("cursor", sc, *p.Cursor)
		if err != nil {
			return nil, err
		}
		cur = &c
	}
	q := store.SampleQuery{UserID: userID, Start: win.start, End: win.end, DataSourceIDs: sf.ids(srcs)}
	for _, t := range types {
		q.TypeIDs = append(q.TypeIDs, t.ID)
	}
	if cur != nil && !cur.Prev && cur.Keyset.Time.After(q.Start) {
		q.Start = alignDown(cur.Keyset.Time, res) // resume reading where the last page stopped
	}
	var points []point
	var refs []seriesRef
	var buckets seriesBuckets
	if q.DataSourceIDs == nil || len(q.DataSourceIDs) > 0 { // else the source filters match none of the user's sources
		if points, refs, buckets, err = s.readPoints(ctx, q, res, filter, srcs); err != nil {
			return nil, err
		}
	}
	for i := range refs {
		refs[i].dailyTotal = s.dailyTotal(refs[i].st, srcs[refs[i].dsID])
	}
	points = applyCursor(points, refs, cur, limit)
	from, to, pg := pageLinksOf(s.cursors, sc, cur, len(points), func(i int) store.Keyset {
		return store.Keyset{Time: time.UnixMilli(points[i].t).UTC(), ID: refs[points[i].series].key}
	}, limit)
	points = points[from:to]
	resStr := string(res)
	page, err := newSamplesPage(points, refs, buckets, srcs, pg, wireMetadata{Resolution: &resStr, SampleCount: len(points),
		StartTime: timePtr(win.start), EndTime: timePtr(win.end)})
	if err != nil {
		return nil, fmt.Errorf("api: encode samples: %w", err)
	}
	return samplesJSON{page: page}, nil
}

// readPoints reads the samples of q as points at resolution res. Without
// the priority filter, downsampling happens in the store block by block;
// the filter picks a source per local day from the samples themselves,
// so it reads them all first.
func (s *Server) readPoints(ctx context.Context, q store.SampleQuery, res timeseries.Resolution, filter bool, srcs sources) ([]point, []seriesRef, seriesBuckets, error) {
	if !filter && res != timeseries.ResolutionRaw {
		bs, err := s.store.ReadBuckets(ctx, q, res)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("api: read samples: %w", err)
		}
		points, refs, buckets := collectBuckets(bs)
		return points, refs, buckets, nil
	}
	series, err := s.store.ReadSamples(ctx, q)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("api: read samples: %w", err)
	}
	if filter {
		rk, err := s.rankerFor(ctx, q.UserID)
		if err != nil {
			return nil, nil, nil, err
		}
		if res != timeseries.ResolutionRaw {
			// A bucket is served from one source: filtering samples per
			// local day would let a UTC bucket that spans two local days
			// add one source's evening to another's day (two steps
			// totals for one day).
			points, refs, buckets := collectBuckets(filterBuckets(downsampleAll(series, res), srcs, rk))
			return points, refs, buckets, nil
		}
		series = filterSeries(series, srcs, rk)
	}
	points, refs, buckets := collectPoints(series, res)
	return points, refs, buckets, nil
}

// seriesTypes resolves requested codes; none means every type.
func seriesTypes(codes []string) ([]domain.SeriesType, error) {
	if len(codes) == 0 {
		return nil, nil
	}
	seen := map[int]bool{}
	var out []domain.SeriesType
	for _, c := range codes {
		for _, part := range strings.Split(c, ",") {
			code := strings.TrimSpace(part)
			if current, retired := domain.RetiredSeriesCode(code); retired {
				code = current // 0.9.0 still accepts the old name on lookup
			}
			st, ok := domain.SeriesTypeByCode(code)
			if !ok {
				return nil, badRequest("invalid types: unknown series type %q (see GET /api/v1/meta/coverage)", part)
			}
			if !seen[st.ID] {
				seen[st.ID] = true
				out = append(out, st)
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// collectPoints flattens the series into points ordered by (time, series
// key), downsampled to res.
func collectPoints(data []store.SeriesData, res timeseries.Resolution) ([]point, []seriesRef, seriesBuckets) {
	if res != timeseries.ResolutionRaw {
		return collectBuckets(downsampleAll(data, res))
	}
	refs, index := seriesIndex(len(data), func(i int) (int, string) { return data[i].TypeID, data[i].DataSourceID })
	lists := make([][]point, 0, len(data))
	total := 0
	for i, sd := range data {
		si := index[i]
		if si < 0 {
			continue
		}
		pts := make([]point, len(sd.Samples))
		for i, smp := range sd.Samples {
			pts[i] = point{t: smp.T, v: smp.V, offset: smp.Offset, series: si, bucket: -1}
		}
		lists = append(lists, pts)
		total += len(pts)
	}
	return mergePoints(lists, total), refs, nil
}

// downsampleAll aggregates each series into buckets of res.
func downsampleAll(data []store.SeriesData, res timeseries.Resolution) []store.SeriesBuckets {
	bs := make([]store.SeriesBuckets, len(data))
	for i, sd := range data {
		bs[i] = store.SeriesBuckets{DataSourceID: sd.DataSourceID, TypeID: sd.TypeID, Buckets: timeseries.Downsample(sd.Samples, res)}
	}
	return bs
}

// collectBuckets flattens downsampled series into points ordered by
// (time, series key), each pointing at its bucket in the store's slices.
func collectBuckets(data []store.SeriesBuckets) ([]point, []seriesRef, seriesBuckets) {
	refs, index := seriesIndex(len(data), func(i int) (int, string) { return data[i].TypeID, data[i].DataSourceID })
	buckets := make(seriesBuckets, len(refs))
	lists := make([][]point, 0, len(data))
	total := 0
	for i, sd := range data {
		si := index[i]
		if si < 0 {
			continue
		}
		buckets[si] = sd.Buckets
		pts := make([]point, 0, len(sd.Buckets))
		for j, b := range sd.Buckets {
			v := b.Avg
			switch refs[si].st.Aggregation {
			case domain.AggSum:
				v = b.Sum
			case domain.AggMax:
				v = b.Max
			}
			pts = append(pts, point{t: b.Start, v: v, offset: b.Offset, series: si, bucket: int32(j)})
		}
		lists = append(lists, pts)
		total += len(pts)
	}
	return mergePoints(lists, total), refs, buckets
}

// seriesBuckets holds the buckets of each series of a response, by the
// series' index; a point names its bucket by position in its series.
type seriesBuckets [][]timeseries.Bucket

// of returns the bucket of a downsampled point.
func (b seriesBuckets) of(pt point) timeseries.Bucket { return b[pt.series][pt.bucket] }

// seriesIndex names the n series (type id and data source of the i-th)
// and indexes them in key order, so comparing indexes compares keys; a
// series of an unknown type gets -1.
func seriesIndex(n int, of func(i int) (typeID int, dsID string)) ([]seriesRef, []int32) {
	refs := make([]seriesRef, 0, n)
	for i := range n {
		typeID, dsID := of(i)
		if st, ok := domain.SeriesTypeByID(typeID); ok {
			refs = append(refs, seriesRef{key: fmt.Sprintf("%04d:%s", typeID, dsID), st: st, dsID: dsID})
		}
	}
	slices.SortFunc(refs, func(a, b seriesRef) int { return strings.Compare(a.key, b.key) })
	pos := make(map[string]int32, len(refs))
	for i, r := range refs {
		pos[r.key] = int32(i)
	}
	index := make([]int32, n)
	for i := range n {
		typeID, dsID := of(i)
		si, ok := pos[fmt.Sprintf("%04d:%s", typeID, dsID)]
		if !ok {
			si = -1
		}
		index[i] = si
	}
	return refs, index
}

// mergePoints merges per-series lists, each already in time order, into
// one list ordered by (time, series): O(n·k) for the few series a request
// names, instead of sorting n points.
func mergePoints(lists [][]point, total int) []point {
	if len(lists) == 1 {
		return lists[0]
	}
	out := make([]point, 0, total)
	heads := make([]int, len(lists))
	for len(out) < total {
		best := -1
		for i, l := range lists {
			if heads[i] == len(l) {
				continue
			}
			if best < 0 || less(l[heads[i]], lists[best][heads[best]]) {
				best = i
			}
		}
		out = append(out, lists[best][heads[best]])
		heads[best]++
	}
	return out
}

func less(a, b point) bool {
	if a.t != b.t {
		return a.t < b.t
	}
	return a.series < b.series
}

// applyCursor keeps up to limit+1 points after (or, for a previous
// cursor, before) the cursor position, in ascending order.
func applyCursor(points []point, refs []seriesRef, cur *cursor, limit int) []point {
	if cur == nil {
		return points[:min(len(points), limit+1)]
	}
	k := cur.Keyset
	kt := k.Time.UnixMilli()
	i := sort.Search(len(points), func(i int) bool {
		return points[i].t > kt || (points[i].t == kt && refs[points[i].series].key >= k.ID)
	})
	if cur.Prev {
		return points[max(0, i-limit-1):i]
	}
	if i < len(points) && points[i].t == kt && refs[points[i].series].key == k.ID {
		i++
	}
	return points[i:min(len(points), i+limit+1)]
}

func alignDown(t time.Time, res timeseries.Resolution) time.Time {
	if ms := res.Millis(); ms > 0 {
		return t.Truncate(time.Duration(ms) * time.Millisecond)
	}
	return t
}

// sampleWire renders one point through encoding/json's types; the
// response uses samplesPage, which a test pins to this.
func sampleWire(pt point, refs []seriesRef, buckets seriesBuckets, srcs sources) wireSample {
	ref := refs[pt.series]
	src := srcs.wire(ref.dsID)
	out := wireSample{Timestamp: time.UnixMilli(pt.t).UTC().Format(time.RFC3339Nano), ZoneOffset: offsetPtr(domain.ZoneOffset(pt.offset)),
		Type: ref.st.Code, Value: pt.v, Unit: ref.st.Unit, Source: &src, IsDailyTotal: ref.dailyTotal}
	if pt.bucket >= 0 {
		b := buckets.of(pt)
		out.Min, out.Max, out.Count = &b.Min, &b.Max, &b.Count
	}
	return out
}

// dailyTotal is a series' is_daily_total, Open Wearables' rule: true for
// a summed type the source's provider reports as one total per day
// (provider.Coverage.DailyTotals), false for other summed types (samples
// to add up), null for averaged or maximal types.
func (s *Server) dailyTotal(st domain.SeriesType, ds domain.DataSource) *bool {
	return dailyTotalIn(s.catalog, st, ds)
}

// dailyTotalIn is Server.dailyTotal for the providers of cat.
func dailyTotalIn(cat provider.Catalog, st domain.SeriesType, ds domain.DataSource) *bool {
	if st.Aggregation != domain.AggSum {
		return nil
	}
	d, ok := cat.Get(ds.Provider)
	total := ok && slices.Contains(d.Coverage.DailyTotals, st.Code)
	return &total
}
