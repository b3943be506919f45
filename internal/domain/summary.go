package domain

import "time"

// SummaryKind names what a provider daily summary describes.
type SummaryKind string

// Summary kinds. Activity is steps/energy/distance for a local day; cycle is
// a WHOOP physiological cycle (strain, kJ).
const (
	SummaryActivity SummaryKind = "activity"
	SummaryCycle    SummaryKind = "cycle"
	SummaryBody     SummaryKind = "body"
)

// DailySummary is a provider's own per-day aggregate (not one computed from
// samples). Metrics are keyed by stable names with units in the name
// (steps, active_energy_kcal, total_energy_kcal, distance_meters, ...).
type DailySummary struct {
	RecordMeta
	Kind SummaryKind
	// Date is the local calendar day, YYYY-MM-DD.
	Date       string
	StartTime  time.Time
	EndTime    *time.Time
	ZoneOffset ZoneOffset
	Metrics    map[string]float64
	Extra      map[string]any
}

// ScoreComponent is one contributor to a health score.
type ScoreComponent struct {
	Value     *float64 `json:"value"`
	Qualifier *string  `json:"qualifier"`
}

// HealthScore is a provider's (or wearhouse's own) score, e.g. WHOOP
// recovery or Oura readiness, with its contributors as components.
type HealthScore struct {
	RecordMeta
	Provider   Provider
	Category   string
	Value      *float64
	Qualifier  *string
	RecordedAt time.Time
	ZoneOffset ZoneOffset
	Components map[string]ScoreComponent
}

// Health score categories, as Open Wearables names them.
const (
	ScoreSleep      = "sleep"
	ScoreRecovery   = "recovery"
	ScoreReadiness  = "readiness"
	ScoreActivity   = "activity"
	ScoreStress     = "stress"
	ScoreResilience = "resilience"
	ScoreStrain     = "strain"
)

// Metric names used in DailySummary.Metrics. Connectors fill what their
// provider reports; the summaries API picks each metric from the
// highest-priority source that has it. Units are part of the name.
const (
	MetricSteps            = "steps"
	MetricActiveEnergyKcal = "active_energy_kcal"
	MetricTotalEnergyKcal  = "total_energy_kcal"
	MetricDistanceMeters   = "distance_meters"
	MetricFloorsClimbed    = "floors_climbed"
	MetricElevationMeters  = "elevation_meters"
	MetricActiveMinutes    = "active_minutes"
	MetricSedentaryMinutes = "sedentary_minutes"
	MetricLightMinutes     = "intensity_light_minutes"
	MetricModerateMinutes  = "intensity_moderate_minutes"
	MetricVigorousMinutes  = "intensity_vigorous_minutes"
	MetricAvgHeartRate     = "avg_heart_rate_bpm"
	MetricMaxHeartRate     = "max_heart_rate_bpm"
	MetricMinHeartRate     = "min_heart_rate_bpm"
	MetricRestingHeartRate = "resting_heart_rate_bpm"
	MetricStrain           = "strain"
)
