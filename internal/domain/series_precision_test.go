package domain

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSeriesScalesKeepProviderPrecision pins each series type's scale to
// the finest precision a provider publishes for it: a value with more
// decimals than the scale would be rounded on write and served changed.
// Values are the seed documents' (WHOOP's are floats it computes, e.g. a
// respiratory rate of 16.11328125) or, for Withings, value × 10^unit with
// the unit of its getmeas table.
func TestSeriesScalesKeepProviderPrecision(t *testing.T) {
	t.Parallel()

	tests := []struct {
		source string
		code   string
		value  string
	}{
		{"WHOOP recovery spo2_percentage", "oxygen_saturation", "95.6875"},
		{"Oura daily_spo2 average", "oxygen_saturation", "95.583"},
		{"Withings SpO2 (unit -2)", "oxygen_saturation", "97.25"},
		{"Withings Fat Ratio (unit -3)", "body_fat_percentage", "19.904"},
		{"Withings Weight (unit -3)", "weight", "72.345"},
		{"Withings Fat Free Mass (unit -3)", "lean_body_mass", "58.012"},
		{"Withings Fat Mass Weight (unit -3)", "body_fat_mass", "14.333"},
		{"Withings Muscle Mass (unit -3)", "skeletal_muscle_mass", "55.101"},
		{"Withings Temperature (unit -2)", "body_temperature", "36.65"},
		{"Withings Skin Temperature (unit -2)", "skin_temperature", "33.71"},
		{"Withings VO2 max (unit -1)", "vo2_max", "44.5"},
		{"Withings Height (unit -2, metres to cm)", "height", "178"},
		{"WHOOP skin_temp_celsius", "skin_temperature", "33.7"},
		{"WHOOP recovery hrv_rmssd_milli", "heart_rate_variability_rmssd", "31.813562"},
		{"WHOOP recovery resting_heart_rate", "resting_heart_rate", "51.2"},
		{"WHOOP sleep respiratory_rate", "respiratory_rate", "16.11328125"},
	}
	for _, tt := range tests {
		t.Run(tt.source, func(t *testing.T) {
			t.Parallel()
			st, ok := SeriesTypeByCode(tt.code)
			require.True(t, ok, tt.code)
			require.GreaterOrEqual(t, st.Scale, decimals(tt.value),
				"%s: %s %s has %d decimals, scale keeps %d", tt.source, tt.code, tt.value, decimals(tt.value), st.Scale)
		})
	}
}

// decimals counts the digits after the decimal point of a decimal string.
func decimals(v string) int {
	_, frac, ok := strings.Cut(v, ".")
	if !ok {
		return 0
	}
	return len(frac)
}
