package domain

import "math"

// Providers mark a missing reading with a value instead of leaving it out:
// Withings sends −1 for an index it could not compute (apnea–hypopnea
// index, breathing disturbances), heart-rate straps and phone trackers
// send 0 or 255 when they lost contact. Such a value must never become a
// sample; Valid tells them from readings.

// signedTypes may be negative: deviations from a baseline, positions and
// outdoor temperatures. Every other type is a count, a duration, a level
// or a physical quantity that cannot be.
var signedTypes = map[string]bool{
	"skin_temperature_deviation":       true,
	"skin_temperature_trend_deviation": true,
	"elevation":                        true,
	"latitude":                         true,
	"longitude":                        true,
	"weather_temperature":              true,
	"air_temperature":                  true,
	"water_temperature":                true,
	"environmental_sound_reduction":    true,
}

// levelTypes are physiological levels of which 0 is not a reading but a
// lost contact: a heart that beats, blood that carries oxygen, a body
// that has a weight.
var levelTypes = map[string]bool{
	"heart_rate":                   true,
	"resting_heart_rate":           true,
	"walking_heart_rate_average":   true,
	"heart_rate_variability_sdnn":  true,
	"heart_rate_variability_rmssd": true,
	"oxygen_saturation":            true,
	"respiratory_rate":             true,
	"blood_pressure_systolic":      true,
	"blood_pressure_diastolic":     true,
	"blood_glucose":                true,
	"height":                       true,
	"weight":                       true,
	"body_mass_index":              true,
	"body_temperature":             true,
	"skin_temperature":             true,
	"vo2_max":                      true,
	"cardiovascular_age":           true,
}

// heartRateTypes are rates in beats per minute, where 255 (the largest
// value of the byte that straps send) means "no reading" and no human
// heart gets near it.
var heartRateTypes = map[string]bool{
	"heart_rate":                 true,
	"resting_heart_rate":         true,
	"walking_heart_rate_average": true,
}

// Valid reports whether v is a reading of the type rather than a
// provider's marker for a missing one (or not a number at all).
func (st SeriesType) Valid(v float64) bool {
	switch {
	case math.IsNaN(v) || math.IsInf(v, 0):
		return false
	case v < 0:
		return signedTypes[st.Code]
	case v == 0:
		return !levelTypes[st.Code]
	case heartRateTypes[st.Code]:
		return v < 255
	}
	return true
}
