package timeseries

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()

	d := int64(testDay)
	tests := []struct {
		name  string
		scale int
		in    []Sample
		want  []Sample
	}{
		{"Empty", 2, nil, nil},
		{"Single", 2, []Sample{{T: d + 5, V: 61, Offset: -18000}}, nil},
		{"FirstAndLastMillisecond", 0, []Sample{{T: d, V: 1}, {T: d + MsPerDay - 1, V: 2}}, nil},
		{
			"UnsortedDuplicatesLastWins", 2,
			[]Sample{{T: d + 3000, V: 3}, {T: d + 1000, V: 1}, {T: d + 3000, V: 33}, {T: d + 2000, V: 2}},
			[]Sample{{T: d + 1000, V: 1}, {T: d + 2000, V: 2}, {T: d + 3000, V: 33}},
		},
		{
			"RoundsHalfAwayFromZero", 0,
			[]Sample{{T: d, V: 2.5}, {T: d + 1, V: -2.5}, {T: d + 2, V: 0.4999}, {T: d + 3, V: -0.5}},
			[]Sample{{T: d, V: 3}, {T: d + 1, V: -3}, {T: d + 2, V: 0}, {T: d + 3, V: -1}},
		},
		{
			"KilogramsAtScale3", 3,
			[]Sample{{T: d, V: 81.2345}, {T: d + 86_000_000, V: 80.9}},
			[]Sample{{T: d, V: 81.235}, {T: d + 86_000_000, V: 80.9}},
		},
		{"NegativeAndZero", 3, []Sample{{T: d, V: -0.25}, {T: d + 60_000, V: 0}, {T: d + 120_000, V: 0.125}}, nil},
		{"LatitudeAtScale6", 6, []Sample{{T: d, V: 52.229676}, {T: d + 1000, V: -33.868820}}, nil},
		{"LargestValue", 0, []Sample{{T: d, V: MaxFixed}, {T: d + 1, V: -MaxFixed}, {T: d + 2, V: MaxFixed}}, nil},
		{"AllZeros", 2, []Sample{{T: d, V: 0}, {T: d + 1000, V: 0}, {T: d + 2000, V: 0}}, nil},
		{"Before1970", 1, []Sample{{T: -MsPerDay + 10, V: 36.6}, {T: -1, V: 36.7}}, nil},
		{
			"ZoneChanges", 0,
			[]Sample{{T: d, V: 1, Offset: 3600}, {T: d + 1, V: 2, Offset: 3600}, {T: d + 2, V: 3, Offset: 7200}, {T: d + 5, V: 4, Offset: 3600}},
			nil,
		},
		{"IrregularCadence", 2, []Sample{{T: d + 17, V: 60}, {T: d + 1017, V: 61}, {T: d + 60_000, V: 62.5}, {T: d + 60_001, V: 62}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			want := tt.want
			if want == nil && tt.in != nil {
				want = tt.in
			}
			block, err := Encode(tt.scale, tt.in)
			require.NoError(t, err)
			got, err := Decode(block)
			require.NoError(t, err)
			require.Equal(t, want, got)

			info, err := Info(block)
			require.NoError(t, err)
			require.Equal(t, tt.scale, info.Scale)
			require.Equal(t, len(want), info.Count)
			if len(want) > 0 {
				require.Equal(t, DayStart(want[0].T), info.Day)
				require.Equal(t, want[0].T, info.First)
				require.Equal(t, want[len(want)-1].T, info.Last)
			}
		})
	}
}

func TestEncodeDoesNotModifyInput(t *testing.T) {
	t.Parallel()

	in := []Sample{{T: testDay + 2, V: 2}, {T: testDay + 1, V: 1}, {T: testDay + 2, V: 3}}
	orig := append([]Sample(nil), in...)
	_, err := Encode(2, in)
	require.NoError(t, err)
	require.Equal(t, orig, in)
}

func TestEncodeErrors(t *testing.T) {
	t.Parallel()

	d := int64(testDay)
	tests := []struct {
		name    string
		scale   int
		in      []Sample
		wantErr error
	}{
		{"NegativeScale", -1, nil, ErrInvalidScale},
		{"ScaleTooLarge", MaxScale + 1, nil, ErrInvalidScale},
		{"NaN", 2, []Sample{{T: d, V: math.NaN()}}, ErrInvalidSample},
		{"PositiveInf", 2, []Sample{{T: d, V: math.Inf(1)}}, ErrInvalidSample},
		{"NegativeInf", 2, []Sample{{T: d, V: math.Inf(-1)}}, ErrInvalidSample},
		{"TooLargeAtScale", 2, []Sample{{T: d, V: MaxFixed/100 + 1}}, ErrInvalidSample},
		{"TooLargeForInt64", 0, []Sample{{T: d, V: 1e300}}, ErrInvalidSample},
		{"TimestampBeyondRange", 0, []Sample{{T: math.MinInt64, V: 1}}, ErrInvalidSample},
		{"SpansTwoDays", 2, []Sample{{T: d + MsPerDay - 1, V: 1}, {T: d + MsPerDay, V: 1}}, ErrSpansDays},
		{"SpansIntoPreviousDay", 2, []Sample{{T: d, V: 1}, {T: d - 1, V: 1}}, ErrSpansDays},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			_, err := Encode(tt.scale, tt.in)
			require.ErrorIs(t, err, tt.wantErr)
		})
	}
}

func TestEncodeTooManySamples(t *testing.T) {
	t.Parallel()

	in := make([]Sample, MaxSamples+1)
	for i := range in {
		in[i] = Sample{T: testDay + int64(i), V: 1}
	}
	_, err := Encode(0, in)
	require.ErrorIs(t, err, ErrTooManySamples)
}

func TestRound(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name   string
		v      float64
		scale  int
		want   float64
		wantOK bool
	}{
		{"HalfUp", 72.125, 2, 72.13, true},
		{"HalfDownNegative", -72.125, 2, -72.13, true},
		{"BinaryBelowHalf", 1.005, 2, 1, true}, // 1.005 is 1.00499999… in binary
		{"Integer", 61, 0, 61, true},
		{"Scale9", 1.0000000004, 9, 1, true},
		{"NaN", math.NaN(), 2, 0, false},
		{"Overflow", 2e13, 2, 0, false},
		{"BadScale", 1, 10, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			got, ok := Round(tt.v, tt.scale)
			require.Equal(t, tt.wantOK, ok)
			require.Equal(t, tt.want, got)
		})
	}
}

func TestInfoMatchesSamples(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name    string
		scale   int
		samples []Sample
	}{
		{"HeartRate1Hz", 2, syntheticHRDay()},
		{"HRV5Min", 2, syntheticHRVDay()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			block, err := Encode(tt.scale, tt.samples)
			require.NoError(t, err)
			info, err := Info(block)
			require.NoError(t, err)

			lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
			for _, s := range tt.samples {
				lo, hi, sum = min(lo, s.V), max(hi, s.V), sum+s.V
			}
			require.Equal(t, BlockInfo{
				Day: testDay, Count: len(tt.samples),
				First: tt.samples[0].T, Last: tt.samples[len(tt.samples)-1].T,
				Min: lo, Max: hi, Sum: info.Sum, Scale: tt.scale,
			}, info)
			require.InEpsilon(t, sum, info.Sum, 1e-12)
		})
	}
}

// TestCompressionTarget holds the design goal of ≤ 4 bytes per 1 Hz heart
// rate sample (header included); sizes are deterministic, so this is a
// unit test, not a benchmark.
func TestCompressionTarget(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		samples  []Sample
		maxBytes float64
	}{
		{"HeartRate1Hz", syntheticHRDay(), 4},
		{"HRV5Min", syntheticHRVDay(), 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			block, err := Encode(2, tt.samples)
			require.NoError(t, err)
			require.LessOrEqual(t, float64(len(block))/float64(len(tt.samples)), tt.maxBytes)
		})
	}
}
