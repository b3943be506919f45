package timeseries

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestDayStart(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		t    int64
		want int64
	}{
		{"Epoch", 0, 0},
		{"LastMsOfFirstDay", MsPerDay - 1, 0},
		{"SecondDay", MsPerDay, MsPerDay},
		{"OneMsBeforeEpoch", -1, -MsPerDay},
		{"DayBeforeEpochStart", -MsPerDay, -MsPerDay},
		{"TestDayNoon", testDay + MsPerDay/2, testDay},
		{"MaxInt64", math.MaxInt64, math.MaxInt64 / MsPerDay * MsPerDay},
		{"MinInt64Saturates", math.MinInt64, math.MinInt64 / MsPerDay * MsPerDay},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			require.Equal(t, tt.want, DayStart(tt.t))
		})
	}
}

func TestSplitByDay(t *testing.T) {
	t.Parallel()

	d := int64(testDay)
	in := []Sample{
		{T: d + MsPerDay + 5, V: 3},
		{T: d + 10, V: 1},
		{T: d - 1, V: 0},
		{T: d + 10, V: 2}, // replaces the earlier d+10
		{T: d + MsPerDay, V: 4},
	}
	got := SplitByDay(in)
	require.Equal(t, map[int64][]Sample{
		d - MsPerDay: {{T: d - 1, V: 0}},
		d:            {{T: d + 10, V: 2}},
		d + MsPerDay: {{T: d + MsPerDay, V: 4}, {T: d + MsPerDay + 5, V: 3}},
	}, got)

	// Appending to one day must not clobber the next.
	_ = append(got[d], Sample{T: d + 11, V: 9})
	require.Equal(t, []Sample{{T: d + MsPerDay, V: 4}, {T: d + MsPerDay + 5, V: 3}}, got[d+MsPerDay])
	require.Empty(t, SplitByDay(nil))
}

func TestMerge(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		old, new []Sample
		want     []Sample
	}{
		{"BothEmpty", nil, nil, nil},
		{"OnlyOld", []Sample{{T: 2, V: 2}, {T: 1, V: 1}}, nil, []Sample{{T: 1, V: 1}, {T: 2, V: 2}}},
		{"OnlyNew", nil, []Sample{{T: 1, V: 1}}, []Sample{{T: 1, V: 1}}},
		{
			"Interleaved",
			[]Sample{{T: 1, V: 1}, {T: 3, V: 3}},
			[]Sample{{T: 2, V: 2}, {T: 4, V: 4}},
			[]Sample{{T: 1, V: 1}, {T: 2, V: 2}, {T: 3, V: 3}, {T: 4, V: 4}},
		},
		{
			"NewWinsOnEqualT",
			[]Sample{{T: 1, V: 1, Offset: 3600}, {T: 2, V: 2}},
			[]Sample{{T: 1, V: 10, Offset: 7200}},
			[]Sample{{T: 1, V: 10, Offset: 7200}, {T: 2, V: 2}},
		},
		{
			"DuplicatesWithinNewLastWins",
			[]Sample{{T: 1, V: 1}},
			[]Sample{{T: 1, V: 5}, {T: 1, V: 6}},
			[]Sample{{T: 1, V: 6}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			oldCopy, newCopy := append([]Sample(nil), tt.old...), append([]Sample(nil), tt.new...)
			got := Merge(tt.old, tt.new)
			if len(tt.want) == 0 {
				require.Empty(t, got)
			} else {
				require.Equal(t, tt.want, got)
			}
			require.Equal(t, oldCopy, append([]Sample(nil), tt.old...), "old modified")
			require.Equal(t, newCopy, append([]Sample(nil), tt.new...), "new modified")
		})
	}
}
