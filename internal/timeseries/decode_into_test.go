package timeseries

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// TestDecodeIntoReusesBuffer decodes blocks of different sizes through one
// buffer and checks each equals Decode's result.
func TestDecodeIntoReusesBuffer(t *testing.T) {
	t.Parallel()
	hr, hrv := syntheticHRDay(), syntheticHRVDay()
	tests := []struct {
		name    string
		samples []Sample
		scale   int
	}{
		{name: "HeartRate1Hz", samples: hr, scale: 0},
		{name: "HRV5Min", samples: hrv, scale: 1},
		{name: "HeartRateAgain", samples: hr, scale: 0},
	}
	var buf []Sample
	for _, tc := range tests {
		block, err := Encode(tc.scale, tc.samples)
		require.NoError(t, err, tc.name)
		want, err := Decode(block)
		require.NoError(t, err, tc.name)
		got, err := DecodeInto(buf, block)
		require.NoError(t, err, tc.name)
		require.Equal(t, want, got, tc.name)
		buf = got
	}
	require.GreaterOrEqual(t, cap(buf), len(hr), "the largest block's storage is kept")
}
