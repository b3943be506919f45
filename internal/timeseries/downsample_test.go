package timeseries

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestParseResolution(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in      string
		want    Resolution
		millis  int64
		wantErr bool
	}{
		{in: "raw", want: ResolutionRaw},
		{in: "1min", want: Resolution1Min, millis: 60_000},
		{in: "5min", want: Resolution5Min, millis: 300_000},
		{in: "15min", want: Resolution15Min, millis: 900_000},
		{in: "1hour", want: Resolution1Hour, millis: 3_600_000},
		{in: "1day", want: Resolution1Day, millis: MsPerDay},
		{in: "", wantErr: true},
		{in: "1h", wantErr: true},
		{in: "RAW", wantErr: true},
		{in: "1week", wantErr: true},
	}
	for _, tt := range tests {
		t.Run("Input"+tt.in, func(t *testing.T) {
			t.Parallel()

			got, err := ParseResolution(tt.in)
			if tt.wantErr {
				require.ErrorIs(t, err, ErrUnknownResolution)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tt.want, got)
			require.Equal(t, tt.millis, got.Millis())
		})
	}
}

func TestDownsample(t *testing.T) {
	t.Parallel()

	d := int64(testDay)
	tenth := 0.1 // a variable, so the sum below is float64 (0.30000000000000004), not an exact constant
	tests := []struct {
		name string
		in   []Sample
		res  Resolution
		want []Bucket
	}{
		{"Empty", nil, Resolution1Hour, nil},
		{
			"RawOneBucketPerSample", []Sample{{T: d + 1, V: 60, Offset: 3600}, {T: d + 2, V: 62}}, ResolutionRaw,
			[]Bucket{
				{Start: d + 1, Avg: 60, Min: 60, Max: 60, Sum: 60, Count: 1, Offset: 3600},
				{Start: d + 2, Avg: 62, Min: 62, Max: 62, Sum: 62, Count: 1},
			},
		},
		{
			"OneMinuteAlignedToUTC",
			[]Sample{{T: d + 59_999, V: 60, Offset: 3600}, {T: d + 60_000, V: 70, Offset: 7200}, {T: d + 61_000, V: 80}, {T: d + 10, V: 40}},
			Resolution1Min,
			[]Bucket{
				{Start: d, Avg: 50, Min: 40, Max: 60, Sum: 100, Count: 2, Offset: 0},
				{Start: d + 60_000, Avg: 75, Min: 70, Max: 80, Sum: 150, Count: 2, Offset: 7200},
			},
		},
		{
			"DaySkipsEmptyBuckets",
			[]Sample{{T: d + 5, V: 1000}, {T: d + 2*MsPerDay + 5, V: 3000}, {T: d + 2*MsPerDay + 6, V: 1000}},
			Resolution1Day,
			[]Bucket{
				{Start: d, Avg: 1000, Min: 1000, Max: 1000, Sum: 1000, Count: 1},
				{Start: d + 2*MsPerDay, Avg: 2000, Min: 1000, Max: 3000, Sum: 4000, Count: 2},
			},
		},
		{
			"BeforeEpochFloorsDown", []Sample{{T: -1, V: 5}}, Resolution1Hour,
			[]Bucket{{Start: -3_600_000, Avg: 5, Min: 5, Max: 5, Sum: 5, Count: 1}},
		},
		{
			"AverageClampedIntoRange",
			[]Sample{{T: d, V: 0.1}, {T: d + 1, V: 0.1}, {T: d + 2, V: 0.1}},
			Resolution5Min,
			[]Bucket{{Start: d, Avg: 0.1, Min: 0.1, Max: 0.1, Sum: tenth + tenth + tenth, Count: 3}},
		},
		{
			"DuplicatesCounted", []Sample{{T: d, V: 1}, {T: d, V: 3}}, Resolution15Min,
			[]Bucket{{Start: d, Avg: 2, Min: 1, Max: 3, Sum: 4, Count: 2}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			require.Equal(t, tt.want, Downsample(tt.in, tt.res))
		})
	}
}

func TestDownsampleDoesNotModifyInput(t *testing.T) {
	t.Parallel()

	in := []Sample{{T: 3, V: 3}, {T: 1, V: 1}}
	Downsample(in, Resolution1Min)
	require.Equal(t, []Sample{{T: 3, V: 3}, {T: 1, V: 1}}, in)
}
