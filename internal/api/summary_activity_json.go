package api

import (
	"slices"
)

func (a *wireActivity) appendJSON(e *jsonEnc) {
	e.raw(`{"date":`)
	e.str(a.Date)
	e.raw(`,"source":`)
	a.Source.appendJSON(e)
	e.raw(`,"steps":`)
	e.int64Ptr(a.Steps)
	e.raw(`,"distance_meters":`)
	e.floatPtr(a.DistanceMeters)
	e.raw(`,"floors_climbed":`)
	e.int64Ptr(a.FloorsClimbed)
	e.raw(`,"elevation_meters":`)
	e.floatPtr(a.ElevationMeters)
	e.raw(`,"active_calories_kcal":`)
	e.floatPtr(a.ActiveCalories)
	e.raw(`,"total_calories_kcal":`)
	e.floatPtr(a.TotalCalories)
	e.raw(`,"active_minutes":`)
	e.int64Ptr(a.ActiveMinutes)
	e.raw(`,"sedentary_minutes":`)
	e.int64Ptr(a.SedentaryMinutes)
	e.raw(`,"intensity_minutes":`)
	if m := a.IntensityMinutes; m == nil {
		e.raw("null")
	} else {
		e.raw(`{"light":`)
		e.int64Ptr(m.Light)
		e.raw(`,"moderate":`)
		e.int64Ptr(m.Moderate)
		e.raw(`,"vigorous":`)
		e.int64Ptr(m.Vigorous)
		e.raw("}")
	}
	e.raw(`,"heart_rate":`)
	if hr := a.HeartRate; hr == nil {
		e.raw("null")
	} else {
		e.raw(`{"avg_bpm":`)
		e.intPtr(hr.Avg)
		e.raw(`,"max_bpm":`)
		e.intPtr(hr.Max)
		e.raw(`,"min_bpm":`)
		e.intPtr(hr.Min)
		e.raw("}")
	}
	e.raw(`,"metric_sources":`)
	if a.metricSourcesJSON != "" {
		e.raw(a.metricSourcesJSON)
	} else {
		e.stringMap(a.MetricSources)
	}
	e.raw("}")
}

// stringMap appends m with its keys sorted, as encoding/json does.
func (e *jsonEnc) stringMap(m map[string]string) {
	if m == nil {
		e.raw("null")
		return
	}
	var small [16]string // a day's metrics fit: no allocation per day
	keys := small[:0]
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	e.raw("{")
	for i, k := range keys {
		if i > 0 {
			e.raw(",")
		}
		e.str(k)
		e.raw(":")
		e.str(m[k])
	}
	e.raw("}")
}
