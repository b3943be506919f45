package api

import (
	"context"
	"sort"
	"strings"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// ProviderCoverage declares what one provider's connector fills; each
// connector's provider.Descriptor is its source.
type ProviderCoverage struct {
	Provider      domain.Provider
	Series        []string // series-type codes
	WorkoutFields []string
	SleepFields   []string
	HealthScores  []string
}

// DefaultCoverage is what the catalogued connectors declare, in
// catalogue order.
func DefaultCoverage(c provider.Catalog) []ProviderCoverage {
	var out []ProviderCoverage
	for _, d := range c.All() {
		c := d.Coverage
		out = append(out, ProviderCoverage{Provider: d.Name, Series: c.Series, WorkoutFields: c.WorkoutFields,
			SleepFields: c.SleepFields, HealthScores: c.HealthScores})
	}
	return out
}

type coverageEntry struct {
	Code        string   `json:"code"`
	Unit        string   `json:"unit,omitempty"`
	Description string   `json:"description"`
	Providers   []string `json:"providers"`
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
		Meals         []coverageEntry `json:"meal_fields"`
		HealthScores  []coverageEntry `json:"health_scores"`
	}{Timeseries: []coverageGroup{}, Menstrual: []coverageEntry{}, Meals: []coverageEntry{}}
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
		group.Metrics = append(group.Metrics, coverageEntry{Code: st.Code, Unit: st.Unit, Description: describe(st.Code, st.Unit), Providers: ps})
	}
	out.WorkoutFields, out.SleepFields, out.HealthScores = entries(workout), entries(sleep), entries(scores)
	return ok(out), nil
}

func entries(m map[string][]string) []coverageEntry {
	out := make([]coverageEntry, 0, len(m))
	for c, ps := range m {
		out = append(out, coverageEntry{Code: c, Description: describe(c, ""), Providers: ps})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}

// describe puts a code in words ("resting_heart_rate", "bpm" → "Resting
// heart rate (bpm)").
func describe(code, unit string) string {
	words := strings.ReplaceAll(code, "_", " ")
	if words != "" {
		words = strings.ToUpper(words[:1]) + words[1:]
	}
	if unit != "" {
		words += " (" + unit + ")"
	}
	return words
}
