package timeseries

import (
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestInt128(t *testing.T) {
	t.Parallel()

	minInt128 := int128{hi: math.MinInt64}
	tests := []struct {
		name      string
		adds      []int64
		mul       uint64
		wantFloat float64
	}{
		{"Zero", nil, 1, 0},
		{"SmallPositive", []int64{1, 2, 3}, 1, 6},
		{"CrossesZero", []int64{5, -7}, 1, -2},
		{"BeyondInt64", []int64{math.MaxInt64, math.MaxInt64, 2}, 1, 0x1p64},
		{"BelowInt64", []int64{math.MinInt64, math.MinInt64}, 1, -0x1p64},
		{"MulNegative", []int64{-3}, 1 << 50, -3 * 0x1p50},
		{"MulBeyondInt64", []int64{1 << 20}, 1 << 50, 0x1p70},
		{"MulNegativeBeyondInt64", []int64{-(1 << 20)}, 1 << 50, -0x1p70},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			var s int128
			for _, v := range tt.adds {
				s.add(v)
			}
			require.Equal(t, tt.wantFloat, s.mul(tt.mul).float())
		})
	}

	require.Equal(t, -0x1p127, minInt128.float())
	require.Equal(t, minInt128, minInt128.mul(1))
	require.Equal(t, -1, toInt128(-1).cmp(toInt128(0)))
	require.Equal(t, 1, int128{hi: 1}.cmp(toInt128(math.MaxInt64)))
	require.Equal(t, 0, toInt128(-5).cmp(toInt128(-5)))
}

func TestCommonFactor(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name  string
		fixed []int64
		want  uint64
	}{
		{"Empty", nil, 1},
		{"AllZeros", []int64{0, 0}, 1},
		{"IntegralAtScale2", []int64{6100, -7200, 0, 6500}, 100},
		{"Coprime", []int64{6100, 7201}, 1},
		{"Single", []int64{-40}, 40},
		{"MinInt64", []int64{math.MinInt64}, 1 << 63},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			require.Equal(t, tt.want, commonFactor(tt.fixed))
		})
	}
}
