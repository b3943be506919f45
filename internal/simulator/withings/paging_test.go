package withings_test

import (
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// pager walks every page of one service and returns the record keys in
// the order they came.
type pager func(t *testing.T, b *testBundle, tok string, params []string) []int64

// walk follows offset/more until the last page, failing on a loop.
func walk[T any](t *testing.T, b *testBundle, path, tok string, params []string,
	keys func(T) []int64, more func(T) (bool, int)) []int64 {
	t.Helper()
	var out []int64
	offset := 0
	for range 1000 {
		body := call[T](t, b, path, tok, form(append(slices.Clone(params), "offset", strconv.Itoa(offset))...))
		out = append(out, keys(body)...)
		m, next := more(body)
		if !m {
			return out
		}
		require.Greater(t, next, offset, "offset must move forward")
		offset = next
	}
	require.FailNow(t, "paging never ended")
	return nil
}

// localDay is the local date of t for a person.
func localDay(p *truth.Person, t time.Time) string { return t.In(p.Location(t)).Format(time.DateOnly) }

// pagedService is one paged service with the truth's answer for a window
// of local dates [from, to] (or Unix times for getmeas).
type pagedService struct {
	name  string
	walk  func(t *testing.T, b *testBundle, tok string, from, to time.Time) []int64
	truth func(p *truth.Person, from, to time.Time) []int64
}

func pagedServices() []pagedService {
	ymd := func(action string, from, to time.Time) []string {
		return []string{"action", action, "startdateymd", from.Format(time.DateOnly), "enddateymd", to.Format(time.DateOnly)}
	}
	inDays := func(p *truth.Person, t, from, to time.Time) bool {
		d := localDay(p, t)
		return d >= from.Format(time.DateOnly) && d <= to.Format(time.DateOnly)
	}
	return []pagedService{
		{name: "getmeas",
			walk: func(t *testing.T, b *testBundle, tok string, from, to time.Time) []int64 {
				return walk(t, b, withings.RouteMeasure, tok, []string{"action", "getmeas", "startdate", unix(from), "enddate", unix(to)},
					func(x withings.MeasureBody) []int64 {
						var ids []int64
						for _, g := range x.MeasureGrps {
							ids = append(ids, g.GrpID)
						}
						return ids
					}, func(x withings.MeasureBody) (bool, int) { return x.More == 1, x.Offset })
			},
			truth: func(p *truth.Person, from, to time.Time) []int64 {
				var ids []int64
				for _, m := range p.Measurements(from, to.Add(time.Second)) {
					ids = append(ids, m.ID)
				}
				return ids
			}},
		{name: "getactivity",
			walk: func(t *testing.T, b *testBundle, tok string, from, to time.Time) []int64 {
				return walk(t, b, withings.RouteMeasureV2, tok, ymd("getactivity", from, to),
					func(x withings.ActivityBody) []int64 {
						var ids []int64
						for _, a := range x.Activities {
							d, _ := time.Parse(time.DateOnly, a.Date)
							ids = append(ids, d.Unix())
						}
						return ids
					}, func(x withings.ActivityBody) (bool, int) { return x.More, x.Offset })
			},
			truth: func(p *truth.Person, from, to time.Time) []int64 {
				var ids []int64
				for _, d := range p.Days() {
					if day, _ := time.Parse(time.DateOnly, d.Date); !day.Before(from) && !day.After(to) {
						ids = append(ids, day.Unix())
					}
				}
				return ids
			}},
		{name: "getworkouts",
			walk: func(t *testing.T, b *testBundle, tok string, from, to time.Time) []int64 {
				return walk(t, b, withings.RouteMeasureV2, tok, ymd("getworkouts", from, to),
					func(x withings.WorkoutsBody) []int64 {
						var ids []int64
						for _, w := range x.Series {
							ids = append(ids, w.StartDate)
						}
						return ids
					}, func(x withings.WorkoutsBody) (bool, int) { return x.More, x.Offset })
			},
			truth: func(p *truth.Person, from, to time.Time) []int64 {
				var ids []int64
				for _, w := range p.Workouts(time.Time{}, time.Time{}) {
					if inDays(p, w.Start, from, to) {
						ids = append(ids, w.Start.Unix())
					}
				}
				return ids
			}},
		{name: "getsummary",
			walk: func(t *testing.T, b *testBundle, tok string, from, to time.Time) []int64 {
				return walk(t, b, withings.RouteSleep, tok, ymd("getsummary", from, to),
					func(x withings.SleepSummaryBody) []int64 {
						var ids []int64
						for _, s := range x.Series {
							ids = append(ids, s.StartDate)
						}
						return ids
					}, func(x withings.SleepSummaryBody) (bool, int) { return x.More, x.Offset })
			},
			truth: func(p *truth.Person, from, to time.Time) []int64 {
				var ids []int64
				for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
					if inDays(p, s.End, from, to) {
						ids = append(ids, s.Start.Unix())
					}
				}
				return ids
			}},
	}
}

// TestPagingReturnsTruthOnce walks random windows with random page sizes
// and requires exactly the truth's records, each once.
func TestPagingReturnsTruthOnce(t *testing.T) {
	t.Parallel()
	sizes := []int{1, 2, 3, 100}
	bundles := make([]*testBundle, len(sizes))
	for i, n := range sizes {
		bundles[i] = setup(t, setupOpts{users: 2, days: 6, pageSize: n})
	}
	services := pagedServices()
	rapid.Check(t, func(rt *rapid.T) {
		b := bundles[rapid.IntRange(0, len(bundles)-1).Draw(rt, "size")]
		svc := services[rapid.IntRange(0, len(services)-1).Draw(rt, "service")]
		i := rapid.IntRange(0, 1).Draw(rt, "person")
		start := b.world.Start()
		from := start.AddDate(0, 0, rapid.IntRange(-1, 6).Draw(rt, "from"))
		to := from.AddDate(0, 0, rapid.IntRange(0, 7).Draw(rt, "days"))
		if svc.name == "getmeas" {
			from = from.Add(time.Duration(rapid.IntRange(0, 86399).Draw(rt, "sec")) * time.Second)
			to = from.Add(time.Duration(rapid.IntRange(0, 8*86400).Draw(rt, "span")) * time.Second)
		}
		got := svc.walk(t, b, b.token(t, i), from, to)
		want := svc.truth(b.world.Person(i), from, to)
		seen := map[int64]bool{}
		for _, id := range got {
			if seen[id] {
				rt.Fatalf("%s: record %d returned twice", svc.name, id)
			}
			seen[id] = true
		}
		for _, id := range want {
			if !seen[id] {
				rt.Fatalf("%s: truth record %d missing", svc.name, id)
			}
		}
		if svc.name != "getmeas" && len(got) != len(want) {
			// getmeas adds the derived watch groups; every other service
			// renders exactly the truth's records.
			rt.Fatalf("%s: got %d records, truth has %d", svc.name, len(got), len(want))
		}
	})
}
