package api

import (
	"context"
	"slices"
	"sort"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
)

// ProviderCoverage declares what one provider's connector fills; the
// connectors' field mappings (docs/providers/*.md) are its source.
type ProviderCoverage struct {
	Provider      domain.Provider
	Series        []string // series-type codes
	WorkoutFields []string
	SleepFields   []string
	HealthScores  []string
}

// DefaultCoverage is what the built-in WHOOP, Oura and Withings
// connectors map.
func DefaultCoverage() []ProviderCoverage {
	sleep := []string{"duration_seconds", "sleep_duration_seconds", "efficiency_percent", "stages", "is_nap"}
	return []ProviderCoverage{
		{Provider: domain.ProviderWHOOP,
			Series:        []string{"resting_heart_rate", "heart_rate_variability_rmssd", "oxygen_saturation", "skin_temperature", "respiratory_rate", "height", "weight"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_heart_rate_bpm", "max_heart_rate_bpm", "elevation_gain_meters", "avg_pace_sec_per_km"},
			SleepFields:   sleep,
			HealthScores:  []string{domain.ScoreSleep, domain.ScoreRecovery, domain.ScoreStrain}},
		{Provider: domain.ProviderOura,
			Series: []string{"heart_rate", "heart_rate_variability_rmssd", "resting_heart_rate", "respiratory_rate", "oxygen_saturation",
				"breathing_disturbance_index", "skin_temperature_deviation", "skin_temperature_trend_deviation", "steps", "energy",
				"vo2_max", "cardiovascular_age", "average_met", "height", "weight"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_pace_sec_per_km"},
			SleepFields:   append(slices.Clone(sleep), "sleep_stage_intervals"),
			HealthScores:  []string{domain.ScoreSleep, domain.ScoreReadiness, domain.ScoreActivity, domain.ScoreStress, domain.ScoreResilience}},
		{Provider: domain.ProviderWithings,
			Series: []string{"weight", "height", "body_fat_percentage", "body_fat_mass", "lean_body_mass", "skeletal_muscle_mass",
				"blood_pressure_systolic", "blood_pressure_diastolic", "heart_rate", "body_temperature", "skin_temperature",
				"oxygen_saturation", "vo2_max", "respiratory_rate", "steps", "energy", "distance_walking_running", "elevation"},
			WorkoutFields: []string{"calories_kcal", "distance_meters", "avg_heart_rate_bpm", "max_heart_rate_bpm", "elevation_gain_meters", "avg_pace_sec_per_km"},
			SleepFields:   append(slices.Clone(sleep), "sleep_stage_intervals"),
			HealthScores:  []string{domain.ScoreSleep}},
	}
}

type coverageEntry struct {
	Code      string   `json:"code"`
	Unit      string   `json:"unit,omitempty"`
	Providers []string `json:"providers"`
}

type coverageGroup struct {
	Name    string          `json:"name"`
	Metrics []coverageEntry `json:"metrics"`
}

// seriesGroup names a catalogue ID range the way Open Wearables groups them.
func seriesGroup(id int) string {
	groups := []struct {
		below int
		name  string
	}{{20, "heart"}, {40, "blood_and_respiratory"}, {60, "body"}, {80, "fitness"}, {100, "activity"},
		{120, "distance"}, {140, "walking"}, {160, "running"}, {180, "swimming"}, {200, "generic"},
		{220, "environmental"}, {240, "provider_specific"}}
	for _, g := range groups {
		if id < g.below {
			return g.name
		}
	}
	return "other"
}

// GetCoverage implements GET /api/v1/meta/coverage.
func (s *Server) GetCoverage(_ context.Context, _ apigen.GetCoverageRequestObject) (apigen.GetCoverageResponseObject, error) {
	out := struct {
		Providers     []string        `json:"providers"`
		Timeseries    []coverageGroup `json:"timeseries"`
		WorkoutFields []coverageEntry `json:"workout_fields"`
		SleepFields   []coverageEntry `json:"sleep_fields"`
		Menstrual     []coverageEntry `json:"menstrual_cycle_fields"`
		HealthScores  []coverageEntry `json:"health_scores"`
	}{Timeseries: []coverageGroup{}, Menstrual: []coverageEntry{}}
	series := map[string][]string{}
	workout, sleep, scores := map[string][]string{}, map[string][]string{}, map[string][]string{}
	for _, pc := range s.coverage {
		p := string(pc.Provider)
		out.Providers = append(out.Providers, p)
		for _, c := range pc.Series {
			series[c] = append(series[c], p)
		}
		for _, c := range pc.WorkoutFields {
			workout[c] = append(workout[c], p)
		}
		for _, c := range pc.SleepFields {
			sleep[c] = append(sleep[c], p)
		}
		for _, c := range pc.HealthScores {
			scores[c] = append(scores[c], p)
		}
	}
	var group *coverageGroup
	for _, st := range domain.SeriesTypes() {
		ps, ok := series[st.Code]
		if !ok {
			continue
		}
		if name := seriesGroup(st.ID); group == nil || group.Name != name {
			out.Timeseries = append(out.Timeseries, coverageGroup{Name: name})
			group = &out.Timeseries[len(out.Timeseries)-1]
		}
		group.Metrics = append(group.Metrics, coverageEntry{Code: st.Code, Unit: st.Unit, Providers: ps})
	}
	out.WorkoutFields, out.SleepFields, out.HealthScores = entries(workout), entries(sleep), entries(scores)
	return ok(out), nil
}

func entries(m map[string][]string) []coverageEntry {
	out := make([]coverageEntry, 0, len(m))
	for c, ps := range m {
		out = append(out, coverageEntry{Code: c, Providers: ps})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
