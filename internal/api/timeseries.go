package api

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
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

// point is one output sample or bucket before rendering.
type point struct {
	t      int64
	key    string // "<type id>:<data source id>" orders ties deterministically
	st     domain.SeriesType
	dsID   string
	v      float64
	offset int32
	bucket *timeseries.Bucket
}

// ListTimeseries implements GET /api/v1/users/{user_id}/timeseries.
func (s *Server) ListTimeseries(ctx context.Context, req apigen.ListTimeseriesRequestObject) (apigen.ListTimeseriesResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
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
	sc := scope(userID, "timeseries", win.start.String(), win.end.String(), strings.Join(codes, ","), string(res))
	var cur *cursor
	if p.Cursor != nil && *p.Cursor != "" {
		c, err := s.cursors.decode("cursor", sc, *p.Cursor)
		if err != nil {
			return nil, err
		}
		cur = &c
	}
	q := store.SampleQuery{UserID: userID, Start: win.start, End: win.end}
	for _, t := range types {
		q.TypeIDs = append(q.TypeIDs, t.ID)
	}
	if cur != nil && !cur.Prev && cur.Keyset.Time.After(q.Start) {
		q.Start = alignDown(cur.Keyset.Time, res) // resume reading where the last page stopped
	}
	series, err := s.store.ReadSamples(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: read samples: %w", err)
	}
	points := collectPoints(series, res)
	points = applyCursor(points, cur, limit)
	keys := make([]store.Keyset, len(points))
	for i, pt := range points {
		keys[i] = store.Keyset{Time: time.UnixMilli(pt.t).UTC(), ID: pt.key}
	}
	from, to, pg := pageLinks(s.cursors, sc, cur, keys, limit)
	points = points[from:to]
	srcs, err := s.sources(ctx, userID)
	if err != nil {
		return nil, err
	}
	resStr := string(res)
	body, err := encodeSamples(points, srcs, pg, wireMetadata{Resolution: &resStr, SampleCount: len(points),
		StartTime: timePtr(win.start), EndTime: timePtr(win.end)})
	if err != nil {
		return nil, fmt.Errorf("api: encode samples: %w", err)
	}
	return samplesJSON{body: body}, nil
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
			st, ok := domain.SeriesTypeByCode(strings.TrimSpace(part))
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

func collectPoints(series []store.SeriesData, res timeseries.Resolution) []point {
	var out []point
	for _, sd := range series {
		st, ok := domain.SeriesTypeByID(sd.TypeID)
		if !ok {
			continue
		}
		key := fmt.Sprintf("%04d:%s", sd.TypeID, sd.DataSourceID)
		if res == "raw" {
			for _, smp := range sd.Samples {
				out = append(out, point{t: smp.T, key: key, st: st, dsID: sd.DataSourceID, v: smp.V, offset: smp.Offset})
			}
			continue
		}
		for _, b := range timeseries.Downsample(sd.Samples, res) {
			v := b.Avg
			switch st.Aggregation {
			case domain.AggSum:
				v = b.Sum
			case domain.AggMax:
				v = b.Max
			}
			out = append(out, point{t: b.Start, key: key, st: st, dsID: sd.DataSourceID, v: v, offset: b.Offset, bucket: &b})
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].t != out[j].t {
			return out[i].t < out[j].t
		}
		return out[i].key < out[j].key
	})
	return out
}

// applyCursor keeps up to limit+1 points after (or, for a previous
// cursor, before) the cursor position, in ascending order.
func applyCursor(points []point, cur *cursor, limit int) []point {
	if cur == nil {
		return points[:min(len(points), limit+1)]
	}
	k := cur.Keyset
	kt := k.Time.UnixMilli()
	i := sort.Search(len(points), func(i int) bool {
		return points[i].t > kt || (points[i].t == kt && points[i].key >= k.ID)
	})
	if cur.Prev {
		return points[max(0, i-limit-1):i]
	}
	if i < len(points) && points[i].t == kt && points[i].key == k.ID {
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

func sampleWire(pt point, srcs sources) wireSample {
	src := srcs.wire(pt.dsID)
	out := wireSample{Timestamp: time.UnixMilli(pt.t).UTC().Format(time.RFC3339Nano), ZoneOffset: offsetPtr(domain.ZoneOffset(pt.offset)),
		Type: pt.st.Code, Value: pt.v, Unit: pt.st.Unit, Source: &src}
	if b := pt.bucket; b != nil {
		out.Min, out.Max, out.Count = &b.Min, &b.Max, &b.Count
	}
	return out
}
