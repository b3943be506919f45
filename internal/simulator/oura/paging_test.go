package oura

import (
	"encoding/json"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// expectedIDs lists, straight from the truth, the ids of the documents of
// a collection whose local day d satisfies start ≤ d < end (dates as
// strings; end may carry a time of day, which includes its own date).
// Derived collections (tags, sessions, rest mode, ring) have no truth
// record and are taken from the collection itself.
func expectedIDs(e env, col collection, p *truth.Person, start, end string) []string {
	in := func(day string) bool {
		if !col.dated {
			return true
		}
		endDay, timed := end[:10], len(end) > 10 && end[11:19] != "00:00:00"
		return day >= start[:10] && (day < endDay || (timed && day == endDay))
	}
	var out []string
	add := func(day, key string) {
		if in(day) {
			out = append(out, DocumentID(e.seed, p.OuraUserID, col.dataType, key))
		}
	}
	switch col.dataType {
	case DataSleep:
		for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
			add(e.date(s.Day), s.ID)
		}
	case DataWorkout:
		for _, w := range p.Workouts(time.Time{}, time.Time{}) {
			add(e.date(w.Day), w.ID)
		}
	case DataDailyActivity, DataDailyCardiovascularAge, DataDailyReadiness, DataDailyResilience,
		DataDailySleep, DataDailySpO2, DataDailyStress, DataSleepTime, DataVO2Max:
		for _, d := range p.Days() {
			if col.dataType != DataVO2Max || e.hasVO2Max(p, d) {
				add(d.Date, d.Date)
			}
		}
	default:
		for _, it := range col.items(e, p) {
			if in(it.day) {
				out = append(out, it.id)
			}
		}
	}
	return out
}

// TestPagingReturnsTruthOnce walks next_token through random windows with
// several page sizes and checks every document of the truth in the window
// comes back exactly once, in order.
func TestPagingReturnsTruthOnce(t *testing.T) {
	t.Parallel()
	w := testWorld(t, 2, 14)
	bundles := map[int]*testBundle{}
	sizes := []int{1, 2, 3, 7, 50}
	for _, n := range sizes {
		bundles[n] = setup(t, Config{World: w, PageSize: n})
	}
	cols := collections()
	rapid.Check(t, func(rt *rapid.T) {
		col := rapid.SampledFrom(cols).Draw(rt, "collection")
		size := rapid.SampledFrom(sizes).Draw(rt, "page_size")
		who := rapid.IntRange(0, 1).Draw(rt, "person")
		from := w.Start().AddDate(0, 0, rapid.IntRange(-2, 15).Draw(rt, "start_day"))
		to := from.AddDate(0, 0, rapid.IntRange(0, 16).Draw(rt, "days"))
		start, end := from.Format(time.DateOnly), to.Format(time.DateOnly)
		if rapid.Bool().Draw(rt, "end_is_datetime") {
			end += "T" + rapid.SampledFrom([]string{"00:00:00", "12:30:00", "23:59:59"}).Draw(rt, "end_time") + "-05:00"
		}
		b := bundles[size]
		docs, requests := b.allPages(rt, b.pat(who), CollectionPrefix+col.path, url.Values{"start_date": {start}, "end_date": {end}})
		var got []string
		for _, d := range docs {
			var head struct {
				ID  string `json:"id"`
				Day string `json:"day"`
			}
			require.NoError(rt, json.Unmarshal(d, &head))
			if head.ID == "" { // daily_cardiovascular_age has no id field
				head.ID = DocumentID(w.Seed(), w.Person(who).OuraUserID, col.dataType, head.Day)
			}
			got = append(got, head.ID)
		}
		want := expectedIDs(b.srv.env, col, w.Person(who), start, end)
		require.Equal(rt, want, got, "%s [%s, %s) page size %d", col.path, start, end, size)
		require.LessOrEqual(rt, requests, len(want)/size+1, "more requests than pages")
	})
}

// TestPagingHeartRate walks next_token through random heart-rate windows
// and checks the samples are the truth's 5-minute samples, once each.
func TestPagingHeartRate(t *testing.T) {
	t.Parallel()
	w := testWorld(t, 1, 6)
	bundles := map[int]*testBundle{}
	sizes := []int{5, 50, 288, 1000}
	for _, n := range sizes {
		bundles[n] = setup(t, Config{World: w, HeartRatePageSize: n})
	}
	p := w.Person(0)
	rapid.Check(t, func(rt *rapid.T) {
		size := rapid.SampledFrom(sizes).Draw(rt, "page_size")
		start := w.Start().Add(time.Duration(rapid.IntRange(-600, 7*1440).Draw(rt, "start_min")) * time.Minute)
		end := start.Add(time.Duration(rapid.IntRange(0, 2*1440).Draw(rt, "minutes")) * time.Minute)
		zone := time.FixedZone("", rapid.SampledFrom([]int{0, -5 * 3600, 9*3600 + 1800}).Draw(rt, "offset"))
		q := url.Values{"start_datetime": {start.In(zone).Format(time.RFC3339)}, "end_datetime": {end.In(zone).Format(time.RFC3339)}}
		b := bundles[size]
		docs, _ := b.allPages(rt, b.pat(0), "/v2/usercollection/heartrate", q)
		want := p.HeartRateEvery(start, end, 5*time.Minute)
		require.Len(rt, docs, len(want))
		for i, d := range docs {
			var hr HeartRate
			require.NoError(rt, json.Unmarshal(d, &hr))
			ts, err := time.Parse(time.RFC3339, hr.Timestamp)
			require.NoError(rt, err)
			require.True(rt, want[i].Time.Equal(ts), "sample %d at %s, want %s", i, ts, want[i].Time)
			require.Equal(rt, want[i].BPM, hr.BPM)
			require.Contains(rt, []string{"awake", "sleep", "workout", "session"}, hr.Source)
		}
	})
}

// TestPagingBadInput checks the answers to windows and tokens the API
// refuses.
func TestPagingBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	cases := []struct {
		name   string
		path   string
		q      url.Values
		status int
	}{
		{"UnparseableDate", "/v2/usercollection/sleep", url.Values{"start_date": {"yesterday"}}, 422},
		{"StartAfterEnd", "/v2/usercollection/sleep", window("2025-05-10", "2025-05-01"), 400},
		{"GarbageToken", "/v2/usercollection/sleep", url.Values{"next_token": {"!!"}}, 400},
		{"HeartRateTooLong", "/v2/usercollection/heartrate", url.Values{"start_datetime": {"2025-01-01T00:00:00Z"}, "end_datetime": {"2025-03-01T00:00:00Z"}}, 400},
		{"HeartRateBadTime", "/v2/usercollection/heartrate", url.Values{"end_datetime": {"noon"}}, 422},
		{"UnknownDocument", "/v2/usercollection/sleep/does-not-exist", nil, 404},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			resp, body := b.get(t, b.pat(0), c.path, c.q, nil)
			require.Equal(t, c.status, resp.StatusCode, "%s", body)
			require.Contains(t, string(body), `"detail"`)
		})
	}
}

// TestPagingDefaultWindow checks that without dates the API answers
// yesterday's documents (end_date defaults to today, exclusive, and
// start_date to the day before).
func TestPagingDefaultWindow(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	var page Page[DailySleep]
	b.mustGet(t, b.pat(0), "/v2/usercollection/daily_sleep", nil, &page)
	p := b.world.Person(0)
	now := b.world.Now().In(p.Location(b.world.Now()))
	yesterday := now.AddDate(0, 0, -1).Format(time.DateOnly)
	require.Len(t, page.Data, 1)
	require.Equal(t, yesterday, page.Data[0].Day)
	require.True(t, slices.ContainsFunc(p.Days(), func(d truth.Day) bool { return d.Date == yesterday }))
}
