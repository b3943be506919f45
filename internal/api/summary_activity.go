package api

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wireActivity struct {
	Date             string            `json:"date"`
	Source           wireSource        `json:"source"`
	Steps            *int64            `json:"steps"`
	DistanceMeters   *float64          `json:"distance_meters"`
	FloorsClimbed    *int64            `json:"floors_climbed"`
	ElevationMeters  *float64          `json:"elevation_meters"`
	ActiveCalories   *float64          `json:"active_calories_kcal"`
	TotalCalories    *float64          `json:"total_calories_kcal"`
	ActiveMinutes    *int64            `json:"active_minutes"`
	SedentaryMinutes *int64            `json:"sedentary_minutes"`
	IntensityMinutes *wireIntensity    `json:"intensity_minutes"`
	HeartRate        *wireHRStats      `json:"heart_rate"`
	MetricSources    map[string]string `json:"metric_sources"`
	primarySource    string
	// metricSourcesJSON is MetricSources rendered, shared like the map.
	metricSourcesJSON string
}

type wireIntensity struct {
	Light    *int64 `json:"light"`
	Moderate *int64 `json:"moderate"`
	Vigorous *int64 `json:"vigorous"`
}

type wireHRStats struct {
	Avg *int `json:"avg_bpm"`
	Max *int `json:"max_bpm"`
	Min *int `json:"min_bpm"`
}

// ListActivitySummaries implements GET …/summaries/activity.
func (s *Server) ListActivitySummaries(ctx context.Context, req apigen.ListActivitySummariesRequestObject) (apigen.ListActivitySummariesResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	srcs, err := s.userSources(ctx, userID)
	if err != nil {
		return nil, err
	}
	dr, err := parseDateRange(p.StartDate, p.EndDate)
	if err != nil {
		return nil, err
	}
	desc := p.SortOrder != nil && *p.SortOrder == "desc"
	days, err := activityRows(ctx, s.store, s.ranks, userID, srcs, dr)
	if err != nil {
		return nil, err
	}
	if desc {
		slices.Reverse(days)
	}
	dates := make([]string, len(days))
	for i, d := range days {
		dates[i] = d.Date
	}
	sc := scope(userID, "summaries/activity", dr.start, dr.end, fmt.Sprint(desc))
	from, to, pg, err := s.datePage(sc, p.Cursor, dates, deref(p.Limit, 50), desc)
	if err != nil {
		return nil, err
	}
	out := wirePage[wireActivity]{Data: days[from:to], Pagination: pg,
		Metadata: wireMetadata{SampleCount: to - from, StartTime: timePtr(dr.startTime()), EndTime: timePtr(dr.endTime())}}
	body, err := s.pages.render(func(buf []byte) ([]byte, error) { return renderPage(buf, out) })
	if err != nil {
		return nil, fmt.Errorf("api: encode activity page: %w", err)
	}
	return body, nil
}

// activityRows reads the days of dr as the activity route serves them:
// activity rows and WHOOP cycles (which carry a day's energy) in one
// read of the columns the page shows, merged by the user's priorities
// over base. Webhook events render their data through it too.
func activityRows(ctx context.Context, st store.Reader, base priority.Ranker, userID string, srcs sources, dr dateRange) ([]wireActivity, error) {
	rows, err := st.ListDailySummaries(ctx, store.SummaryQuery{UserID: userID,
		Kinds: []domain.SummaryKind{domain.SummaryActivity, domain.SummaryCycle}, StartDate: dr.start, EndDate: dr.end, MetricsOnly: true})
	if err != nil {
		return nil, fmt.Errorf("api: list daily summaries: %w", err)
	}
	rk, err := priority.Load(ctx, st, base, userID)
	if err != nil {
		return nil, fmt.Errorf("api: load priorities: %w", err)
	}
	return activityDays(rows, srcs, rk), nil
}

// activityMetrics are the metrics of an activity day in the order they
// are picked (the first picked names the day's primary source).
var activityMetrics = [...]string{
	domain.MetricSteps, domain.MetricDistanceMeters, domain.MetricFloorsClimbed, domain.MetricElevationMeters,
	domain.MetricActiveEnergyKcal, domain.MetricTotalEnergyKcal, domain.MetricActiveMinutes, domain.MetricSedentaryMinutes,
	domain.MetricLightMinutes, domain.MetricModerateMinutes, domain.MetricVigorousMinutes,
	domain.MetricAvgHeartRate, domain.MetricMaxHeartRate, domain.MetricMinHeartRate,
}

// activityDays merges provider daily summaries (kind by kind, each in
// date order, as the store returns them) into one row per date, each
// metric from the best-ranked source that has it, in date order. A year
// is rendered per page, so the per-day values are cut from shared slabs
// and days that take their metrics from the same sources share one
// metric_sources map (nothing modifies a page's values once built).
func activityDays(rows []domain.DailySummary, srcs sources, rk priority.Ranker) []wireActivity {
	// A stable sort of indexes by date keeps each date's rows in kind
	// order and moves no large values.
	order := make([]int32, len(rows))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortStableFunc(order, func(a, b int32) int { return strings.Compare(rows[a].Date, rows[b].Date) })
	d := activityBuilder{rows: rows, srcs: srcs, rk: rk, wires: map[string]wireSource{},
		shared: map[[len(activityMetrics)]string]sharedSources{}}
	out := make([]wireActivity, 0, 400)
	for lo := 0; lo < len(order); {
		hi := lo + 1
		for hi < len(order) && rows[order[hi]].Date == rows[order[lo]].Date {
			hi++
		}
		out = append(out, d.day(order[lo:hi]))
		lo = hi
	}
	return out
}

// activityBuilder holds what the days of one page share.
type activityBuilder struct {
	rows   []domain.DailySummary
	srcs   sources
	rk     priority.Ranker
	floats slab[float64]
	int64s slab[int64]
	ints   slab[int]
	// Candidates of one metric on one date, in order of first appearance
	// (a later row of the same source overrides its value).
	ids    []string
	vals   []float64
	wires  map[string]wireSource
	shared map[[len(activityMetrics)]string]sharedSources // by each metric's source id
}

// pick returns the best-ranked source's value of metric among a date's rows.
func (d *activityBuilder) pick(day []int32, metric string) (float64, string, bool) {
	d.ids, d.vals = d.ids[:0], d.vals[:0]
	for _, i := range day {
		r := &d.rows[i]
		v, ok := r.Metrics[metric]
		if !ok || math.IsNaN(v) {
			continue
		}
		if j := slices.Index(d.ids, r.DataSourceID); j >= 0 {
			d.vals[j] = v
			continue
		}
		d.ids, d.vals = append(d.ids, r.DataSourceID), append(d.vals, v)
	}
	best := d.rk.Best(metric, d.ids, d.srcs)
	if j := slices.Index(d.ids, best); j >= 0 {
		return d.vals[j], best, true
	}
	return 0, best, false
}

// day builds one date's row from its rows (indexes into d.rows).
func (d *activityBuilder) day(day []int32) wireActivity {
	var vals [len(activityMetrics)]*float64
	var from [len(activityMetrics)]string
	primary := ""
	for m, metric := range activityMetrics {
		v, src, ok := d.pick(day, metric)
		if !ok {
			continue
		}
		vals[m], from[m] = d.floats.ptr(v), src
		if primary == "" {
			primary = src
		}
	}
	a := wireActivity{Date: d.rows[day[0]].Date}
	a.MetricSources, a.metricSourcesJSON = d.metricSources(from)
	a.Steps, a.DistanceMeters, a.FloorsClimbed, a.ElevationMeters = d.int64(vals[0]), vals[1], d.int64(vals[2]), vals[3]
	a.ActiveCalories, a.TotalCalories = vals[4], vals[5]
	a.ActiveMinutes, a.SedentaryMinutes = d.int64(vals[6]), d.int64(vals[7])
	if l, m, v := vals[8], vals[9], vals[10]; l != nil || m != nil || v != nil {
		a.IntensityMinutes = &wireIntensity{Light: d.int64(l), Moderate: d.int64(m), Vigorous: d.int64(v)}
	}
	if av, mx, mn := vals[11], vals[12], vals[13]; av != nil || mx != nil || mn != nil {
		a.HeartRate = &wireHRStats{Avg: d.int(av), Max: d.int(mx), Min: d.int(mn)}
	}
	if primary == "" {
		ids := make([]string, 0, len(day))
		for _, i := range day {
			ids = append(ids, d.rows[i].DataSourceID)
		}
		sort.Strings(ids)
		primary = d.rk.Best("", ids, d.srcs)
	}
	a.primarySource = primary
	w, ok := d.wires[primary]
	if !ok {
		w = d.srcs.wire(primary)
		d.wires[primary] = w
	}
	a.Source = w
	return a
}

// metricSources returns the metric → provider map of a day (from names
// each metric's source, "" for none), shared with every earlier day
// whose metrics came from the same sources.
func (d *activityBuilder) metricSources(from [len(activityMetrics)]string) (map[string]string, string) {
	if m, ok := d.shared[from]; ok {
		return m.m, m.json
	}
	out := make(map[string]string, len(activityMetrics))
	for m, metric := range activityMetrics {
		if from[m] != "" {
			out[metric] = string(d.srcs[from[m]].Provider)
		}
	}
	e := jsonEnc{}
	e.stringMap(out)
	d.shared[from] = sharedSources{m: out, json: string(e.b)}
	return out, string(e.b)
}

// sharedSources is a metric_sources map and its rendering.
type sharedSources struct {
	m    map[string]string
	json string
}

// int64 is a metric rounded to a whole number (nil stays nil).
func (d *activityBuilder) int64(f *float64) *int64 {
	if f == nil {
		return nil
	}
	return d.int64s.ptr(int64(math.Round(*f)))
}

// int is int64 for the heart-rate fields.
func (d *activityBuilder) int(f *float64) *int {
	if f == nil {
		return nil
	}
	return d.ints.ptr(int(math.Round(*f)))
}

// slab hands out pointers to values cut from shared blocks: one
// allocation per block instead of one per optional field of a page.
type slab[T any] struct {
	buf []T
}

func (s *slab[T]) ptr(v T) *T {
	if len(s.buf) == cap(s.buf) {
		s.buf = make([]T, 0, max(256, 2*cap(s.buf)))
	}
	s.buf = append(s.buf, v)
	return &s.buf[len(s.buf)-1]
}
