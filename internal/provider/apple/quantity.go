package apple

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// quantity maps one HealthKit quantity type to a wearhouse series: the
// series type code and how to turn a value in one of Apple's units into
// the series type's unit.
type quantity struct {
	series string
	conv   converter
}

// converter turns a value in an Apple unit into the series unit; ok is
// false for a unit the type is never written in.
type converter func(v float64, unit string) (float64, bool)

// quantities is every HealthKit quantity type an import maps. HRV from
// Apple is SDNN (HKQuantityTypeIdentifierHeartRateVariabilitySDNN) and is
// stored as SDNN, never as RMSSD. Types not listed (nutrition, audio
// levels, …) are not series yet.
var quantities = map[string]quantity{
	"HKQuantityTypeIdentifierHeartRate":                  {"heart_rate", perMinute},
	"HKQuantityTypeIdentifierRestingHeartRate":           {"resting_heart_rate", perMinute},
	"HKQuantityTypeIdentifierWalkingHeartRateAverage":    {"walking_heart_rate_average", perMinute},
	"HKQuantityTypeIdentifierHeartRateRecoveryOneMinute": {"heart_rate_recovery_one_minute", perMinute},
	"HKQuantityTypeIdentifierHeartRateVariabilitySDNN":   {"heart_rate_variability_sdnn", milliseconds},
	"HKQuantityTypeIdentifierOxygenSaturation":           {"oxygen_saturation", percent},
	"HKQuantityTypeIdentifierRespiratoryRate":            {"respiratory_rate", perMinute},
	"HKQuantityTypeIdentifierBloodPressureSystolic":      {"blood_pressure_systolic", only("mmHg")},
	"HKQuantityTypeIdentifierBloodPressureDiastolic":     {"blood_pressure_diastolic", only("mmHg")},
	"HKQuantityTypeIdentifierBloodGlucose":               {"blood_glucose", glucose},
	"HKQuantityTypeIdentifierStepCount":                  {"steps", only("count")},
	"HKQuantityTypeIdentifierFlightsClimbed":             {"flights_climbed", only("count")},
	"HKQuantityTypeIdentifierActiveEnergyBurned":         {"active_energy", kilocalories},
	"HKQuantityTypeIdentifierBasalEnergyBurned":          {"basal_energy", kilocalories},
	"HKQuantityTypeIdentifierDistanceWalkingRunning":     {"distance_walking_running", meters},
	"HKQuantityTypeIdentifierDistanceCycling":            {"distance_cycling", meters},
	"HKQuantityTypeIdentifierDistanceSwimming":           {"distance_swimming", meters},
	"HKQuantityTypeIdentifierDistanceDownhillSnowSports": {"distance_downhill_snow_sports", meters},
	"HKQuantityTypeIdentifierAppleExerciseTime":          {"exercise_time", minutes},
	"HKQuantityTypeIdentifierAppleStandTime":             {"stand_time", minutes},
	"HKQuantityTypeIdentifierTimeInDaylight":             {"time_in_daylight", minutes},
	"HKQuantityTypeIdentifierVO2Max":                     {"vo2_max", only("mL/min·kg", "ml/(kg*min)")},
	"HKQuantityTypeIdentifierBodyMass":                   {"weight", kilograms},
	"HKQuantityTypeIdentifierLeanBodyMass":               {"lean_body_mass", kilograms},
	"HKQuantityTypeIdentifierBodyFatPercentage":          {"body_fat_percentage", percent},
	"HKQuantityTypeIdentifierBodyMassIndex":              {"body_mass_index", only("count")},
	"HKQuantityTypeIdentifierHeight":                     {"height", centimeters},
	"HKQuantityTypeIdentifierBodyTemperature":            {"body_temperature", celsius},
	"HKQuantityTypeIdentifierWalkingSpeed":               {"walking_speed", metersPerSecond},
	"HKQuantityTypeIdentifierRunningSpeed":               {"running_speed", metersPerSecond},
	"HKQuantityTypeIdentifierRunningPower":               {"running_power", only("W")},
	"HKQuantityTypeIdentifierEnvironmentalAudioExposure": {"environmental_audio_exposure", only("dBASPL")},
	"HKQuantityTypeIdentifierHeadphoneAudioExposure":     {"headphone_audio_exposure", only("dBASPL")},
	"HKQuantityTypeIdentifierNumberOfTimesFallen":        {"number_of_times_fallen", only("count")},
	"HKQuantityTypeIdentifierPushCount":                  {"push_count", only("count")},
	"HKQuantityTypeIdentifierSwimmingStrokeCount":        {"swimming_stroke_count", only("count")},
}

// SeriesValue maps a quantity record to its series type code and its
// value in that type's unit. ok is false for a type that is not a series
// (a category, or a quantity not mapped yet); err names a value or unit
// the type never has.
func SeriesValue(r *Record) (code string, v float64, ok bool, err error) {
	q, known := quantities[r.Type]
	if !known {
		return "", 0, false, nil
	}
	raw, err := r.Number()
	if err != nil || math.IsNaN(raw) || math.IsInf(raw, 0) {
		return "", 0, false, fmt.Errorf("%s at byte %d: value %q is not a number", r.Type, r.Offset, r.Value)
	}
	v, good := q.conv(raw, r.Unit)
	if !good {
		return "", 0, false, fmt.Errorf("%s at byte %d: unit %q is not one HealthKit writes for it", r.Type, r.Offset, r.Unit)
	}
	return q.series, v, true, nil
}

// only accepts the units given, unchanged.
func only(units ...string) converter {
	return func(v float64, unit string) (float64, bool) {
		for _, u := range units {
			if unit == u {
				return v, true
			}
		}
		return 0, false
	}
}

// factor converts by a fixed factor per unit.
func factor(per map[string]float64) converter {
	return func(v float64, unit string) (float64, bool) {
		f, ok := per[unit]
		return v * f, ok
	}
}

// Unit conversions, exact by definition: the international mile, yard,
// inch and pound, the thermochemical calorie (1 kcal = 4.184 kJ; Apple's
// "Cal" is the kilocalorie).
var (
	perMinute       = only("count/min")
	milliseconds    = factor(map[string]float64{"ms": 1, "s": 1000})
	minutes         = factor(map[string]float64{"min": 1, "s": 1.0 / 60, "hr": 60})
	percent         = factor(map[string]float64{"%": 100}) // HealthKit writes percentages as fractions: 0.97
	kilocalories    = factor(map[string]float64{"Cal": 1, "kcal": 1, "kJ": 1 / 4.184, "cal": 0.001})
	meters          = factor(map[string]float64{"m": 1, "km": 1000, "mi": 1609.344, "yd": 0.9144, "ft": 0.3048, "cm": 0.01})
	kilograms       = factor(map[string]float64{"kg": 1, "g": 0.001, "lb": 0.45359237, "st": 6.35029318})
	centimeters     = factor(map[string]float64{"cm": 1, "m": 100, "in": 2.54, "ft": 30.48})
	metersPerSecond = factor(map[string]float64{"m/s": 1, "km/hr": 1 / 3.6, "mi/hr": 1609.344 / 3600})
)

// celsius reads degC and degF.
func celsius(v float64, unit string) (float64, bool) {
	switch unit {
	case "degC":
		return v, true
	case "degF":
		return (v - 32) * 5 / 9, true
	}
	return 0, false
}

// glucose reads mg/dL and mmol<molar mass>/L, HealthKit's spelling of
// millimoles per litre with the molar mass (g/mol) it converts with:
// mg/dL = mmol/L × molar mass / 10.
func glucose(v float64, unit string) (float64, bool) {
	if unit == "mg/dL" {
		return v, true
	}
	mass, ok := strings.CutPrefix(unit, "mmol<")
	if !ok {
		return 0, false
	}
	mass, ok = strings.CutSuffix(mass, ">/L")
	if !ok {
		return 0, false
	}
	m, err := strconv.ParseFloat(mass, 64)
	if err != nil || m <= 0 {
		return 0, false
	}
	return v * m / 10, true
}
