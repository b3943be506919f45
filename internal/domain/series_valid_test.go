package domain

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestSeriesValueValidity(t *testing.T) {
	t.Parallel()
	tests := []struct {
		code  string
		v     float64
		valid bool
	}{
		{"breathing_disturbance_index", -1, false}, // Withings: not computed
		{"breathing_disturbance_index", 0, true},   // a night without disturbances
		{"breathing_disturbance_index", 12.5, true},
		{"heart_rate", 0, false},   // lost contact
		{"heart_rate", 255, false}, // strap's "no reading"
		{"heart_rate", 254, true},
		{"heart_rate", 61, true},
		{"resting_heart_rate", -1, false},
		{"oxygen_saturation", 0, false},
		{"respiratory_rate", 0, false},
		{"steps", 0, true}, // a day without steps is a reading
		{"steps", -1, false},
		{"active_energy", 0, true},
		{"skin_temperature_deviation", -0.42, true},
		{"skin_temperature_deviation", 0, true},
		{"latitude", -33.9, true},
		{"weight", 0, false},
		{"weight", math.NaN(), false},
		{"heart_rate", math.Inf(1), false},
	}
	for _, tt := range tests {
		st, ok := SeriesTypeByCode(tt.code)
		require.True(t, ok, tt.code)
		require.Equal(t, tt.valid, st.Valid(tt.v), "%s %v", tt.code, tt.v)
	}
	for code := range signedTypes {
		_, ok := SeriesTypeByCode(code)
		require.True(t, ok, "signed type %s is in the catalogue", code)
	}
	for code := range levelTypes {
		_, ok := SeriesTypeByCode(code)
		require.True(t, ok, "level type %s is in the catalogue", code)
	}
}
