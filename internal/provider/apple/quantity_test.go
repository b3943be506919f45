package apple

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// TestSeriesValueConvertsToTheSeriesUnit: every unit HealthKit writes a
// mapped type in converts exactly to the series type's unit.
func TestSeriesValueConvertsToTheSeriesUnit(t *testing.T) {
	t.Parallel()
	cases := []struct {
		typ, unit, value string
		code             string
		want             float64
	}{
		{"HKQuantityTypeIdentifierHeartRate", "count/min", "62", "heart_rate", 62},
		{"HKQuantityTypeIdentifierHeartRateVariabilitySDNN", "ms", "48.2174", "heart_rate_variability_sdnn", 48.2174},
		{"HKQuantityTypeIdentifierOxygenSaturation", "%", "0.97", "oxygen_saturation", 97},
		{"HKQuantityTypeIdentifierBodyFatPercentage", "%", "0.215", "body_fat_percentage", 21.5},
		{"HKQuantityTypeIdentifierRespiratoryRate", "count/min", "14.5", "respiratory_rate", 14.5},
		{"HKQuantityTypeIdentifierStepCount", "count", "1021", "steps", 1021},
		{"HKQuantityTypeIdentifierActiveEnergyBurned", "Cal", "312.4", "active_energy", 312.4},
		{"HKQuantityTypeIdentifierActiveEnergyBurned", "kJ", "418.4", "active_energy", 100},
		{"HKQuantityTypeIdentifierBasalEnergyBurned", "kcal", "1.25", "basal_energy", 1.25},
		{"HKQuantityTypeIdentifierDistanceWalkingRunning", "km", "5.0212", "distance_walking_running", 5021.2},
		{"HKQuantityTypeIdentifierDistanceWalkingRunning", "mi", "1", "distance_walking_running", 1609.344},
		{"HKQuantityTypeIdentifierDistanceSwimming", "yd", "100", "distance_swimming", 91.44},
		{"HKQuantityTypeIdentifierBodyMass", "kg", "61.3", "weight", 61.3},
		{"HKQuantityTypeIdentifierBodyMass", "lb", "150", "weight", 68.0388555},
		{"HKQuantityTypeIdentifierHeight", "in", "65", "height", 165.1},
		{"HKQuantityTypeIdentifierHeight", "m", "1.72", "height", 172},
		{"HKQuantityTypeIdentifierBodyTemperature", "degF", "98.6", "body_temperature", 37},
		{"HKQuantityTypeIdentifierBodyTemperature", "degC", "36.6", "body_temperature", 36.6},
		{"HKQuantityTypeIdentifierBloodGlucose", "mg/dL", "95", "blood_glucose", 95},
		{"HKQuantityTypeIdentifierBloodGlucose", "mmol<180.15588000005408>/L", "5.5", "blood_glucose", 99.08573400002974},
		{"HKQuantityTypeIdentifierBloodPressureSystolic", "mmHg", "118", "blood_pressure_systolic", 118},
		{"HKQuantityTypeIdentifierWalkingSpeed", "km/hr", "5.4", "walking_speed", 1.5},
		{"HKQuantityTypeIdentifierAppleExerciseTime", "min", "38", "exercise_time", 38},
		{"HKQuantityTypeIdentifierVO2Max", "mL/min·kg", "41.2", "vo2_max", 41.2},
	}
	for _, tc := range cases {
		t.Run(tc.typ+"/"+tc.unit, func(t *testing.T) {
			t.Parallel()
			code, v, ok, err := SeriesValue(&Record{Type: tc.typ, Unit: tc.unit, Value: tc.value})
			require.NoError(t, err)
			require.True(t, ok)
			require.Equal(t, tc.code, code)
			require.InDelta(t, tc.want, v, 1e-9)
		})
	}
}

// TestEveryMappedQuantityIsASeriesType: each mapped type lands in a
// series type wearhouse serves.
func TestEveryMappedQuantityIsASeriesType(t *testing.T) {
	t.Parallel()
	for hk, q := range quantities {
		_, ok := domain.SeriesTypeByCode(q.series)
		require.True(t, ok, "%s maps to %q, which is no series type", hk, q.series)
	}
}

// TestSeriesValueRefusesWhatHealthKitNeverWrites: a unit foreign to the
// type or a value that is no number is an error naming the record's
// offset; categories and unmapped quantities are not series.
func TestSeriesValueRefusesWhatHealthKitNeverWrites(t *testing.T) {
	t.Parallel()
	_, _, _, err := SeriesValue(&Record{Type: "HKQuantityTypeIdentifierHeartRate", Unit: "Hz", Value: "1", Offset: 812})
	require.ErrorContains(t, err, `unit "Hz"`)
	require.ErrorContains(t, err, "byte 812")
	_, _, _, err = SeriesValue(&Record{Type: "HKQuantityTypeIdentifierBloodGlucose", Unit: "mmol<x>/L", Value: "5"})
	require.ErrorContains(t, err, "unit")
	_, _, _, err = SeriesValue(&Record{Type: "HKQuantityTypeIdentifierStepCount", Unit: "count", Value: "many"})
	require.ErrorContains(t, err, `value "many" is not a number`)
	for _, v := range []string{"NaN", "Inf", "-Inf", "1e400"} {
		_, _, _, err = SeriesValue(&Record{Type: "HKQuantityTypeIdentifierStepCount", Unit: "count", Value: v})
		require.Error(t, err, v)
	}
	_, _, ok, err := SeriesValue(&Record{Type: "HKCategoryTypeIdentifierSleepAnalysis", Value: "HKCategoryValueSleepAnalysisAsleepCore"})
	require.NoError(t, err)
	require.False(t, ok)
}
