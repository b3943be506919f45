package domain

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSeriesTypesCatalogue(t *testing.T) {
	t.Parallel()

	all := SeriesTypes()
	require.Len(t, all, 135, "Open Wearables 0.9.0 defines 135 series types")

	ids := make(map[int]bool, len(all))
	codes := make(map[string]bool, len(all))
	for i, st := range all {
		require.False(t, ids[st.ID], "duplicate id %d", st.ID)
		require.False(t, codes[st.Code], "duplicate code %q", st.Code)
		ids[st.ID], codes[st.Code] = true, true

		require.NotEmpty(t, st.Code)
		require.NotEmpty(t, st.Unit, st.Code)
		require.Contains(t, []Aggregation{AggSum, AggAvg, AggMax}, st.Aggregation, st.Code)
		require.GreaterOrEqual(t, st.Scale, 0, st.Code)
		require.LessOrEqual(t, st.Scale, 9, st.Code)
		if i > 0 {
			require.Less(t, all[i-1].ID, st.ID, "table must be ordered by id")
		}
	}
}

func TestSeriesTypesReturnsCopy(t *testing.T) {
	t.Parallel()

	all := SeriesTypes()
	all[0].Code = "mutated"
	st, ok := SeriesTypeByID(1)
	require.True(t, ok)
	require.Equal(t, "heart_rate", st.Code)
	require.Equal(t, "heart_rate", SeriesTypes()[0].Code)
}

func TestSeriesTypeLookup(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		want SeriesType
	}{
		{"HeartRate", SeriesType{1, "heart_rate", "bpm", AggAvg, 2}},
		{"RestingHeartRate", SeriesType{2, "resting_heart_rate", "bpm", AggAvg, 2}},
		{"HRVRMSSD", SeriesType{7, "heart_rate_variability_rmssd", "ms", AggAvg, 6}},
		{"SpO2", SeriesType{20, "oxygen_saturation", "percent", AggAvg, 4}},
		{"RespiratoryRate", SeriesType{24, "respiratory_rate", "brpm", AggAvg, 8}},
		{"PeakFlow", SeriesType{30, "peak_expiratory_flow_rate", "L/min", AggAvg, 2}},
		{"Weight", SeriesType{41, "weight", "kg", AggAvg, 3}},
		{"SkinTemperatureDeviation", SeriesType{50, "skin_temperature_deviation", "celsius", AggAvg, 3}},
		{"SixMinuteWalk", SeriesType{61, "six_minute_walk_test_distance", "meters", AggMax, 2}},
		{"Steps", SeriesType{80, "steps", "count", AggSum, 0}},
		{"ActiveEnergy", SeriesType{81, "active_energy", "kcal", AggSum, 2}},
		{"BoneMass", SeriesType{52, "bone_mass", "kg", AggAvg, 3}},
		{"PulseWaveVelocity", SeriesType{240, "withings_pulse_wave_velocity", "m_per_s", AggAvg, 3}},
		{"DietaryEnergy", SeriesType{260, "dietary_energy_consumed", "kcal", AggSum, 2}},
		{"DietaryCaffeine", SeriesType{297, "dietary_caffeine", "mg", AggSum, 3}},
		{"ActiveTime", SeriesType{88, "active_time", "minutes", AggSum, 2}},
		{"DistanceWalkingRunning", SeriesType{100, "distance_walking_running", "meters", AggSum, 2}},
		{"Latitude", SeriesType{210, "latitude", "degrees", AggAvg, 6}},
		{"GarminBodyBattery", SeriesType{223, "garmin_body_battery", "percent", AggAvg, 2}},
		{"Hydration", SeriesType{507, "hydration", "mL", AggAvg, 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			byCode, ok := SeriesTypeByCode(tt.want.Code)
			require.True(t, ok)
			require.Equal(t, tt.want, byCode)

			byID, ok := SeriesTypeByID(tt.want.ID)
			require.True(t, ok)
			require.Equal(t, tt.want, byID)
		})
	}
}

func TestSeriesTypeLookupMisses(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		id   int
		code string
	}{
		{"RetiredRecoveryScore", 6, "recovery_score"},
		{"Zero", 0, ""},
		{"Negative", -1, "HEART_RATE"},
		{"BeyondLast", 508, "energy"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, ok := SeriesTypeByID(tt.id)
			require.False(t, ok)
			_, ok = SeriesTypeByCode(tt.code)
			require.False(t, ok)
		})
	}
}

func TestSeriesTypeRoundTripEveryType(t *testing.T) {
	t.Parallel()

	for _, st := range SeriesTypes() {
		byID, ok := SeriesTypeByID(st.ID)
		require.True(t, ok, st.Code)
		require.Equal(t, st, byID)
		byCode, ok := SeriesTypeByCode(st.Code)
		require.True(t, ok, st.Code)
		require.Equal(t, st, byCode)
	}
}

func TestRetiredSeriesCode(t *testing.T) {
	t.Parallel()

	code, ok := RetiredSeriesCode("energy")
	require.True(t, ok)
	require.Equal(t, "active_energy", code)
	st, ok := SeriesTypeByCode(code)
	require.True(t, ok)
	require.Equal(t, 81, st.ID, "the rename keeps the persisted id")

	for _, c := range []string{"active_energy", "heart_rate", "", "ENERGY"} {
		_, ok := RetiredSeriesCode(c)
		require.False(t, ok, c)
	}
}
