package withings

import (
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// TestZoneNameKeepsOffset checks that every offset the truth can produce,
// including the one-hour shift it applies mid-range, maps to an IANA zone
// with that very offset in winter and in summer.
func TestZoneNameKeepsOffset(t *testing.T) {
	t.Parallel()
	for _, h := range []int{-9, -8, -7, -6, -5, -4, -3, -2, 0, 1, 2, 3, 4, 8, 9, 10, 11} {
		for _, off := range []int{h * 3600, 5*3600 + 1800, 6*3600 + 1800} {
			name := truth.FormatOffset(off)
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				loc, err := time.LoadLocation(zoneName(name))
				require.NoError(t, err)
				for _, at := range []time.Time{time.Date(2025, 1, 15, 12, 0, 0, 0, time.UTC), time.Date(2025, 7, 15, 12, 0, 0, 0, time.UTC)} {
					_, got := at.In(loc).Zone()
					require.Equal(t, off, got, zoneName(name))
				}
			})
		}
	}
}

// TestFixedPointRoundTrip checks value × 10^unit on awkward decimals.
func TestFixedPointRoundTrip(t *testing.T) {
	t.Parallel()
	tests := []struct {
		v    float64
		unit int
		want int64
	}{
		{65.75, -3, 65750},
		{0.29, -2, 29},
		{36.66, -2, 3666},
		{1.005, -3, 1005},
		{120, 0, 120},
		{97.12, -2, 9712},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatInt(tt.want, 10), func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tt.want, toFixed(tt.v, tt.unit))
			require.Equal(t, tt.v, fromFixed(tt.want, tt.unit))
		})
	}
}
