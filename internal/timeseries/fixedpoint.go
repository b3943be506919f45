package timeseries

import (
	"cmp"
	"math"
	"math/bits"
)

// MaxScale is the most decimal digits a block keeps. Nine covers every
// series type (latitude needs six) while 10^MaxScale stays exactly
// representable as a float64.
const MaxScale = 9

// MaxFixed bounds |v × 10^scale|. Below 2^50, converting the fixed-point
// integer back to float64 and multiplying by 10^scale again rounds to the
// same integer (the two roundings err by at most |f|·2^-52 < 0.5), which is
// what makes decode → encode → decode stable. It is still 10^15 at scale 0
// and 10^6 at scale 9, far beyond any wearable reading.
const MaxFixed = 1 << 50

// pow10 holds 10^0 … 10^MaxScale, all exact in float64.
var pow10 = [MaxScale + 1]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9}

// Round returns v as a block stores it at the given scale: rounded half
// away from zero to scale decimal digits. Decode(Encode(scale, s)) yields
// exactly Round(v, scale) for every value. ok is false for NaN, ±Inf, a
// scale outside 0..MaxScale, or a value whose fixed-point form exceeds
// MaxFixed.
func Round(v float64, scale int) (rounded float64, ok bool) {
	if scale < 0 || scale > MaxScale {
		return 0, false
	}
	f, ok := toFixed(v, scale)
	if !ok {
		return 0, false
	}
	return fromFixed(f, scale), true
}

// toFixed converts v to its fixed-point integer at scale (validated by the
// caller). math.Round rounds half away from zero, matching the contract.
func toFixed(v float64, scale int) (int64, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, false
	}
	r := math.Round(v * pow10[scale])
	if r > MaxFixed || r < -MaxFixed {
		return 0, false
	}
	return int64(r), true
}

// fromFixed is the inverse of toFixed. Division (not multiplication by
// 10^-scale, which is inexact) gives the correctly rounded decimal.
func fromFixed(f int64, scale int) float64 {
	return float64(f) / pow10[scale]
}

// gcd returns the greatest common divisor of a and b, both ≥ 0.
func gcd(a, b uint64) uint64 {
	for b != 0 {
		a, b = b, a%b
	}
	return a
}

// abs64 returns |x| as an unsigned value, so MinInt64 has no overflow case.
func abs64(x int64) uint64 {
	if x < 0 {
		return uint64(-x)
	}
	return uint64(x)
}

// commonFactor returns the largest g ≥ 1 dividing every value. Integral
// readings at scale 2 give g = 100 (or a multiple), which shrinks deltas
// 100-fold; the loop stops as soon as the factor degrades to 1.
func commonFactor(fixed []int64) uint64 {
	var g uint64
	for _, f := range fixed {
		g = gcd(abs64(f), g)
		if g == 1 {
			return 1
		}
	}
	if g == 0 {
		return 1 // all zeros
	}
	return g
}

// int128 is a two's-complement 128-bit integer. A day block's sum of
// fixed-point values can exceed int64 (up to MaxSamples × MaxFixed), and an
// exact sum lets Decode compare it with the header bit for bit.
type int128 struct {
	hi int64
	lo uint64
}

// add adds a sign-extended int64.
func (s *int128) add(v int64) {
	var carry uint64
	s.lo, carry = bits.Add64(s.lo, uint64(v), 0)
	s.hi += v>>63 + int64(carry)
}

// neg returns -s.
func (s int128) neg() int128 {
	lo, carry := bits.Add64(^s.lo, 1, 0)
	return int128{hi: ^s.hi + int64(carry), lo: lo}
}

// mul returns s × g, wrapping like any two's-complement product. Callers
// keep it within range: a block's Σq × factor is below 2^71.
func (s int128) mul(g uint64) int128 {
	m := s
	if s.hi < 0 {
		m = s.neg()
	}
	// The magnitude read as unsigned is right even for -2^127.
	hi, lo := bits.Mul64(m.lo, g)
	r := int128{hi: int64(hi + uint64(m.hi)*g), lo: lo}
	if s.hi < 0 {
		return r.neg()
	}
	return r
}

// cmp compares like cmp.Compare.
func (s int128) cmp(o int128) int {
	if s.hi != o.hi {
		return cmp.Compare(s.hi, o.hi)
	}
	return cmp.Compare(s.lo, o.lo)
}

// toInt128 sign-extends v.
func toInt128(v int64) int128 { return int128{hi: v >> 63, lo: uint64(v)} }

// float converts to the nearest float64 (exactly when |s| < 2^53).
func (s int128) float() float64 {
	if s.hi == 0 && s.lo < 1<<63 || s.hi == -1 && s.lo >= 1<<63 {
		return float64(int64(s.lo))
	}
	m := s
	if s.hi < 0 {
		m = s.neg() // as unsigned, right even for -2^127
	}
	f := float64(uint64(m.hi))*0x1p64 + float64(m.lo)
	if s.hi < 0 {
		return -f
	}
	return f
}
