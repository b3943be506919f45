package oura

import (
	"encoding/json"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Oura-specific daily activity metrics, beside the shared domain.Metric*
// names. Units are part of the name, as for the shared ones.
const (
	MetricTargetEnergyKcal          = "target_energy_kcal"
	MetricEquivalentWalkingDistance = "equivalent_walking_distance_meters"
	MetricTargetMeters              = "target_meters"
	MetricMetersToTarget            = "meters_to_target"
	MetricAverageMET                = "average_met"
	MetricSedentaryMETMinutes       = "sedentary_met_minutes"
	MetricLowMETMinutes             = "low_activity_met_minutes"
	MetricMediumMETMinutes          = "medium_activity_met_minutes"
	MetricHighMETMinutes            = "high_activity_met_minutes"
	MetricRestingMinutes            = "resting_minutes"
	MetricNonWearMinutes            = "non_wear_minutes"
	MetricInactivityAlerts          = "inactivity_alerts"
)

// normalizeActivity yields the day's activity summary, its activity score
// with the contributors as components, the per-minute MET series and the
// day's steps, active energy and active time as daily totals at the day's
// local midnight (served with is_daily_total true, as Open Wearables
// serves Oura's daily totals).
// equivalent_walking_distance is kept under its own name: it is an
// estimate from activity, not a measured distance.
func normalizeActivity(doc provider.Document) (provider.Records, error) {
	var a dailyActivity
	if err := json.Unmarshal(doc.Body, &a); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart(a.Timestamp, a.Day)
	if err != nil {
		return provider.Records{}, err
	}
	m := map[string]float64{}
	put(m, domain.MetricSteps, a.Steps)
	put(m, domain.MetricActiveEnergyKcal, a.ActiveCalories)
	put(m, domain.MetricTotalEnergyKcal, a.TotalCalories)
	put(m, MetricTargetEnergyKcal, a.TargetCalories)
	put(m, MetricEquivalentWalkingDistance, a.EquivalentWalkingDistance)
	put(m, MetricTargetMeters, a.TargetMeters)
	put(m, MetricMetersToTarget, a.MetersToTarget)
	put(m, MetricAverageMET, a.AverageMETMinutes)
	put(m, MetricSedentaryMETMinutes, a.SedentaryMETMinutes)
	put(m, MetricLowMETMinutes, a.LowActivityMETMinutes)
	put(m, MetricMediumMETMinutes, a.MediumActivityMETMinutes)
	put(m, MetricHighMETMinutes, a.HighActivityMETMinutes)
	put(m, MetricInactivityAlerts, a.InactivityAlerts)
	put(m, domain.MetricSedentaryMinutes, minutes(a.SedentaryTime))
	put(m, domain.MetricLightMinutes, minutes(a.LowActivityTime))
	put(m, domain.MetricModerateMinutes, minutes(a.MediumActivityTime))
	put(m, domain.MetricVigorousMinutes, minutes(a.HighActivityTime))
	put(m, MetricRestingMinutes, minutes(a.RestingTime))
	put(m, MetricNonWearMinutes, minutes(a.NonWearTime))
	var active *float64
	if a.LowActivityTime != nil || a.MediumActivityTime != nil || a.HighActivityTime != nil {
		s := deref(a.LowActivityTime) + deref(a.MediumActivityTime) + deref(a.HighActivityTime)
		active = minutes(&s)
		m[domain.MetricActiveMinutes] = *active
	}
	s := domain.DailySummary{RecordMeta: meta(doc), Kind: domain.SummaryActivity, Date: a.Day, StartTime: start, ZoneOffset: off, Metrics: m}
	if a.Class5Min != nil {
		s.Extra = map[string]any{"class_5_min": *a.Class5Min}
	}
	recs := provider.Records{Summaries: []domain.DailySummary{s}}
	if a.Score != nil || len(a.Contributors) > 0 {
		recs.Scores = []domain.HealthScore{score(doc, domain.ScoreActivity, a.Score, start, off, components(a.Contributors))}
	}
	met, err := intervalSeries("average_met", a.MET, start, off)
	if err != nil {
		return provider.Records{}, err
	}
	appendSeries(&recs, met)
	// The day's totals (the descriptor's Coverage.DailyTotals) sit at the
	// day's local midnight, not at Oura's 04:00 timestamp: a total belongs
	// to its whole day, wherever a client cuts it.
	midnight := localMidnight(a.Day, off, start)
	addSample(&recs, "steps", midnight, off, a.Steps)
	addSample(&recs, "active_energy", midnight, off, a.ActiveCalories)
	addSample(&recs, "active_time", midnight, off, active)
	return recs, nil
}

// localMidnight is 00:00 of day in off, or fallback when day is unreadable.
func localMidnight(day string, off domain.ZoneOffset, fallback time.Time) time.Time {
	d, err := time.ParseInLocation(time.DateOnly, day, time.FixedZone("", int(off)))
	if err != nil {
		return fallback
	}
	return d.UTC()
}

// normalizeReadiness yields the readiness score (contributors and the
// temperature deviations as components) and the two temperature
// deviations (°C from baseline) as samples at the day's start.
func normalizeReadiness(doc provider.Document) (provider.Records, error) {
	var r dailyScore
	if err := json.Unmarshal(doc.Body, &r); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart(r.Timestamp, r.Day)
	if err != nil {
		return provider.Records{}, err
	}
	comps := components(r.Contributors)
	component(comps, "temperature_deviation", r.TemperatureDeviation)
	component(comps, "temperature_trend_deviation", r.TemperatureTrendDeviation)
	recs := provider.Records{Scores: []domain.HealthScore{score(doc, domain.ScoreReadiness, r.Score, start, off, comps)}}
	addSample(&recs, "skin_temperature_deviation", start, off, r.TemperatureDeviation)
	addSample(&recs, "skin_temperature_trend_deviation", start, off, r.TemperatureTrendDeviation)
	return recs, nil
}

// normalizeDailySleep yields the day's sleep score with its contributors.
func normalizeDailySleep(doc provider.Document) (provider.Records, error) {
	var s dailyScore
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart(s.Timestamp, s.Day)
	if err != nil {
		return provider.Records{}, err
	}
	return provider.Records{Scores: []domain.HealthScore{score(doc, domain.ScoreSleep, s.Score, start, off, components(s.Contributors))}}, nil
}

// normalizeSpO2 yields the night's average oxygen saturation (percent)
// and breathing disturbance index at the day's UTC midnight: the document
// has neither a time nor an offset.
func normalizeSpO2(doc provider.Document) (provider.Records, error) {
	var s dailySpO2
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart("", s.Day)
	if err != nil {
		return provider.Records{}, err
	}
	var recs provider.Records
	if s.SpO2Percentage != nil {
		addSample(&recs, "oxygen_saturation", start, off, s.SpO2Percentage.Average)
	}
	addSample(&recs, "breathing_disturbance_index", start, off, s.BreathingDisturbanceIndex)
	return recs, nil
}

// normalizeStress yields a stress score without a value: Oura rates the
// day only as restored, normal or stressful (the qualifier), with the
// minutes of high stress and high recovery as components.
func normalizeStress(doc provider.Document) (provider.Records, error) {
	var s dailyStress
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart("", s.Day)
	if err != nil {
		return provider.Records{}, err
	}
	comps := map[string]domain.ScoreComponent{}
	component(comps, "stress_high_minutes", minutes(s.StressHigh))
	component(comps, "recovery_high_minutes", minutes(s.RecoveryHigh))
	sc := score(doc, domain.ScoreStress, nil, start, off, comps)
	sc.Qualifier = s.DaySummary
	return provider.Records{Scores: []domain.HealthScore{sc}}, nil
}

// normalizeResilience yields a resilience score whose qualifier is the
// level (limited … exceptional); Oura gives no number for it.
func normalizeResilience(doc provider.Document) (provider.Records, error) {
	var r dailyResilience
	if err := json.Unmarshal(doc.Body, &r); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart("", r.Day)
	if err != nil {
		return provider.Records{}, err
	}
	sc := score(doc, domain.ScoreResilience, nil, start, off, components(r.Contributors))
	sc.Qualifier = r.Level
	return provider.Records{Scores: []domain.HealthScore{sc}}, nil
}

// normalizeCardiovascularAge yields the vascular age (years) at the day's
// UTC midnight.
func normalizeCardiovascularAge(doc provider.Document) (provider.Records, error) {
	var c dailyCardiovascularAge
	if err := json.Unmarshal(doc.Body, &c); err != nil {
		return provider.Records{}, err
	}
	start, off, err := dayStart("", c.Day)
	if err != nil {
		return provider.Records{}, err
	}
	var recs provider.Records
	addSample(&recs, "cardiovascular_age", start, off, c.VascularAge)
	return recs, nil
}

// normalizeVO2Max yields the estimate (ml/kg/min) at its timestamp.
func normalizeVO2Max(doc provider.Document) (provider.Records, error) {
	var v vo2Max
	if err := json.Unmarshal(doc.Body, &v); err != nil {
		return provider.Records{}, err
	}
	at, off, err := dayStart(v.Timestamp, v.Day)
	if err != nil {
		return provider.Records{}, err
	}
	var recs provider.Records
	addSample(&recs, "vo2_max", at, off, v.VO2Max)
	return recs, nil
}

// normalizePersonalInfo yields height (m → cm) and weight (kg) stamped
// with the fetch time. The sync engine only normalizes a snapshot whose
// content changed, so an unchanged profile adds no samples.
func normalizePersonalInfo(doc provider.Document) (provider.Records, error) {
	var pi personalInfo
	if err := json.Unmarshal(doc.Body, &pi); err != nil {
		return provider.Records{}, err
	}
	at := doc.Start
	if at.IsZero() {
		at = time.UnixMilli(doc.Revision)
	}
	var recs provider.Records
	if pi.Height != nil {
		cm := *pi.Height * 100
		addSample(&recs, "height", at, 0, &cm)
	}
	addSample(&recs, "weight", at, 0, pi.Weight)
	return recs, nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
