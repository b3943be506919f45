package truth

import (
	"math"
	"math/rand/v2"
)

// The generator derives every random choice from a 64-bit hash of the seed
// and a few keys (person, day, purpose). Using independent streams per
// purpose means adding a new random choice in one place does not shift the
// values drawn everywhere else, which keeps goldens stable across changes.

// Stream keys: one per purpose so that streams never collide.
const (
	keyPerson uint64 = iota + 1
	keyDay
	keyNight
	keyWorkout
	keyMeasure
	keyHRNoise
	keyHRJitter
	keySteps
	keyLife
	keyUUID
	keyZone
)

// mix hashes its arguments with splitmix64 steps into one well-spread value.
func mix(vals ...uint64) uint64 {
	h := uint64(0x9e3779b97f4a7c15)
	for _, v := range vals {
		h ^= v + 0x9e3779b97f4a7c15 + (h << 6) + (h >> 2)
		h = splitmix(h)
	}
	return h
}

// splitmix is the splitmix64 finaliser: cheap and statistically good.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// unit maps a hash to [0, 1).
func unit(h uint64) float64 {
	return float64(h>>11) / float64(1<<53)
}

// newRand returns a PCG generator seeded from the given keys.
func newRand(keys ...uint64) *rand.Rand {
	h := mix(keys...)
	return rand.New(rand.NewPCG(h, splitmix(h^0x5851f42d4c957f2d)))
}

// normal draws from N(mean, sd).
func normal(r *rand.Rand, mean, sd float64) float64 {
	return mean + sd*r.NormFloat64()
}

// uniform draws from [lo, hi).
func uniform(r *rand.Rand, lo, hi float64) float64 {
	return lo + (hi-lo)*r.Float64()
}

// chance reports true with probability p.
func chance(r *rand.Rand, p float64) bool {
	return r.Float64() < p
}

// clamp limits v to [lo, hi].
func clamp(v, lo, hi float64) float64 {
	return math.Max(lo, math.Min(hi, v))
}

// smoothNoise is value noise in [-1, 1] with knots every period seconds,
// interpolated with smoothstep so that series look continuous. It is a pure
// function of (key, t), which is what makes the lazy 1 Hz heart rate
// random-access.
func smoothNoise(key uint64, t int64, period int64) float64 {
	k := floorDiv(t, period)
	f := float64(t-k*period) / float64(period)
	a := unit(mix(key, uint64(k)))*2 - 1
	b := unit(mix(key, uint64(k+1)))*2 - 1
	f = f * f * (3 - 2*f)
	return a + (b-a)*f
}

// floorDiv divides rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// round1 rounds to one decimal, round2 to two: the precision wearables show.
func round1(v float64) float64 { return math.Round(v*10) / 10 }
func round2(v float64) float64 { return math.Round(v*100) / 100 }
