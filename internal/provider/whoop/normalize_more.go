package whoop

import (
	"encoding/json"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// normalizeRecovery yields the recovery score and, once scored, the
// resting heart rate, HRV (RMSSD, already in ms), SpO2 and skin
// temperature samples. A recovery has no time of its own beyond
// created_at; it takes the wake time and time zone of its sleep when that
// sleep is stored, so the recovery lands on the morning it describes.
func normalizeRecovery(doc provider.Document, related provider.Related) (provider.Records, error) {
	var r recovery
	if err := json.Unmarshal(doc.Body, &r); err != nil {
		return provider.Records{}, err
	}
	at, off := r.CreatedAt.UTC(), domain.ZoneOffset(0)
	if related != nil {
		if sd, ok := related(TypeSleep, r.SleepID); ok {
			var s sleep
			if json.Unmarshal(sd.Body, &s) == nil && !s.End.IsZero() {
				if o, err := parseOffset(s.TimezoneOffset); err == nil {
					at, off = s.End.UTC(), o
				}
			}
		}
	}
	score := domain.HealthScore{RecordMeta: meta(doc, r.SleepID), Provider: domain.ProviderWHOOP, Category: domain.ScoreRecovery,
		RecordedAt: at, ZoneOffset: off, Components: map[string]domain.ScoreComponent{}}
	recs := provider.Records{}
	if r.State != stateScored || r.Score == nil {
		score.Qualifier = qualifier(r.State)
		recs.Scores = []domain.HealthScore{score}
		return recs, nil
	}
	sc := r.Score
	score.Value = sc.RecoveryScore
	component(score.Components, "resting_heart_rate", sc.RestingHR)
	component(score.Components, "hrv_rmssd_milli", sc.HRVRMSSDMilli)
	component(score.Components, "spo2_percentage", sc.SpO2)
	component(score.Components, "skin_temp_celsius", sc.SkinTempCelsius)
	if sc.UserCalibrating != nil {
		v, q := 0.0, "false"
		if *sc.UserCalibrating {
			v, q = 1, "true"
		}
		score.Components["user_calibrating"] = domain.ScoreComponent{Value: &v, Qualifier: &q}
	}
	recs.Scores = []domain.HealthScore{score}
	for _, s := range []struct {
		code string
		v    *float64
	}{
		{"resting_heart_rate", sc.RestingHR},
		{"heart_rate_variability_rmssd", sc.HRVRMSSDMilli},
		{"oxygen_saturation", sc.SpO2},
		{"skin_temperature", sc.SkinTempCelsius},
	} {
		if s.v != nil {
			recs.Series = append(recs.Series, series(s.code, at, off, *s.v))
		}
	}
	return recs, nil
}

// normalizeWorkout yields the workout event and its strain score.
func normalizeWorkout(doc provider.Document) (provider.Records, error) {
	var w workout
	if err := json.Unmarshal(doc.Body, &w); err != nil {
		return provider.Records{}, err
	}
	off, err := parseOffset(w.TimezoneOffset)
	if err != nil {
		return provider.Records{}, err
	}
	state, name := w.ScoreState, w.SportName
	d := &domain.WorkoutDetails{Name: &name, ProviderScoreState: &state}
	ev := domain.Event{RecordMeta: meta(doc, w.ID), Category: domain.CategoryWorkout, Type: workoutType(w.SportName),
		StartTime: w.Start.UTC(), EndTime: w.End.UTC(), ZoneOffset: off, Workout: d}
	score := domain.HealthScore{RecordMeta: meta(doc, w.ID), Provider: domain.ProviderWHOOP, Category: domain.ScoreStrain,
		RecordedAt: w.Start.UTC(), ZoneOffset: off, Components: map[string]domain.ScoreComponent{}}
	if w.ScoreState != stateScored || w.Score == nil {
		score.Qualifier = qualifier(w.ScoreState)
		return provider.Records{Events: []domain.Event{ev}, Scores: []domain.HealthScore{score}}, nil
	}
	sc := w.Score
	d.Strain = sc.Strain
	d.AvgHeartRate = sc.AverageHR
	d.MaxHeartRate = sc.MaxHR
	if sc.Kilojoule != nil {
		kcal := *sc.Kilojoule / kJPerKcal
		d.EnergyKcal = &kcal
	}
	d.DistanceMeters = sc.DistanceMeter
	d.ElevationGainMeters = sc.AltitudeGain
	d.AltitudeChange = sc.AltitudeChange
	d.PercentRecorded = sc.PercentRecord
	if z := sc.ZoneDurations; z != nil {
		for i, ms := range []*int64{z.Zero, z.One, z.Two, z.Three, z.Four, z.Five} {
			if ms != nil {
				d.HRZones = append(d.HRZones, domain.HRZone{Zone: i, Seconds: *ms / 1000})
			}
		}
	}
	score.Value = sc.Strain
	component(score.Components, "average_heart_rate", sc.AverageHR)
	component(score.Components, "max_heart_rate", sc.MaxHR)
	component(score.Components, "kilojoule", sc.Kilojoule)
	component(score.Components, "percent_recorded", sc.PercentRecord)
	component(score.Components, "distance_meter", sc.DistanceMeter)
	component(score.Components, "altitude_gain_meter", sc.AltitudeGain)
	component(score.Components, "altitude_change_meter", sc.AltitudeChange)
	return provider.Records{Events: []domain.Event{ev}, Scores: []domain.HealthScore{score}}, nil
}

// normalizeBody yields height (cm) and weight (kg) samples stamped with
// the fetch time. The sync engine only normalizes a snapshot whose content
// changed, so an unchanged body measurement adds no samples.
func normalizeBody(doc provider.Document) (provider.Records, error) {
	var b body
	if err := json.Unmarshal(doc.Body, &b); err != nil {
		return provider.Records{}, err
	}
	at := doc.Start
	if at.IsZero() {
		at = time.UnixMilli(doc.Revision)
	}
	var recs provider.Records
	if b.HeightMeter != nil {
		recs.Series = append(recs.Series, series("height", at, 0, *b.HeightMeter*100))
	}
	if b.WeightKilogram != nil {
		recs.Series = append(recs.Series, series("weight", at, 0, *b.WeightKilogram))
	}
	return recs, nil
}
