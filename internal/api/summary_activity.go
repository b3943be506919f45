package api

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"

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
}

type wireIntensity struct {
	Light    *float64 `json:"light"`
	Moderate *float64 `json:"moderate"`
	Vigorous *float64 `json:"vigorous"`
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
	var rows []domain.DailySummary
	for _, kind := range []domain.SummaryKind{domain.SummaryActivity, domain.SummaryCycle} {
		r, err := s.store.ListDailySummaries(ctx, store.SummaryQuery{UserID: userID, Kind: kind, StartDate: dr.start, EndDate: dr.end})
		if err != nil {
			return nil, fmt.Errorf("api: list daily summaries: %w", err)
		}
		rows = append(rows, r...)
	}
	rk, err := s.rankerFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	days := activityDays(rows, srcs, rk)
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
		Metadata: wireMetadata{SampleCount: to - from, StartTime: strPtr(dr.start), EndTime: strPtr(dr.end)}}
	body, err := s.pages.render(func(buf []byte) ([]byte, error) { return renderPage(buf, out) })
	if err != nil {
		return nil, fmt.Errorf("api: encode activity page: %w", err)
	}
	return body, nil
}

// activityDays merges provider daily summaries into one row per date,
// each metric from the best-ranked source that has it, in date order.
func activityDays(rows []domain.DailySummary, srcs sources, rk priority.Ranker) []wireActivity {
	byDate := map[string][]domain.DailySummary{}
	dates := []string{}
	for _, r := range rows {
		if _, ok := byDate[r.Date]; !ok {
			dates = append(dates, r.Date)
		}
		byDate[r.Date] = append(byDate[r.Date], r)
	}
	slices.Sort(dates) // ordering the dates, not the rendered rows, moves no large values
	out := make([]wireActivity, 0, len(byDate))
	// Candidates of one metric on one date, in order of first appearance
	// (a later row of the same source overrides its value); reused
	// across the year's dates and metrics.
	var ids []string
	var vals []float64
	for _, date := range dates {
		rs := byDate[date]
		pick := func(metric string) (float64, string, bool) {
			ids, vals = ids[:0], vals[:0]
			for _, r := range rs {
				v, ok := r.Metrics[metric]
				if !ok || math.IsNaN(v) {
					continue
				}
				if j := slices.Index(ids, r.DataSourceID); j >= 0 {
					vals[j] = v
					continue
				}
				ids, vals = append(ids, r.DataSourceID), append(vals, v)
			}
			best := rk.Best(metric, ids, srcs)
			if j := slices.Index(ids, best); j >= 0 {
				return vals[j], best, true
			}
			return 0, best, false
		}
		a := wireActivity{Date: date, MetricSources: map[string]string{}}
		f := func(metric string) *float64 {
			v, src, ok := pick(metric)
			if !ok {
				return nil
			}
			a.MetricSources[metric] = string(srcs[src].Provider)
			if a.primarySource == "" {
				a.primarySource = src
			}
			return &v
		}
		a.Steps = toInt64(f(domain.MetricSteps))
		a.DistanceMeters = f(domain.MetricDistanceMeters)
		a.FloorsClimbed = toInt64(f(domain.MetricFloorsClimbed))
		a.ElevationMeters = f(domain.MetricElevationMeters)
		a.ActiveCalories = f(domain.MetricActiveEnergyKcal)
		a.TotalCalories = f(domain.MetricTotalEnergyKcal)
		a.ActiveMinutes = toInt64(f(domain.MetricActiveMinutes))
		a.SedentaryMinutes = toInt64(f(domain.MetricSedentaryMinutes))
		if l, m, v := f(domain.MetricLightMinutes), f(domain.MetricModerateMinutes), f(domain.MetricVigorousMinutes); l != nil || m != nil || v != nil {
			a.IntensityMinutes = &wireIntensity{Light: l, Moderate: m, Vigorous: v}
		}
		if av, mx, mn := f(domain.MetricAvgHeartRate), f(domain.MetricMaxHeartRate), f(domain.MetricMinHeartRate); av != nil || mx != nil || mn != nil {
			a.HeartRate = &wireHRStats{Avg: roundInt(av), Max: roundInt(mx), Min: roundInt(mn)}
		}
		if a.primarySource == "" && len(rs) > 0 {
			ids := make([]string, 0, len(rs))
			for _, r := range rs {
				ids = append(ids, r.DataSourceID)
			}
			sort.Strings(ids)
			a.primarySource = rk.Best("", ids, srcs)
		}
		a.Source = srcs.wire(a.primarySource)
		out = append(out, a)
	}
	return out
}

func toInt64(f *float64) *int64 {
	if f == nil {
		return nil
	}
	v := int64(math.Round(*f))
	return &v
}
