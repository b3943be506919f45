package priority

import (
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// recordScopes are the whole-record choices a priority may be scoped to:
// which source's sleep, workouts or recovery is served.
var recordScopes = [...]string{"sleep", "workout", "recovery"}

// summaryScopes are the daily-summary metrics a priority may be scoped
// to (those that are not also series-type codes are only reachable here).
var summaryScopes = [...]string{
	domain.MetricSteps, domain.MetricActiveEnergyKcal, domain.MetricTotalEnergyKcal, domain.MetricDistanceMeters,
	domain.MetricFloorsClimbed, domain.MetricElevationMeters, domain.MetricActiveMinutes, domain.MetricSedentaryMinutes,
	domain.MetricLightMinutes, domain.MetricModerateMinutes, domain.MetricVigorousMinutes, domain.MetricAvgHeartRate,
	domain.MetricMaxHeartRate, domain.MetricMinHeartRate, domain.MetricRestingHeartRate, domain.MetricStrain,
}

// Scopes lists every metric a user's priority override may be scoped to,
// sorted: the record kinds, the daily-summary metrics and the series-type
// codes. The empty scope (every metric) is valid too but not listed. An
// override for any other name would be stored and never consulted.
func Scopes() []string {
	out := slices.Concat(recordScopes[:], summaryScopes[:])
	for _, st := range domain.SeriesTypes() {
		out = append(out, st.Code)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// ValidScope reports whether scope names something Rank is asked about
// ("" for every metric).
func ValidScope(scope string) bool {
	if scope == "" {
		return true
	}
	_, ok := slices.BinarySearch(Scopes(), scope)
	return ok
}

// Ranked reports whether r ranks provider p (it is in the default order
// or was given to Default): only those may be given a priority.
func (r Ranker) Ranked(p domain.Provider) bool {
	_, ok := r.Providers[p]
	return ok
}

// RankedProviders lists the providers r ranks, best first.
func (r Ranker) RankedProviders() []domain.Provider {
	out := make([]domain.Provider, 0, len(r.Providers))
	for p := range r.Providers {
		out = append(out, p)
	}
	slices.SortFunc(out, func(a, b domain.Provider) int { return r.Providers[a] - r.Providers[b] })
	return out
}
