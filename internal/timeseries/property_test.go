package timeseries

import (
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"
)

// genDay draws the start of a UTC day between 1967 and 2052.
func genDay() *rapid.Generator[int64] {
	return rapid.Map(rapid.Int64Range(-1000, 30_000), func(d int64) int64 { return d * MsPerDay })
}

// genValue draws values of the shapes wearables produce: small integers
// (bpm, steps), exact halves (the rounding edge), arbitrary decimals, and
// zero. |v| ≤ 1e5 keeps every scale within MaxFixed.
func genValue() *rapid.Generator[float64] {
	return rapid.OneOf(
		rapid.Map(rapid.IntRange(-300, 300), func(i int) float64 { return float64(i) }),
		rapid.Map(rapid.IntRange(-2000, 2000), func(i int) float64 { return float64(i) / 2 }),
		rapid.Float64Range(-1e5, 1e5),
		rapid.Just(0.0),
	)
}

// genSamples draws up to maxN samples in [from, from+span): either at
// random instants or at a steady cadence with random gaps, which exercises
// the zero-run tokens. Duplicated instants and unsorted order are allowed.
func genSamples(from, span int64, maxN int) *rapid.Generator[[]Sample] {
	return rapid.Custom(func(t *rapid.T) []Sample {
		n := rapid.IntRange(0, maxN).Draw(t, "n")
		offsets := rapid.SampledFrom([]int32{0, 3600, 7200, -18000, 19800})
		out := make([]Sample, 0, n)
		regular := rapid.Bool().Draw(t, "regular")
		step := rapid.SampledFrom([]int64{1, 1000, 5000, 60_000, 300_000}).Draw(t, "step")
		at := from + rapid.Int64Range(0, span-1).Draw(t, "start")
		for range n {
			if !regular {
				at = from + rapid.Int64Range(0, span-1).Draw(t, "t")
			} else if rapid.IntRange(0, 20).Draw(t, "gap") == 0 {
				at += step * rapid.Int64Range(2, 50).Draw(t, "gapLen")
			} else {
				at += step
			}
			if at >= from+span {
				break
			}
			out = append(out, Sample{T: at, V: genValue().Draw(t, "v"), Offset: offsets.Draw(t, "offset")})
		}
		return out
	})
}

// model is the reference semantics: apply writes in order to a map (last
// wins per T), then list by T with values as stored at scale.
func model(scale int, writes ...[]Sample) []Sample {
	m := map[int64]Sample{}
	for _, w := range writes {
		for _, s := range w {
			m[s.T] = s
		}
	}
	out := make([]Sample, 0, len(m))
	for _, s := range m {
		out = append(out, s)
	}
	slices.SortFunc(out, func(a, b Sample) int { return int(min(max(a.T-b.T, -1), 1)) })
	if scale < 0 {
		return out
	}
	return rounded(out, scale)
}

// emptyAsNil lets empty results compare equal whether nil or not.
func emptyAsNil(s []Sample) []Sample {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestPropEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()

	rapid.Check(t, func(t *rapid.T) {
		scale := rapid.IntRange(0, MaxScale).Draw(t, "scale")
		day := genDay().Draw(t, "day")
		in := genSamples(day, MsPerDay, 400).Draw(t, "samples")

		block, err := Encode(scale, in)
		require.NoError(t, err)
		got, err := Decode(block)
		require.NoError(t, err)
		want := emptyAsNil(model(scale, in))
		require.Equal(t, want, got)

		info, err := Info(block)
		require.NoError(t, err)
		require.Equal(t, len(want), info.Count)
		if len(want) == 0 {
			return
		}
		lo, hi, sum := math.Inf(1), math.Inf(-1), 0.0
		for _, s := range want {
			lo, hi, sum = min(lo, s.V), max(hi, s.V), sum+s.V
		}
		require.Equal(t, lo, info.Min)
		require.Equal(t, hi, info.Max)
		require.InDelta(t, sum, info.Sum, 1e-9*float64(len(want))*max(1, math.Abs(lo), math.Abs(hi)))
	})
}

func TestPropMergeThroughCodec(t *testing.T) {
	t.Parallel()

	rapid.Check(t, func(t *rapid.T) {
		scale := rapid.IntRange(0, 4).Draw(t, "scale")
		day := genDay().Draw(t, "day")
		// A narrow window makes old and new collide on T often.
		span := rapid.SampledFrom([]int64{50, 10_000, MsPerDay}).Draw(t, "span")
		old := genSamples(day, span, 200).Draw(t, "old")
		upd := genSamples(day, span, 200).Draw(t, "new")

		// As the store does it: the stored block, then a merged rewrite.
		stored, err := Encode(scale, old)
		require.NoError(t, err)
		prev, err := Decode(stored)
		require.NoError(t, err)
		block, err := Encode(scale, Merge(prev, upd))
		require.NoError(t, err)
		got, err := Decode(block)
		require.NoError(t, err)
		require.Equal(t, emptyAsNil(model(scale, old, upd)), got)

		// Merge alone, before rounding, is the same model.
		require.Equal(t, emptyAsNil(model(-1, old, upd)), emptyAsNil(Merge(old, upd)))
	})
}

func TestPropDownsample(t *testing.T) {
	t.Parallel()

	rapid.Check(t, func(t *rapid.T) {
		res := rapid.SampledFrom([]Resolution{ResolutionRaw, Resolution1Min, Resolution5Min,
			Resolution15Min, Resolution1Hour, Resolution1Day}).Draw(t, "res")
		day := genDay().Draw(t, "day")
		in := genSamples(day, 3*MsPerDay, 300).Draw(t, "samples")

		buckets := Downsample(in, res)
		values := map[float64]bool{}
		inSum := 0.0
		for _, s := range in {
			values[s.V] = true
			inSum += s.V
		}
		count, sum, absSum := 0, 0.0, 0.0
		for i, b := range buckets {
			count += b.Count
			sum += b.Sum
			absSum += math.Abs(b.Sum)
			require.Positive(t, b.Count)
			require.LessOrEqual(t, b.Min, b.Avg)
			require.LessOrEqual(t, b.Avg, b.Max)
			require.True(t, values[b.Min], "min %v is not an input value", b.Min)
			require.True(t, values[b.Max], "max %v is not an input value", b.Max)
			if w := res.Millis(); w > 0 {
				require.Equal(t, floorTo(b.Start, w), b.Start, "bucket not aligned")
				if i > 0 {
					require.Greater(t, b.Start, buckets[i-1].Start)
				}
			}
		}
		require.Equal(t, len(in), count)
		require.InDelta(t, inSum, sum, 1e-9*max(1, absSum))
		if res == ResolutionRaw {
			require.Len(t, buckets, len(in))
		}
	})
}

func TestPropSplitByDayThenMerge(t *testing.T) {
	t.Parallel()

	rapid.Check(t, func(t *rapid.T) {
		day := genDay().Draw(t, "day")
		in := genSamples(day, 4*MsPerDay, 300).Draw(t, "samples")

		days := SplitByDay(in)
		var back []Sample
		for start, ds := range days {
			require.NotEmpty(t, ds)
			for i, s := range ds {
				require.Equal(t, start, DayStart(s.T))
				if i > 0 {
					require.Greater(t, s.T, ds[i-1].T)
				}
			}
			back = Merge(back, ds)
		}
		require.Equal(t, emptyAsNil(model(-1, in)), emptyAsNil(back))
	})
}
