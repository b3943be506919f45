package api

import (
	"context"
	"sort"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/store"
)

// filterEvents applies source priority to events (filter_by_priority):
// a night recorded by several sources keeps only the best source's
// sessions for that wake date; workouts from different sources that
// overlap by at least half of the shorter one count once, from the best
// source. Nothing is deleted: this only selects what is served.
func filterEvents(evs []domain.Event, srcs sources, rk priority.Ranker, c domain.EventCategory) []domain.Event {
	if c == domain.CategorySleep {
		byDate := map[string][]string{}
		for _, e := range evs {
			d := localDate(e.EndTime, e.ZoneOffset)
			byDate[d] = append(byDate[d], e.DataSourceID)
		}
		best := map[string]string{}
		for d, ids := range byDate {
			best[d] = rk.Best("sleep", ids, srcs)
		}
		out := evs[:0:0]
		for _, e := range evs {
			if best[localDate(e.EndTime, e.ZoneOffset)] == e.DataSourceID {
				out = append(out, e)
			}
		}
		return out
	}
	ranked := append([]domain.Event(nil), evs...)
	sort.SliceStable(ranked, func(i, j int) bool {
		return rk.Rank("workout", srcs[ranked[i].DataSourceID]).Less(rk.Rank("workout", srcs[ranked[j].DataSourceID]))
	})
	var kept []domain.Event
	for _, e := range ranked {
		dup := false
		for _, k := range kept {
			if k.DataSourceID != e.DataSourceID && overlapsMostly(k, e) {
				dup = true
				break
			}
		}
		if !dup {
			kept = append(kept, e)
		}
	}
	return kept
}

// overlapsMostly reports whether two sessions share at least half of the
// shorter one: the same run recorded by a watch and a band.
func overlapsMostly(a, b domain.Event) bool {
	start, end := maxTime(a.StartTime, b.StartTime), minTime(a.EndTime, b.EndTime)
	if !end.After(start) {
		return false
	}
	shorter := min(a.Duration(), b.Duration())
	return shorter > 0 && end.Sub(start)*2 >= shorter
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// prioritizedEvents reads every event in the window, applies priorities
// and pages the result in memory, so pages stay full and cursors exact
// (Open Wearables applies LIMIT before its priority filter and returns
// short pages).
func (s *Server) prioritizedEvents(ctx context.Context, r eventRequest, q store.EventQuery, sc string, cur *cursor, srcs sources) ([]domain.Event, wirePagination, error) {
	rk, err := s.rankerFor(ctx, r.userID)
	if err != nil {
		return nil, wirePagination{}, err
	}
	all, err := s.eventsMatching(ctx, q)
	if err != nil {
		return nil, wirePagination{}, err
	}
	evs := filterEvents(all, srcs, rk, r.category)
	sort.Slice(evs, func(i, j int) bool { return keyBefore(eventKey(evs[i]), eventKey(evs[j]), true) })
	keys := make([]store.Keyset, len(evs))
	for i, e := range evs {
		keys[i] = eventKey(e)
	}
	lo, hi := memWindow(keys, cur, r.limit, true)
	from, to, pg := pageLinks(s.cursors, sc, cur, keys[lo:hi], r.limit)
	total := len(evs)
	pg.TotalCount = &total
	return evs[lo+from : lo+to], pg, nil
}

func eventKey(e domain.Event) store.Keyset { return store.Keyset{Time: e.StartTime, ID: e.ID} }

// keyBefore reports whether a comes before b in display order.
func keyBefore(a, b store.Keyset, desc bool) bool {
	if !a.Time.Equal(b.Time) {
		return a.Time.After(b.Time) == desc
	}
	return (a.ID > b.ID) == desc
}

// memWindow selects, from keys in display order, the limit+1 keys after
// the cursor (or before it, for a previous cursor).
func memWindow(keys []store.Keyset, cur *cursor, limit int, desc bool) (lo, hi int) {
	if cur == nil {
		return 0, min(len(keys), limit+1)
	}
	k := cur.Keyset
	if cur.Prev {
		end := sort.Search(len(keys), func(i int) bool { return !keyBefore(keys[i], k, desc) })
		return max(0, end-limit-1), end
	}
	start := sort.Search(len(keys), func(i int) bool { return keyBefore(k, keys[i], desc) })
	return start, min(len(keys), start+limit+1)
}

// filterSeries keeps, per series type and local day, only the samples of
// the best-ranked source that reported that type that day: steps from the
// watch, weight from the scale, heart rate from one device at a time.
func filterSeries(data []store.SeriesData, srcs sources, rk priority.Ranker) []store.SeriesData {
	type dayKey struct {
		typeID int
		day    string
	}
	has := map[dayKey][]string{}
	for _, sd := range data {
		seen := map[string]bool{}
		for _, smp := range sd.Samples {
			d := sampleDate(smp)
			if !seen[d] {
				seen[d] = true
				k := dayKey{sd.TypeID, d}
				has[k] = append(has[k], sd.DataSourceID)
			}
		}
	}
	best := make(map[dayKey]string, len(has))
	for k, ids := range has {
		st, _ := domain.SeriesTypeByID(k.typeID)
		best[k] = rk.Best(st.Code, ids, srcs)
	}
	out := make([]store.SeriesData, 0, len(data))
	for _, sd := range data {
		kept := sd.Samples[:0:0]
		for _, smp := range sd.Samples {
			if best[dayKey{sd.TypeID, sampleDate(smp)}] == sd.DataSourceID {
				kept = append(kept, smp)
			}
		}
		if len(kept) > 0 {
			out = append(out, store.SeriesData{DataSourceID: sd.DataSourceID, TypeID: sd.TypeID, Samples: kept})
		}
	}
	return out
}

// filterBuckets keeps, per series type and bucket, only the bucket of the
// best-ranked source that has one: a day's steps are one source's total.
func filterBuckets(data []store.SeriesBuckets, srcs sources, rk priority.Ranker) []store.SeriesBuckets {
	type bucketKey struct {
		typeID int
		start  int64
	}
	has := map[bucketKey][]string{}
	for _, sd := range data {
		for _, b := range sd.Buckets {
			k := bucketKey{sd.TypeID, b.Start}
			has[k] = append(has[k], sd.DataSourceID)
		}
	}
	best := make(map[bucketKey]string, len(has))
	for k, ids := range has {
		st, _ := domain.SeriesTypeByID(k.typeID)
		best[k] = rk.Best(st.Code, ids, srcs)
	}
	out := make([]store.SeriesBuckets, 0, len(data))
	for _, sd := range data {
		kept := sd.Buckets[:0:0]
		for _, b := range sd.Buckets {
			if best[bucketKey{sd.TypeID, b.Start}] == sd.DataSourceID {
				kept = append(kept, b)
			}
		}
		if len(kept) > 0 {
			out = append(out, store.SeriesBuckets{DataSourceID: sd.DataSourceID, TypeID: sd.TypeID, Buckets: kept})
		}
	}
	return out
}
