package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

type page[T any] struct {
	Data       []T            `json:"data"`
	Pagination wirePagination `json:"pagination"`
	Metadata   wireMetadata   `json:"metadata"`
}

func getPage[T any](t *testing.T, b *testBundle, path string, q url.Values) page[T] {
	t.Helper()
	res := b.do(t, http.MethodGet, path+"?"+q.Encode(), nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var p page[T]
	res.json(t, &p)
	return p
}

// walk follows next_cursor to the end, then previous_cursor back to the
// start, and returns the ids seen each way. mutate runs after each forward
// page, to add records while the client is paging.
func walk[T any](t *testing.T, b *testBundle, path string, q url.Values, id func(T) string, mutate func(i int)) (fwd, back []string) {
	t.Helper()
	var last page[T]
	for i := 0; ; i++ {
		p := getPage[T](t, b, path, q)
		for _, d := range p.Data {
			fwd = append(fwd, id(d))
		}
		if mutate != nil {
			mutate(i)
		}
		last = p
		if !p.Pagination.HasMore {
			require.Nil(t, p.Pagination.NextCursor)
			break
		}
		require.Less(t, i, 1000, "runaway paging")
		q.Set("cursor", *p.Pagination.NextCursor)
	}
	var pages [][]string
	pages = append(pages, ids(last.Data, id))
	for prev := last.Pagination.PreviousCursor; prev != nil; {
		q.Set("cursor", *prev)
		p := getPage[T](t, b, path, q)
		require.NotNil(t, p.Pagination.NextCursor, "a previous page always has a next page")
		pages = append([][]string{ids(p.Data, id)}, pages...)
		prev = p.Pagination.PreviousCursor
	}
	for _, pg := range pages {
		back = append(back, pg...)
	}
	return fwd, back
}

func ids[T any](xs []T, id func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = id(x)
	}
	return out
}

func TestSleepCursorWalkNeverSkipsOrRepeats(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 20)
		q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-25"}, "limit": {"7"}}
		path := "/api/v1/users/" + f.user.ID + "/events/sleep"
		arrived := 0
		fwd, back := walk(t, b, path, q, func(s wireSleep) string { return s.ID }, func(i int) {
			// A late-synced night lands inside the window while paging.
			bed := f.day0.Add(time.Duration(5+i)*24*time.Hour + 13*time.Hour)
			_, err := b.store.UpsertEvents(context.Background(), []domain.Event{{RecordMeta: domain.RecordMeta{UserID: f.user.ID,
				DataSourceID: f.scale.ID, ProviderRecordID: fmt.Sprintf("nap-%d", i)}, Category: domain.CategorySleep,
				StartTime: bed, EndTime: bed.Add(30 * time.Minute), Sleep: &domain.SleepDetails{IsNap: true}}})
			require.NoError(t, err)
			arrived++
		})
		seen := map[string]bool{}
		for _, id := range fwd {
			require.False(t, seen[id], "repeated %s", id)
			seen[id] = true
		}
		for _, e := range f.sleeps {
			require.True(t, seen[e.ID], "skipped %s", e.ID)
		}
		require.GreaterOrEqual(t, len(fwd), 40)
		require.LessOrEqual(t, len(fwd), 40+arrived)
		// Walking back covers the same records in the same order, plus any
		// that arrived behind the forward walk.
		require.Subset(t, back, fwd)
		for i := 1; i < len(back); i++ {
			require.NotEqual(t, back[i-1], back[i])
		}
	})
}

func TestSleepSessionShape(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 2)
		p := getPage[wireSleep](t, b, "/api/v1/users/"+f.user.ID+"/events/sleep", url.Values{"start_date": {"2025-03-01"}, "end_date": {"1741046400"}})
		require.Len(t, p.Data, 4)
		require.Equal(t, 4, *p.Pagination.TotalCount)
		s := p.Data[0] // newest first; ring and band start together, so pick the ring's
		if s.Source.Provider != "oura" {
			s = p.Data[1]
		}
		require.Equal(t, "+01:00", *s.ZoneOffset)
		require.Equal(t, int64(8*3600), s.DurationSeconds)
		require.Equal(t, wireStages{Awake: 60, Light: 225, Deep: 90, REM: 105}, *s.Stages)
		require.Equal(t, "oura", s.Source.Provider)
		require.Equal(t, "Oura Ring 4", *s.Source.Device)
		require.Len(t, s.Intervals, 2)
		require.Equal(t, "2025-03-02T22:00:00Z", s.StartTime)
	})
}

func TestWorkoutsFilterAndDelete(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 6)
		path := "/api/v1/users/" + f.user.ID + "/events/workouts"
		q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-07"}}
		p := getPage[wireWorkout](t, b, path, q)
		require.Len(t, p.Data, 3)
		w := p.Data[0]
		require.Equal(t, 152, *w.AvgHeartRate)
		require.InDelta(t, 300.0, *w.AvgPace, 0.001) // 45 min over 9 km
		q.Set("record_type", "RUN")
		require.Len(t, getPage[wireWorkout](t, b, path, q).Data, 3)
		q.Set("record_type", "swim")
		require.Empty(t, getPage[wireWorkout](t, b, path, q).Data)

		res := b.do(t, http.MethodDelete, path+"/"+w.ID, nil)
		require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
		require.Equal(t, http.StatusNotFound, b.do(t, http.MethodDelete, path+"/"+w.ID, nil).Status)
		// A sleep id is not a workout.
		require.Equal(t, http.StatusNotFound, b.do(t, http.MethodDelete, path+"/"+f.sleeps[0].ID, nil).Status)
		q.Del("record_type")
		require.Len(t, getPage[wireWorkout](t, b, path, q).Data, 2)
	})
}

func TestTimeseries(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 1)
		path := "/api/v1/users/" + f.user.ID + "/timeseries"
		q := url.Values{"start_time": {"2025-03-01T10:00:00Z"}, "end_time": {"2025-03-01T12:00:00Z"}, "types": {"heart_rate"}, "limit": {"10000"}}
		p := getPage[wireSample](t, b, path, q)
		require.Len(t, p.Data, 7200, "two hours of 1 Hz in one request")
		require.False(t, p.Pagination.HasMore)
		require.Equal(t, "bpm", p.Data[0].Unit)
		require.Equal(t, "2025-03-01T10:00:00Z", p.Data[0].Timestamp)

		q.Set("resolution", "1min")
		p = getPage[wireSample](t, b, path, q)
		require.Len(t, p.Data, 120)
		require.InDelta(t, 69.5, p.Data[0].Value, 1e-9) // avg of 60..79 over 60 s
		require.Equal(t, 60, *p.Data[0].Count)
		require.Equal(t, 60.0, *p.Data[0].Min)

		q.Set("resolution", "raw")
		q.Set("limit", "1000")
		fwd, back := walk(t, b, path, q, func(s wireSample) string { return s.Timestamp }, nil)
		require.Len(t, fwd, 7200)
		require.Equal(t, fwd, back)
	})
}

func TestDataRoutesRejectBadInput(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 2)
		other := newFixture(t, b, 2)
		u := "/api/v1/users/" + f.user.ID
		first := getPage[wireSleep](t, b, "/api/v1/users/"+other.user.ID+"/events/sleep",
			url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-05"}, "limit": {"1"}})
		foreign := url.QueryEscape(*first.Pagination.NextCursor)
		tests := []struct{ name, path, mention string }{
			{"BadDate", u + "/events/sleep?start_date=yesterday&end_date=2025-03-05", "start_date"},
			{"BadDate", u + "/events/sleep?start_date=2025-03-01T25:00:00&end_date=2025-03-05", "start_date"},
			{"MissingEnd", u + "/events/sleep?start_date=2025-03-01", "end_date"},
			{"Inverted", u + "/events/sleep?start_date=2025-03-05&end_date=2025-03-01", "end_date"},
			{"LimitTooBig", u + "/events/workouts?start_date=2025-03-01&end_date=2025-03-05&limit=1001", "limit"},
			{"ForeignCursor", u + "/events/sleep?start_date=2025-03-01&end_date=2025-03-05&cursor=" + foreign, "cursor"},
			{"ForgedCursor", u + "/events/sleep?start_date=2025-03-01&end_date=2025-03-05&cursor=MjAyNXxhYmM", "cursor"},
			{"UnknownType", u + "/timeseries?start_time=2025-03-01&end_time=2025-03-02&types=heart_beat", "types"},
			{"BadResolution", u + "/timeseries?start_time=2025-03-01&end_time=2025-03-02&resolution=2min", "resolution"},
			{"TimeseriesLimit", u + "/timeseries?start_time=2025-03-01&end_time=2025-03-02&limit=86401", "limit"},
			{"SummaryOneDay", u + "/summaries/activity?start_date=2025-03-01T01:00:00Z&end_date=2025-03-01T05:00:00Z", "end_date"},
			{"ScoreCategory", u + "/health-scores?category=mood", "category"},
			{"RawProvider", u + "/raw/fitbit/sleep", "provider"},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				t.Parallel()
				res := b.do(t, http.MethodGet, tt.path, nil)
				require.Equal(t, http.StatusBadRequest, res.Status, string(res.Body))
				require.Contains(t, res.detail(t), tt.mention)
			})
		}
		res := b.do(t, http.MethodGet, "/api/v1/users/0190a3c5-7e4b-7f00-8000-000000000000/events/sleep?start_date=2025-03-01&end_date=2025-03-05", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}

func TestSummariesApplyPriorities(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 3)
		u := "/api/v1/users/" + f.user.ID
		q := url.Values{"start_date": {"2025-03-01"}, "end_date": {"2025-03-03"}} // a date-only end covers its day

		act := getPage[wireActivity](t, b, u+"/summaries/activity", q)
		require.Len(t, act.Data, 3, "one row per day, not per source")
		day := act.Data[0]
		require.Equal(t, "2025-03-01", day.Date)
		require.Equal(t, int64(8000), *day.Steps)
		require.Equal(t, 2500.0, *day.TotalCalories, "WHOOP outranks Oura for total calories")
		require.Equal(t, "whoop", day.MetricSources["total_energy_kcal"])
		require.Equal(t, "oura", day.MetricSources["steps"])
		require.Equal(t, 66, *day.HeartRate.Avg)

		sl := getPage[wireSleepSummary](t, b, u+"/summaries/sleep", q)
		require.Len(t, sl.Data, 2, "wake dates 03-02 and 03-03; a night recorded by ring and band counts once")
		require.Equal(t, "2025-03-02", sl.Data[0].Date, "sleep belongs to its wake-up date")
		require.Equal(t, "whoop", sl.Data[0].Source.Provider)
		require.Equal(t, int64(420), *sl.Data[0].DurationMinutes)

		rec := getPage[wireRecovery](t, b, u+"/summaries/recovery", q)
		require.Len(t, rec.Data, 3)
		require.Equal(t, 40, *rec.Data[0].Score)
		require.Equal(t, 52, *rec.Data[0].RestingHR)

		q.Set("sort_order", "desc")
		q.Set("limit", "2")
		act = getPage[wireActivity](t, b, u+"/summaries/activity", q)
		require.Equal(t, "2025-03-03", act.Data[0].Date)
		require.True(t, act.Pagination.HasMore)
		q.Set("cursor", *act.Pagination.NextCursor)
		act = getPage[wireActivity](t, b, u+"/summaries/activity", q)
		require.Len(t, act.Data, 1)
		require.Equal(t, "2025-03-01", act.Data[0].Date)
	})
}

func TestScoresSourcesCoverageAndRaw(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 5)
		u := "/api/v1/users/" + f.user.ID
		sc := getPage[wireScore](t, b, u+"/health-scores", url.Values{"limit": {"2"}, "offset": {"2"}, "category": {"recovery"}})
		require.Len(t, sc.Data, 2)
		require.Equal(t, 5, *sc.Pagination.TotalCount)
		require.True(t, sc.Pagination.HasMore)

		var ds struct {
			Items []wireDataSource `json:"items"`
			Total int              `json:"total"`
		}
		b.do(t, http.MethodGet, u+"/data-sources", nil).json(t, &ds)
		require.Equal(t, 3, ds.Total)

		res := b.doWith(t, http.MethodGet, "/api/v1/meta/coverage", nil, nil)
		require.Equal(t, http.StatusOK, res.Status, "coverage is public")
		require.Contains(t, string(res.Body), `"heart_rate_variability_rmssd"`)

		_, err := b.store.PutRawDocument(context.Background(), domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderOura,
			DataType: "tag", ProviderRecordID: "t1", StartTime: &f.day0, Body: []byte(`{"id":"t1","tag_type_code":"coffee"}`), FetchedAt: f.day0})
		require.NoError(t, err)
		raw := getPage[wireRaw](t, b, u+"/raw/oura/tag", url.Values{})
		require.Len(t, raw.Data, 1)
		require.JSONEq(t, `{"id":"t1","tag_type_code":"coffee"}`, string(raw.Data[0].Document))

		res = b.do(t, http.MethodGet, u+"/summaries/body", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	})
}

// TestTimeseriesServesCurrentSeriesCodes checks that samples stored under
// the series type 0.9.0 renamed are served under its current code, and
// that the retired name is still read on the way in, as 0.9.0 does.
func TestTimeseriesServesCurrentSeriesCodes(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 1)
		energy, ok := domain.SeriesTypeByCode("active_energy")
		require.True(t, ok)
		at := f.day0.Add(23 * time.Hour)
		_, err := b.store.WriteSamples(context.Background(), f.user.ID, f.ring.ID, energy.ID, []timeseries.Sample{{T: at.UnixMilli(), V: 512}})
		require.NoError(t, err)
		path := "/api/v1/users/" + f.user.ID + "/timeseries"
		for _, code := range []string{"active_energy", "energy", "energy,active_energy"} {
			p := getPage[wireSample](t, b, path, url.Values{"start_time": {"2025-03-01"}, "end_time": {"2025-03-01"}, "types": {code}})
			require.Len(t, p.Data, 1, code)
			require.Equal(t, "active_energy", p.Data[0].Type, code)
			require.Equal(t, "kcal", p.Data[0].Unit)
			require.Equal(t, 512.0, p.Data[0].Value)
		}
		res := b.do(t, http.MethodGet, path+"?start_time=2025-03-01&end_time=2025-03-01&types=dietary_protein", nil)
		require.Equal(t, http.StatusOK, res.Status, "every 0.9.0 code is accepted: %s", res.Body)
	})
}
