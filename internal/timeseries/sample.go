package timeseries

import (
	"cmp"
	"math"
	"slices"
)

// Sample is one reading of a series.
type Sample struct {
	// T is the instant in Unix milliseconds UTC; blocks, days and buckets
	// are all UTC so a sample's storage location never depends on a zone.
	T int64
	// V is the value in the series type's unit.
	V float64
	// Offset is the local zone offset in seconds east of UTC at T, kept so
	// responses can show the wearer's local time (providers give offsets,
	// not zones, and travel changes them mid-day).
	Offset int32
}

// MsPerDay is the length of a UTC day in milliseconds; Unix time has no
// leap seconds, so every day has exactly this many.
const MsPerDay = 86_400_000

// floorTo returns the largest multiple of w (> 0) not above t. Near
// math.MinInt64 that multiple is not representable, so it saturates to the
// lowest one that is; such timestamps are rejected by Encode anyway.
func floorTo(t, w int64) int64 {
	r := t % w
	if r >= 0 {
		return t - r
	}
	lowest := math.MinInt64 / w * w // truncation rounds towards zero: ≥ MinInt64
	if t < lowest {
		return lowest
	}
	return t - r - w
}

// DayStart returns the UTC midnight, in Unix milliseconds, of the day
// containing tMillis. Day blocks are keyed by it.
func DayStart(tMillis int64) int64 {
	return floorTo(tMillis, MsPerDay)
}

// normalize returns a sorted copy of samples with one sample per T, the
// last one in input order winning: a provider that re-sends a corrected
// reading in the same batch should overwrite the earlier one. The input is
// never modified.
func normalize(samples []Sample) []Sample {
	out := slices.Clone(samples)
	if isStrictlySorted(out) {
		return out
	}
	slices.SortStableFunc(out, func(a, b Sample) int { return cmp.Compare(a.T, b.T) })
	w := 0
	for i := range out {
		if w > 0 && out[w-1].T == out[i].T {
			out[w-1] = out[i]
			continue
		}
		out[w] = out[i]
		w++
	}
	return slices.Clip(out[:w])
}

// isStrictlySorted reports whether T strictly increases, the common case
// for provider data and decoded blocks, which then skip the sort.
func isStrictlySorted(samples []Sample) bool {
	for i := 1; i < len(samples); i++ {
		if samples[i].T <= samples[i-1].T {
			return false
		}
	}
	return true
}

// SplitByDay groups samples by the UTC day they fall in, keyed by DayStart,
// ready for one Encode per day. Each day's slice is sorted by T and
// deduplicated (last wins); the slices have no spare capacity, so appending
// to one cannot overwrite another.
func SplitByDay(samples []Sample) map[int64][]Sample {
	sorted := normalize(samples)
	days := make(map[int64][]Sample)
	for i := 0; i < len(sorted); {
		day := DayStart(sorted[i].T)
		j := i + 1
		for j < len(sorted) && DayStart(sorted[j].T) == day {
			j++
		}
		days[day] = sorted[i:j:j]
		i = j
	}
	return days
}

// Merge combines a block's stored samples with newly written ones: the
// union by T, where new wins on equal T (a later sync carries the
// provider's corrected reading), sorted by T. Duplicates within either
// input resolve as in Encode. Neither input is modified.
func Merge(old, new []Sample) []Sample {
	a, b := normalize(old), normalize(new)
	if len(a) == 0 {
		return b
	}
	if len(b) == 0 {
		return a
	}
	out := make([]Sample, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i].T < b[j].T:
			out = append(out, a[i])
			i++
		case a[i].T > b[j].T:
			out = append(out, b[j])
			j++
		default:
			out = append(out, b[j])
			i++
			j++
		}
	}
	out = append(out, a[i:]...)
	return append(out, b[j:]...)
}
