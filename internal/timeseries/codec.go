package timeseries

import (
	"errors"
	"fmt"
	"math"
)

// ErrCorrupt is wrapped by every Decode and Info failure: the bytes are not
// a block this package wrote. Callers treat it as data loss for that day,
// never as a reason to retry.
var ErrCorrupt = errors.New("timeseries: corrupt block")

// Encode rejects its input with one of these (wrapped, with the offending
// sample): they are caller bugs or provider garbage, not storage failures.
var (
	ErrInvalidScale   = errors.New("timeseries: scale out of range")
	ErrInvalidSample  = errors.New("timeseries: invalid sample")
	ErrSpansDays      = errors.New("timeseries: samples span more than one UTC day")
	ErrTooManySamples = errors.New("timeseries: too many samples for one block")
)

// Encode packs the samples of one series type, data source and UTC day into
// a block, keeping scale decimal digits of each value (the series type's
// Scale). Samples may come in any order; they are sorted and, per T, the
// last one wins. Values are rounded as by Round; NaN, ±Inf and values whose
// fixed-point form exceeds MaxFixed are rejected, as are samples from more
// than one UTC day (use SplitByDay first).
func Encode(scale int, samples []Sample) ([]byte, error) {
	if scale < 0 || scale > MaxScale {
		return nil, fmt.Errorf("%w: %d", ErrInvalidScale, scale)
	}
	s := samples // only read below, so sorted input needs no copy
	if !isStrictlySorted(s) {
		s = normalize(samples)
	}
	h := header{scale: scale, count: len(s)}
	if len(s) == 0 {
		return appendHeader(nil, h), nil
	}
	if len(s) > MaxSamples {
		return nil, fmt.Errorf("%w: %d > %d", ErrTooManySamples, len(s), MaxSamples)
	}
	first, last := s[0].T, s[len(s)-1].T
	if first < minDay*MsPerDay {
		return nil, fmt.Errorf("%w: timestamp %d out of range", ErrInvalidSample, first)
	}
	dayStart := DayStart(first)
	if DayStart(last) != dayStart {
		return nil, fmt.Errorf("%w: %d and %d", ErrSpansDays, first, last)
	}

	fixed := make([]int64, len(s))
	for i, smp := range s {
		f, ok := toFixed(smp.V, scale)
		if !ok {
			return nil, fmt.Errorf("%w: value %v at %d not representable at scale %d", ErrInvalidSample, smp.V, smp.T, scale)
		}
		fixed[i] = f
	}
	h.factor = commonFactor(fixed)
	h.day = dayStart / MsPerDay
	h.first, h.span = first-dayStart, last-first

	// Timestamps: delta-of-delta. At a steady cadence every dod is 0 and
	// collapses into zero runs.
	ts := tokenWriter{buf: make([]byte, 0, 16)}
	var prevDelta int64
	for i := 1; i < len(s); i++ {
		delta := s[i].T - s[i-1].T
		ts.put(delta - prevDelta)
		prevDelta = delta
	}
	ts.flush()

	// Values: plain deltas of q. Physiological series wander, so a
	// second-order delta would mostly double the noise.
	vals := tokenWriter{buf: make([]byte, 0, len(s)+16)}
	g := int64(h.factor)
	h.min, h.max = math.MaxInt64, math.MinInt64
	var prev int64
	for _, f := range fixed {
		q := f / g
		vals.put(q - prev)
		prev = q
		h.min, h.max = min(h.min, q), max(h.max, q)
		h.sum.add(q)
	}
	vals.flush()

	zs := zoneChanges(s)
	out := make([]byte, 0, 64+4*len(zs)+len(ts.buf)+len(vals.buf))
	out = appendHeader(out, h)
	out = appendZones(out, zs)
	out = append(out, ts.buf...)
	return append(out, vals.buf...), nil
}

// Decode unpacks a block written by Encode, returning its samples sorted by
// T with values exactly as Round left them. Any malformed input yields an
// error wrapping ErrCorrupt, never a panic, and allocation is bounded by
// the block's length and MaxSamples whatever the header claims.
func Decode(block []byte) ([]Sample, error) {
	return DecodeInto(nil, block)
}

// DecodeInto is Decode writing into buf's storage when it is large
// enough, so a reader walking many blocks reuses one buffer. The result
// aliases buf; it is valid until buf is reused.
func DecodeInto(buf []Sample, block []byte) ([]Sample, error) {
	r := reader{b: block}
	h, err := readHeader(&r)
	if err != nil {
		return nil, err
	}
	if h.count == 0 {
		if r.remaining() != 0 {
			return nil, corrupt("%d trailing bytes after empty block", r.remaining())
		}
		return nil, nil
	}
	zs, err := readZones(&r, h.count)
	if err != nil {
		return nil, err
	}
	if n := min(h.count, 64+4*len(block)); cap(buf) < n {
		buf = make([]Sample, 0, n)
	}
	out, err := decodeTimes(&r, h, buf[:0])
	if err != nil {
		return nil, err
	}
	if err := decodeValues(&r, h, out); err != nil {
		return nil, err
	}
	if r.remaining() != 0 {
		return nil, corrupt("%d trailing bytes", r.remaining())
	}
	for k, z := range zs {
		end := len(out)
		if k+1 < len(zs) {
			end = zs[k+1].index
		}
		for i := z.index; i < end; i++ {
			out[i].Offset = z.offset
		}
	}
	return out, nil
}

// decodeTimes appends the block's timestamps to out. Every step is checked
// to stay strictly increasing and inside the day, which also rules out any
// integer overflow from forged deltas.
func decodeTimes(r *reader, h header, out []Sample) ([]Sample, error) {
	dayStart := h.day * MsPerDay
	rel := h.first
	out = append(out, Sample{T: dayStart + rel})
	tr := tokenReader{r: r, field: "timestamps", left: h.count - 1}
	var delta int64
	for i := 1; i < h.count; i++ {
		dod := tr.next()
		if r.err != nil {
			return nil, r.err
		}
		// Both deltas lie in [1, MsPerDay), so a valid dod is smaller.
		if dod <= -MsPerDay || dod >= MsPerDay {
			return nil, corrupt("timestamp %d: delta-of-delta %d", i, dod)
		}
		delta += dod
		if delta <= 0 || delta >= MsPerDay-rel {
			return nil, corrupt("timestamp %d: delta %d leaves the day or goes back", i, delta)
		}
		rel += delta
		out = append(out, Sample{T: dayStart + rel})
	}
	if rel != h.first+h.span {
		return nil, corrupt("last timestamp %d, header says %d", rel, h.first+h.span)
	}
	return out, nil
}

// decodeValues fills in the values of out and checks them against the
// header's min, max and sum.
func decodeValues(r *reader, h header, out []Sample) error {
	tr := tokenReader{r: r, field: "values", left: len(out)}
	g := int64(h.factor)
	maxQ := int64(MaxFixed / h.factor)
	var q, lo, hi int64 = 0, math.MaxInt64, math.MinInt64
	var sum int128
	for i := range out {
		d := tr.next()
		if r.err != nil {
			return r.err
		}
		if d < -2*maxQ || d > 2*maxQ {
			return corrupt("value %d: delta %d out of range", i, d)
		}
		q += d
		if q < -maxQ || q > maxQ {
			return corrupt("value %d out of range", i)
		}
		out[i].V = fromFixed(q*g, h.scale)
		lo, hi = min(lo, q), max(hi, q)
		sum.add(q)
	}
	if lo != h.min || hi != h.max || sum != h.sum {
		return corrupt("values disagree with header min/max/sum")
	}
	return nil
}
