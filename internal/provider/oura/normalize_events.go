package oura

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// normalizeWorkout yields the workout event: the activity mapped to the
// unified type (the original kept as the name unless the member labelled
// it), kcal, metres, intensity, and source and day as extras. Oura gives
// no heart rate for workouts.
func normalizeWorkout(doc provider.Document) (provider.Records, error) {
	var w workout
	if err := json.Unmarshal(doc.Body, &w); err != nil {
		return provider.Records{}, err
	}
	start, off, err := parseTime(w.StartDatetime)
	if err != nil {
		return provider.Records{}, err
	}
	end, _, err := parseTime(w.EndDatetime)
	if err != nil {
		return provider.Records{}, err
	}
	if end.Before(start) {
		return provider.Records{}, fmt.Errorf("end_datetime %s before start_datetime %s", w.EndDatetime, w.StartDatetime)
	}
	name := w.Activity
	if w.Label != nil && strings.TrimSpace(*w.Label) != "" {
		name = *w.Label
	}
	d := &domain.WorkoutDetails{Name: &name, EnergyKcal: w.Calories, DistanceMeters: w.Distance, Intensity: w.Intensity,
		ProviderExtraFields: map[string]any{"activity": w.Activity, "day": w.Day}}
	if w.Source != nil {
		d.ProviderExtraFields["source"] = *w.Source
	}
	if w.Label != nil {
		d.ProviderExtraFields["label"] = *w.Label
	}
	ev := domain.Event{RecordMeta: meta(doc), Category: domain.CategoryWorkout, Type: workoutType(w.Activity),
		StartTime: start, EndTime: end, ZoneOffset: off, Workout: d}
	return provider.Records{Events: []domain.Event{ev}}, nil
}

// normalizeSession yields a session's heart rate and HRV (RMSSD) series
// as samples; the session itself (type, mood, motion) has no unified
// home and is served from its raw document.
func normalizeSession(doc provider.Document) (provider.Records, error) {
	var s session
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	start, off, err := parseTime(s.StartDatetime)
	if err != nil {
		return provider.Records{}, err
	}
	var recs provider.Records
	hr, err := intervalSeries("heart_rate", s.HeartRate, start, off)
	if err != nil {
		return provider.Records{}, err
	}
	hrv, err := intervalSeries("heart_rate_variability_rmssd", s.HeartRateVariability, start, off)
	if err != nil {
		return provider.Records{}, err
	}
	appendSeries(&recs, hr)
	appendSeries(&recs, hrv)
	return recs, nil
}

// normalizeHeartRate yields the heart_rate samples of one UTC day (the
// document Fetch builds). The source (awake, rest, sleep, session, live,
// workout) stays in the raw document: it describes the context, not a
// different quantity. A sample takes the wearer's offset on its local
// day from the document's zone_offsets (Oura's own stamps are UTC), or
// its timestamp's when the document names none.
func normalizeHeartRate(doc provider.Document) (provider.Records, error) {
	var day heartRateDay
	if err := json.Unmarshal(doc.Body, &day); err != nil {
		return provider.Records{}, err
	}
	out := provider.Series{TypeCode: "heart_rate", Samples: make([]timeseries.Sample, 0, len(day.Data))}
	for _, raw := range day.Data {
		var hr heartRate
		if err := json.Unmarshal(raw, &hr); err != nil {
			return provider.Records{}, err
		}
		if hr.BPM == nil {
			continue
		}
		t, off, err := parseTime(hr.Timestamp)
		if err != nil {
			return provider.Records{}, err
		}
		if local, ok := offsetAt(day.ZoneOffsets, t); ok {
			off = local
		}
		out.Samples = append(out.Samples, timeseries.Sample{T: t.UnixMilli(), V: *hr.BPM, Offset: int32(off)})
	}
	slices.SortStableFunc(out.Samples, func(a, b timeseries.Sample) int { return int(a.T - b.T) })
	var recs provider.Records
	appendSeries(&recs, out)
	return recs, nil
}
