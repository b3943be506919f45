package api

import (
	"context"
	"fmt"
	"sort"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wireProviderCounts struct {
	Provider     string           `json:"provider"`
	DataPoints   int64            `json:"data_points"`
	SeriesCounts map[string]int64 `json:"series_counts"`
	WorkoutCount int64            `json:"workout_count"`
	SleepCount   int64            `json:"sleep_count"`
}

// GetDataSummary implements GET …/summaries/data: counts from block
// headers and indexed event counts, never by reading the samples.
func (s *Server) GetDataSummary(ctx context.Context, req apigen.GetDataSummaryRequestObject) (apigen.GetDataSummaryResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	q := store.StatsQuery{UserID: userID}
	var err error
	if q.Start, q.End, err = optionalRange(p.StartDate, p.EndDate); err != nil {
		return nil, err
	}
	st, err := s.store.DataStats(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: data stats: %w", err)
	}
	out := struct {
		UserID        string               `json:"user_id"`
		DataPoints    int64                `json:"total_data_points"`
		Workouts      int64                `json:"total_workouts"`
		Sleeps        int64                `json:"total_sleep_events"`
		SeriesCounts  map[string]int64     `json:"series_type_counts"`
		WorkoutCounts map[string]int64     `json:"workout_type_counts"`
		ByProvider    []wireProviderCounts `json:"by_provider"`
		WomensHealth  bool                 `json:"has_womens_health_data"`
	}{UserID: userID, SeriesCounts: map[string]int64{}, WorkoutCounts: map[string]int64{}}
	byProvider := map[domain.Provider]*wireProviderCounts{}
	prov := func(p domain.Provider) *wireProviderCounts {
		if byProvider[p] == nil {
			byProvider[p] = &wireProviderCounts{Provider: string(p), SeriesCounts: map[string]int64{}}
		}
		return byProvider[p]
	}
	for _, ss := range st.Series {
		code := fmt.Sprint(ss.TypeID)
		if t, ok := domain.SeriesTypeByID(ss.TypeID); ok {
			code = t.Code
		}
		out.DataPoints += ss.Count
		out.SeriesCounts[code] += ss.Count
		pc := prov(ss.Provider)
		pc.DataPoints += ss.Count
		pc.SeriesCounts[code] += ss.Count
	}
	for _, es := range st.Events {
		pc := prov(es.Provider)
		switch es.Category {
		case domain.CategoryWorkout:
			out.Workouts += es.Count
			out.WorkoutCounts[es.Type] += es.Count
			pc.WorkoutCount += es.Count
		case domain.CategorySleep:
			out.Sleeps += es.Count
			pc.SleepCount += es.Count
		}
	}
	for _, pc := range byProvider {
		out.ByProvider = append(out.ByProvider, *pc)
	}
	sort.Slice(out.ByProvider, func(i, j int) bool { return out.ByProvider[i].Provider < out.ByProvider[j].Provider })
	if out.ByProvider == nil {
		out.ByProvider = []wireProviderCounts{}
	}
	return ok(out), nil
}
