package timeseries

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"slices"
)

// Resolution is the bucket width of a time-series read, with Open
// Wearables' query values.
type Resolution string

// The supported resolutions. Raw returns every sample.
const (
	ResolutionRaw   Resolution = "raw"
	Resolution1Min  Resolution = "1min"
	Resolution5Min  Resolution = "5min"
	Resolution15Min Resolution = "15min"
	Resolution1Hour Resolution = "1hour"
	Resolution1Day  Resolution = "1day"
)

// ErrUnknownResolution is wrapped by ParseResolution, so the API can answer
// 400 rather than 500.
var ErrUnknownResolution = errors.New("timeseries: unknown resolution")

// ParseResolution validates a resolution from a query string.
func ParseResolution(s string) (Resolution, error) {
	r := Resolution(s)
	if r == ResolutionRaw || r.Millis() > 0 {
		return r, nil
	}
	return "", fmt.Errorf("%w %q (want raw, 1min, 5min, 15min, 1hour or 1day)", ErrUnknownResolution, s)
}

// Millis is the bucket width in milliseconds; 0 for raw and for unknown
// resolutions.
func (r Resolution) Millis() int64 {
	switch r {
	case Resolution1Min:
		return 60_000
	case Resolution5Min:
		return 5 * 60_000
	case Resolution15Min:
		return 15 * 60_000
	case Resolution1Hour:
		return 3_600_000
	case Resolution1Day:
		return MsPerDay
	}
	return 0
}

// Bucket aggregates the samples in [Start, Start+width). All four
// aggregates are returned because which one is meaningful depends on the
// series type (domain.SeriesType.Aggregation), which the caller picks.
type Bucket struct {
	Start              int64 // Unix ms UTC, a multiple of the width
	Avg, Min, Max, Sum float64
	Count              int
	// Offset is the zone offset of the bucket's first sample, so a client
	// can label the bucket in the wearer's local time.
	Offset int32
}

// Downsample aggregates samples into buckets aligned to UTC multiples of the
// resolution (so 1day buckets start at UTC midnight, matching the day
// blocks), in ascending order, omitting empty buckets. Raw yields one bucket
// per sample; an unknown resolution is treated as raw, ParseResolution
// being the place that rejects it. Samples need not be sorted; every input
// sample is counted, duplicates included.
func Downsample(samples []Sample, res Resolution) []Bucket {
	return AppendDownsampled(nil, samples, res)
}

// AppendDownsampled appends Downsample's buckets to dst: a month of
// blocks is read per request, and one growing slice costs less than a
// slice per block copied into it.
func AppendDownsampled(dst []Bucket, samples []Sample, res Resolution) []Bucket {
	if !isSorted(samples) {
		samples = slices.Clone(samples)
		slices.SortStableFunc(samples, func(a, b Sample) int { return cmp.Compare(a.T, b.T) })
	}
	width := res.Millis()
	if width == 0 {
		dst = slices.Grow(dst, len(samples))
		for _, s := range samples {
			dst = append(dst, Bucket{Start: s.T, Avg: s.V, Min: s.V, Max: s.V, Sum: s.V, Count: 1, Offset: s.Offset})
		}
		return dst
	}
	for i := 0; i < len(samples); {
		start := floorTo(samples[i].T, width)
		b := Bucket{Start: start, Min: math.Inf(1), Max: math.Inf(-1), Offset: samples[i].Offset}
		for ; i < len(samples) && floorTo(samples[i].T, width) == start; i++ {
			v := samples[i].V
			b.Sum += v
			b.Min, b.Max = min(b.Min, v), max(b.Max, v)
			b.Count++
		}
		// Float division can land an ulp outside [Min, Max] (three
		// samples of 0.1 average to 0.10000000000000002); clamp so the
		// average never claims a value the wearer did not have.
		b.Avg = min(max(b.Sum/float64(b.Count), b.Min), b.Max)
		dst = append(dst, b)
	}
	return dst
}

// isSorted reports whether T never decreases.
func isSorted(samples []Sample) bool {
	for i := 1; i < len(samples); i++ {
		if samples[i].T < samples[i-1].T {
			return false
		}
	}
	return true
}
