package api

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

type wireRecovery struct {
	Date            string     `json:"date"`
	Source          wireSource `json:"source"`
	SleepSeconds    *int64     `json:"sleep_duration_seconds"`
	SleepEfficiency *float64   `json:"sleep_efficiency_percent"`
	RestingHR       *int       `json:"resting_heart_rate_bpm"`
	HRVSDNN         *float64   `json:"avg_hrv_sdnn_ms"`
	HRVRMSSD        *float64   `json:"avg_hrv_rmssd_ms"`
	SpO2            *float64   `json:"avg_spo2_percent"`
	Score           *int       `json:"recovery_score"`
	ScoreCategory   *string    `json:"score_category"`
}

// ListRecoverySummaries implements GET …/summaries/recovery.
func (s *Server) ListRecoverySummaries(ctx context.Context, req apigen.ListRecoverySummariesRequestObject) (apigen.ListRecoverySummariesResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	dr, err := parseDateRange(p.StartDate, p.EndDate)
	if err != nil {
		return nil, err
	}
	desc := p.SortOrder != nil && *p.SortOrder == "desc"
	from, to := dr.win.start.Add(-36*time.Hour), dr.win.end.Add(36*time.Hour)
	var scores []domain.HealthScore
	for _, cat := range []string{domain.ScoreRecovery, domain.ScoreReadiness} {
		hs, _, err := s.store.ListHealthScores(ctx, store.ScoreQuery{UserID: userID, Category: cat, Start: &from, End: &to, Limit: 100000})
		if err != nil {
			return nil, fmt.Errorf("api: list health scores: %w", err)
		}
		scores = append(scores, hs...)
	}
	srcs, err := s.sources(ctx, userID)
	if err != nil {
		return nil, err
	}
	vitals, err := s.seriesByCode(ctx, userID, from, to, "resting_heart_rate", "heart_rate_variability_rmssd", "heart_rate_variability_sdnn", "oxygen_saturation")
	if err != nil {
		return nil, err
	}
	sleeps, err := s.allEvents(ctx, userID, domain.CategorySleep, from, to)
	if err != nil {
		return nil, err
	}
	rk, err := s.rankerFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	byDate := map[string][]domain.HealthScore{}
	for _, h := range scores {
		if d := localDate(h.RecordedAt, h.ZoneOffset); d >= dr.start && d < dr.end {
			byDate[d] = append(byDate[d], h)
		}
	}
	days := make([]wireRecovery, 0, len(byDate))
	for date, hs := range byDate {
		days = append(days, recoveryDay(date, hs, srcs, rk, vitals, sleeps))
	}
	sortDates(days, func(d wireRecovery) string { return d.Date }, desc)
	dates := make([]string, len(days))
	for i, d := range days {
		dates[i] = d.Date
	}
	sc := scope(userID, "summaries/recovery", dr.start, dr.end, fmt.Sprint(desc))
	lo, hi, pg, err := s.datePage(sc, p.Cursor, dates, deref(p.Limit, 50), desc)
	if err != nil {
		return nil, err
	}
	return ok(wirePage[wireRecovery]{Data: days[lo:hi], Pagination: pg,
		Metadata: wireMetadata{SampleCount: hi - lo, StartTime: timePtr(dr.startTime()), EndTime: timePtr(dr.endTime())}}), nil
}

func recoveryDay(date string, hs []domain.HealthScore, srcs sources, rk priority.Ranker, vitals map[string]map[string][]timeseries.Sample, sleeps []domain.Event) wireRecovery {
	ids := make([]string, 0, len(hs))
	for _, h := range hs {
		ids = append(ids, h.DataSourceID)
	}
	best := rk.Best("recovery", ids, srcs)
	out := wireRecovery{Date: date, Source: srcs.wire(best)}
	for _, h := range hs {
		// Recovery beats readiness from the same source; the newest wins.
		if h.DataSourceID != best || (out.ScoreCategory != nil && *out.ScoreCategory == domain.ScoreRecovery && h.Category != domain.ScoreRecovery) {
			continue
		}
		v, cat := h.Value, h.Category
		out.Score, out.ScoreCategory = roundInt(v), &cat // scores are whole numbers, as in Open Wearables 0.9.0
	}
	dayVals := func(code string) *float64 {
		var xs []float64
		for _, smp := range vitals[code][best] {
			if sampleDate(smp) == date {
				xs = append(xs, smp.V)
			}
		}
		return mean(xs)
	}
	out.RestingHR = roundInt(dayVals("resting_heart_rate"))
	out.HRVRMSSD = dayVals("heart_rate_variability_rmssd")
	out.HRVSDNN = dayVals("heart_rate_variability_sdnn")
	out.SpO2 = dayVals("oxygen_saturation")
	var main *domain.Event
	for i := range sleeps {
		e := &sleeps[i]
		if e.DataSourceID != best || e.Sleep == nil || e.Sleep.IsNap || localDate(e.EndTime, e.ZoneOffset) != date {
			continue
		}
		if main == nil || e.Duration() > main.Duration() {
			main = e
		}
	}
	if main != nil {
		secs := sleptSeconds(main)
		out.SleepSeconds, out.SleepEfficiency = &secs, main.Sleep.EfficiencyPercent
	}
	return out
}
