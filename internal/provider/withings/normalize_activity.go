package withings

import (
	"encoding/json"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// normalizeActivity yields the day's activity summary. calories is the
// active energy and totalcalories the total (active + basal): total is
// never reported as basal energy (Open Wearables PR #1177's mistake).
// Durations come in seconds and are reported in minutes.
func normalizeActivity(doc provider.Document) (provider.Records, error) {
	var a activity
	if err := json.Unmarshal(doc.Body, &a); err != nil {
		return provider.Records{}, err
	}
	start, end, err := dayBounds(a.Date, a.Timezone)
	if err != nil {
		return provider.Records{}, err
	}
	m := map[string]float64{}
	put(m, domain.MetricSteps, a.Steps, 1)
	put(m, domain.MetricDistanceMeters, a.Distance, 1)
	put(m, domain.MetricFloorsClimbed, a.Elevation, 1)
	put(m, domain.MetricLightMinutes, a.Soft, 1.0/60)
	put(m, domain.MetricModerateMinutes, a.Moderate, 1.0/60)
	put(m, domain.MetricVigorousMinutes, a.Intense, 1.0/60)
	put(m, domain.MetricActiveMinutes, a.Active, 1.0/60)
	put(m, domain.MetricActiveEnergyKcal, a.Calories, 1)
	put(m, domain.MetricTotalEnergyKcal, a.Total, 1)
	put(m, domain.MetricAvgHeartRate, a.HRAverage, 1)
	put(m, domain.MetricMinHeartRate, a.HRMin, 1)
	put(m, domain.MetricMaxHeartRate, a.HRMax, 1)
	extra := map[string]any{"timezone": a.Timezone, "brand": a.Brand, "is_tracker": a.IsTracker}
	putAny(extra, "hr_zone_0_seconds", a.HRZone0)
	putAny(extra, "hr_zone_1_seconds", a.HRZone1)
	putAny(extra, "hr_zone_2_seconds", a.HRZone2)
	putAny(extra, "hr_zone_3_seconds", a.HRZone3)
	if a.Model != nil {
		extra["model"] = *a.Model
	}
	if a.HashDeviceID != nil {
		extra["hash_deviceid"] = *a.HashDeviceID
	}
	s := domain.DailySummary{RecordMeta: meta(doc), Kind: domain.SummaryActivity, Date: a.Date, StartTime: start,
		EndTime: &end, ZoneOffset: offsetAt(location(a.Timezone), start), Metrics: m, Extra: extra}
	return provider.Records{Summaries: []domain.DailySummary{s}, Device: deviceOf(nil, a.Model)}, nil
}

// intradaySeries maps intraday fields to series types, in output order.
// Elevation counts floors; distance is the steps' walking distance.
func intradaySeries() []struct {
	code string
	get  func(intradayPoint) *float64
} {
	return []struct {
		code string
		get  func(intradayPoint) *float64
	}{
		{"steps", func(p intradayPoint) *float64 { return p.Steps }},
		{"active_energy", func(p intradayPoint) *float64 { return p.Calories }},
		{"distance_walking_running", func(p intradayPoint) *float64 { return p.Distance }},
		{"flights_climbed", func(p intradayPoint) *float64 { return p.Elevation }},
		{"heart_rate", func(p intradayPoint) *float64 { return p.HeartRate }},
		{"oxygen_saturation", func(p intradayPoint) *float64 { return p.SpO2Auto }},
		{"heart_rate_variability_rmssd", func(p intradayPoint) *float64 { return p.RMSSD }},
		{"heart_rate_variability_sdnn", func(p intradayPoint) *float64 { return p.SDNN1 }},
		{"respiratory_rate", func(p intradayPoint) *float64 { return p.RR }},
		{"body_temperature", func(p intradayPoint) *float64 { return p.CoreTemp }},
		{"swimming_stroke_count", func(p intradayPoint) *float64 { return p.Stroke }},
	}
}

// normalizeIntraday yields one series per field. Points carry no zone;
// the day's activity document (fetched first) gives it when it is stored.
func normalizeIntraday(doc provider.Document, related provider.Related) (provider.Records, error) {
	var b intradayBody
	if err := json.Unmarshal(doc.Body, &b); err != nil {
		return provider.Records{}, err
	}
	loc := time.UTC
	if related != nil {
		if ad, ok := related(TypeActivity, doc.ID); ok {
			var a activity
			if json.Unmarshal(ad.Body, &a) == nil {
				loc = location(a.Timezone)
			}
		}
	}
	recs := provider.Records{Device: intradayDevice(b)}
	for _, f := range intradaySeries() {
		m := timed{}
		for k, pt := range b.Series {
			if v := f.get(pt); v != nil {
				m[k] = *v
			}
		}
		if len(m) > 0 {
			recs.Series = append(recs.Series, provider.Series{TypeCode: f.code, Samples: m.series(loc, 1)})
		}
	}
	return recs, nil
}

// normalizeWorkout yields the workout event. Withings' elevation is floors
// and its zones are light/moderate/intense/maximal (0–3); both are kept as
// they are. Moving time is the duration less the user's and the device's
// pauses.
func normalizeWorkout(doc provider.Document) (provider.Records, error) {
	var w workout
	if err := json.Unmarshal(doc.Body, &w); err != nil {
		return provider.Records{}, err
	}
	start, end := time.Unix(w.StartDate, 0).UTC(), time.Unix(w.EndDate, 0).UTC()
	cat := workoutCategory(w.Category)
	d, x := &domain.WorkoutDetails{Name: &cat.Label}, w.Data
	d.EnergyKcal = firstPositive(x.Calories, x.ManualCalories)
	d.DistanceMeters = firstPositive(x.Distance, x.ManualDistance)
	d.AvgHeartRate, d.MaxHeartRate, d.MinHeartRate = positive(x.HRAverage), positive(x.HRMax), positive(x.HRMin)
	if x.Steps != nil {
		st := int64(*x.Steps)
		d.Steps = &st
	}
	moving := int64(end.Sub(start)/time.Second) - int64(deref(x.PauseDuration)) - int64(deref(x.AlgoPause))
	if moving >= 0 {
		d.MovingSeconds = &moving
	}
	for i, z := range []*float64{x.HRZone0, x.HRZone1, x.HRZone2, x.HRZone3} {
		if z != nil {
			d.HRZones = append(d.HRZones, domain.HRZone{Zone: i, Seconds: int64(*z)})
		}
	}
	extra := map[string]any{"category": w.Category, "timezone": w.Timezone, "model": w.Model, "attrib": w.Attrib}
	for k, v := range map[string]*float64{"floors_climbed": x.Elevation, "intensity": x.Intensity, "manual_intensity": x.ManualIntens,
		"spo2_average": x.SpO2Average, "pool_laps": x.PoolLaps, "pool_length_meters": x.PoolLength, "strokes": x.Strokes,
		"pause_duration_seconds": x.PauseDuration, "algo_pause_duration_seconds": x.AlgoPause,
		"core_body_temperature_avg": x.CoreTempAvg, "core_body_temperature_min": x.CoreTempMin, "core_body_temperature_max": x.CoreTempMax} {
		putAny(extra, k, v)
	}
	d.ProviderExtraFields = extra
	ev := domain.Event{RecordMeta: meta(doc), Category: domain.CategoryWorkout, Type: cat.Type, StartTime: start, EndTime: end,
		ZoneOffset: offsetAt(location(w.Timezone), start), Workout: d}
	return provider.Records{Events: []domain.Event{ev}, Device: deviceByID(w.Model)}, nil
}

// firstPositive is the first value above zero: the seed says the manual
// fields are 0 when the user entered nothing, and a device value of 0
// means "not measured" for energy and distance.
func firstPositive(vs ...*float64) *float64 {
	for _, v := range vs {
		if p := positive(v); p != nil {
			return p
		}
	}
	return nil
}

func positive(v *float64) *float64 {
	if v == nil || *v <= 0 {
		return nil
	}
	return v
}

func deref(v *float64) float64 {
	if v == nil {
		return 0
	}
	return *v
}
