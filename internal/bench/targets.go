package bench

import (
	"math/rand/v2"
	"time"
)

// Targets are the routes `wearhouse bench api` measures, first the
// trivial handler the others are compared with.
func Targets(ds Dataset) []Target {
	day := func(r *rand.Rand, from time.Time, n int) time.Time {
		return from.Add(time.Duration(r.IntN(n)) * 24 * time.Hour)
	}
	user := func(r *rand.Rand, ids []string) string { return ids[r.IntN(len(ids))] }
	date := func(t time.Time) string { return t.Format(time.DateOnly) }
	last30 := ds.End.Add(-30 * 24 * time.Hour)
	return []Target{
		{Name: "trivial handler", Path: func(*rand.Rand) string { return "/bench/trivial" }},
		{Name: "sleep page (30 days, limit 50)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/events/sleep?start_date=" + date(last30) + "&end_date=" + date(ds.End) + "&limit=50"
		}},
		{Name: "workout page (90 days, limit 50)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/events/workouts?start_date=" + date(ds.End.Add(-90*24*time.Hour)) + "&end_date=" + date(ds.End) + "&limit=50"
		}},
		{Name: "activity summaries (1 year)", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/summaries/activity?start_date=" + date(ds.End.AddDate(-1, 0, 0)) + "&end_date=" + date(ds.End) + "&limit=400"
		}},
		{Name: "heart rate, 1 day raw 1 Hz", Path: func(r *rand.Rand) string {
			d := day(r, ds.Start.Add(24*time.Hour), int(ds.End.Sub(ds.Start).Hours()/24)-2)
			return "/api/v1/users/" + user(r, ds.HRUsers) + "/timeseries?types=heart_rate&start_time=" + date(d) + "&end_time=" + date(d.Add(24*time.Hour)) + "&limit=86400"
		}},
		{Name: "heart rate, 30 days at 5min", Path: func(r *rand.Rand) string {
			return "/api/v1/users/" + user(r, ds.Users) + "/timeseries?types=heart_rate&resolution=5min&start_time=" + date(last30) + "&end_time=" + date(ds.End) + "&limit=8640"
		}},
	}
}
