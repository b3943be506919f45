package api

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// GetDataTimeline implements GET …/summaries/data/timeline: how much data
// there is per UTC day or ISO week, grouped by provider, series type or
// workout type, from block headers and indexed events.
func (s *Server) GetDataTimeline(ctx context.Context, req apigen.GetDataTimelineRequestObject) (apigen.GetDataTimelineResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	q := store.TimelineQuery{UserID: userID}
	if p.Provider != nil {
		q.Provider = domain.Provider(*p.Provider)
	}
	var err error
	if q.Start, q.End, err = optionalRange(p.StartDate, p.EndDate); err != nil {
		return nil, err
	}
	tl, err := s.store.DataTimeline(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: data timeline: %w", err)
	}
	bucket, group := deref(p.Bucket, apigen.TimelineBucketDay), deref(p.GroupBy, apigen.TimelineGroupByProvider)
	t := timeline{bucket: bucket, counts: map[string]map[time.Time]int64{}}
	metric := apigen.TimelineMetricDataPoints
	switch group {
	case apigen.TimelineGroupByProvider:
		for _, c := range tl.Series {
			t.add(string(c.Provider), c.Day, c.Count)
		}
		for _, c := range tl.Events {
			t.add(string(c.Provider), c.Day, c.Count)
		}
	case apigen.TimelineGroupBySeriesType:
		for _, c := range tl.Series {
			code := fmt.Sprint(c.TypeID)
			if st, ok := domain.SeriesTypeByID(c.TypeID); ok {
				code = st.Code
			}
			t.add(code, c.Day, c.Count)
		}
	default:
		metric = apigen.TimelineMetricWorkouts
		for _, c := range tl.Events {
			if c.Category == domain.CategoryWorkout {
				t.add(cmp.Or(c.Type, "unknown"), c.Day, c.Count)
			}
		}
	}
	return apigen.GetDataTimeline200JSONResponse{Bucket: bucket, GroupBy: group, Series: t.series(metric)}, nil
}

// timeline sums counts per (key, bucket start).
type timeline struct {
	bucket apigen.TimelineBucket
	counts map[string]map[time.Time]int64
}

func (t timeline) add(key string, day time.Time, n int64) {
	if t.bucket == apigen.TimelineBucketWeek {
		day = day.AddDate(0, 0, -(int(day.Weekday())+6)%7) // back to Monday
	}
	if t.counts[key] == nil {
		t.counts[key] = map[time.Time]int64{}
	}
	t.counts[key][day] += n
}

// series renders the groups sorted by key, their buckets in time order.
func (t timeline) series(metric apigen.DataTimelineSeriesMetric) []apigen.DataTimelineSeries {
	out := []apigen.DataTimelineSeries{}
	for _, key := range slices.Sorted(maps.Keys(t.counts)) {
		sr := apigen.DataTimelineSeries{Key: key, Metric: metric, Buckets: [][]any{}}
		for _, day := range slices.SortedFunc(maps.Keys(t.counts[key]), time.Time.Compare) {
			sr.Buckets = append(sr.Buckets, []any{day.UTC().Format(time.DateOnly), t.counts[key][day]})
		}
		out = append(out, sr)
	}
	return out
}
