package api

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
)

type wireSleepSummary struct {
	Date            string            `json:"date"`
	Source          wireSource        `json:"source"`
	StartTime       *string           `json:"start_time"`
	EndTime         *string           `json:"end_time"`
	ZoneOffset      *string           `json:"zone_offset"`
	DurationMinutes *int64            `json:"duration_minutes"`
	TotalMinutes    *int64            `json:"total_duration_minutes"`
	InBedMinutes    *int64            `json:"time_in_bed_minutes"`
	Efficiency      *float64          `json:"efficiency_percent"`
	Stages          *wireStages       `json:"stages"`
	Interruptions   *int              `json:"interruptions_count"`
	NapCount        *int              `json:"nap_count"`
	NapMinutes      *int64            `json:"nap_duration_minutes"`
	Sessions        []wireSleepRecord `json:"sessions"`
	AvgHeartRate    *int              `json:"avg_heart_rate_bpm"`
	AvgHRVSDNN      *float64          `json:"avg_hrv_sdnn_ms"`
	AvgHRVRMSSD     *float64          `json:"avg_hrv_rmssd_ms"`
	AvgRespiratory  *float64          `json:"avg_respiratory_rate"`
	AvgSpO2         *float64          `json:"avg_spo2_percent"`
}

type wireSleepRecord struct {
	StartTime       string  `json:"start_time"`
	EndTime         string  `json:"end_time"`
	ZoneOffset      *string `json:"zone_offset"`
	DurationMinutes *int64  `json:"duration_minutes"`
	IsNap           bool    `json:"is_nap"`
}

// ListSleepSummaries implements GET …/summaries/sleep: one row per local
// wake-up date, from the best-ranked source that recorded sleep that day.
func (s *Server) ListSleepSummaries(ctx context.Context, req apigen.ListSleepSummariesRequestObject) (apigen.ListSleepSummariesResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	dr, err := parseDateRange(p.StartDate, p.EndDate)
	if err != nil {
		return nil, err
	}
	desc := p.SortOrder != nil && *p.SortOrder == "desc"
	// Wake dates are local: widen the read by a day on each side so a
	// night ending in the range at any offset is seen.
	evs, err := s.allEvents(ctx, userID, domain.CategorySleep, dr.win.start.Add(-36*time.Hour), dr.win.end.Add(36*time.Hour))
	if err != nil {
		return nil, err
	}
	srcs, err := s.sources(ctx, userID)
	if err != nil {
		return nil, err
	}
	rk, err := s.rankerFor(ctx, userID)
	if err != nil {
		return nil, err
	}
	byDate := map[string][]domain.Event{}
	for _, e := range evs {
		if d := localDate(e.EndTime, e.ZoneOffset); d >= dr.start && d < dr.end {
			byDate[d] = append(byDate[d], e)
		}
	}
	days := make([]wireSleepSummary, 0, len(byDate))
	for date, night := range byDate {
		days = append(days, sleepDay(date, night, srcs, rk))
	}
	sortDates(days, func(d wireSleepSummary) string { return d.Date }, desc)
	dates := make([]string, len(days))
	for i, d := range days {
		dates[i] = d.Date
	}
	sc := scope(userID, "summaries/sleep", dr.start, dr.end, fmt.Sprint(desc))
	from, to, pg, err := s.datePage(sc, p.Cursor, dates, deref(p.Limit, 50), desc)
	if err != nil {
		return nil, err
	}
	return ok(wirePage[wireSleepSummary]{Data: days[from:to], Pagination: pg,
		Metadata: wireMetadata{SampleCount: to - from, StartTime: timePtr(dr.startTime()), EndTime: timePtr(dr.endTime())}}), nil
}

// sleepDay summarises one wake date: sessions of the best source only, so
// a night recorded by a ring and a band counts once.
func sleepDay(date string, night []domain.Event, srcs sources, rk priority.Ranker) wireSleepSummary {
	ids := make([]string, 0, len(night))
	for _, e := range night {
		ids = append(ids, e.DataSourceID)
	}
	best := rk.Best("sleep", ids, srcs)
	out := wireSleepSummary{Date: date, Source: srcs.wire(best)}
	var main *domain.Event
	var total, naps, napMin int64
	var effWeighted, effWeight float64
	for i := range night {
		e := &night[i]
		if e.DataSourceID != best || e.Sleep == nil {
			continue
		}
		slept := sleptSeconds(e)
		total += slept
		if e.Sleep.EfficiencyPercent != nil {
			effWeighted += *e.Sleep.EfficiencyPercent * float64(e.Duration().Seconds())
			effWeight += e.Duration().Seconds()
		}
		m := int64(slept / 60)
		out.Sessions = append(out.Sessions, wireSleepRecord{StartTime: rfc3339(e.StartTime), EndTime: rfc3339(e.EndTime),
			ZoneOffset: offsetPtr(e.ZoneOffset), DurationMinutes: &m, IsNap: e.Sleep.IsNap})
		if e.Sleep.IsNap {
			naps++
			napMin += m
			continue
		}
		if main == nil || e.Duration() > main.Duration() {
			main = e
		}
	}
	napCount := int(naps)
	out.NapCount, out.NapMinutes = &napCount, &napMin
	tm := total / 60
	out.TotalMinutes = &tm
	if effWeight > 0 {
		eff := effWeighted / effWeight
		out.Efficiency = &eff
	}
	if main == nil {
		return out
	}
	d := main.Sleep
	out.StartTime, out.EndTime, out.ZoneOffset = strPtr(rfc3339(main.StartTime)), strPtr(rfc3339(main.EndTime)), offsetPtr(main.ZoneOffset)
	dm := sleptSeconds(main) / 60
	out.DurationMinutes = &dm
	inBed := int64(main.Duration().Seconds())
	if d.TimeInBedSeconds != nil {
		inBed = *d.TimeInBedSeconds
	}
	ib := inBed / 60
	out.InBedMinutes = &ib
	out.Stages = sleepWire(*main, srcs).Stages
	out.Interruptions = d.WakeUpCount
	if out.Interruptions == nil {
		out.Interruptions = d.DisturbanceCount
	}
	out.AvgHeartRate = roundInt(d.AvgHeartRate)
	out.AvgHRVRMSSD = d.AvgHRVRMSSD
	out.AvgRespiratory = d.AvgRespiratoryRate
	return out
}

// sleptSeconds is the session's sleep time: the provider's total, else the
// stage sum, else the wall-clock duration.
func sleptSeconds(e *domain.Event) int64 {
	d := e.Sleep
	if d.TotalSleepSeconds != nil {
		return *d.TotalSleepSeconds
	}
	if d.LightSeconds != nil || d.DeepSeconds != nil || d.REMSeconds != nil {
		var sum int64
		for _, p := range []*int64{d.LightSeconds, d.DeepSeconds, d.REMSeconds} {
			if p != nil {
				sum += *p
			}
		}
		return sum
	}
	return int64(e.Duration().Seconds())
}
