package timeseries

import (
	"math"
	"math/rand/v2"
)

// testDay is 2025-03-10 00:00 UTC, the day the synthetic series live in.
const testDay = 20157 * MsPerDay

// syntheticHRDay returns a realistic 1 Hz optical heart-rate day: a
// circadian baseline (≈55 bpm asleep, ≈72 awake), a one-hour workout
// peaking near 155 bpm, autocorrelated sensor noise, integer bpm as
// devices report it, a zone change when the wearer flies east in the
// afternoon, and gaps for a charge, a shower and dropouts. Seeded, so
// sizes are reproducible.
func syntheticHRDay() []Sample {
	rng := rand.New(rand.NewPCG(1, 2))
	gaps := [][2]int{{7 * 3600, 7*3600 + 20*60}, {13 * 3600, 15 * 3600}, {20 * 3600, 20*3600 + 300}}
	out := make([]Sample, 0, 86_400)
	var noise, drift float64
	offset := int32(3600)
	for sec := 0; sec < 86_400; sec++ {
		if inGap(sec, gaps) || rng.IntN(2000) == 0 { // rare single dropouts
			continue
		}
		h := float64(sec) / 3600
		base := 63.5 - 8.5*math.Cos(2*math.Pi*(h-3)/24)
		if h >= 18 && h < 19 {
			base += 80 * math.Sin(math.Pi*(h-18))
		}
		drift = 0.999*drift + rng.NormFloat64()*0.05
		noise = 0.9*noise + rng.NormFloat64()*0.6
		if sec == 16*3600 {
			offset = 7200
		}
		out = append(out, Sample{T: testDay + int64(sec)*1000, V: math.Round(base + drift + noise), Offset: offset})
	}
	return out
}

// syntheticHRVDay returns 288 five-minute RMSSD readings in ms with one
// decimal, the shape WHOOP and Oura report overnight and through the day.
func syntheticHRVDay() []Sample {
	rng := rand.New(rand.NewPCG(3, 4))
	out := make([]Sample, 0, 288)
	for i := range 288 {
		h := float64(i) / 12
		v := 48 + 12*math.Cos(2*math.Pi*(h-3)/24) + rng.NormFloat64()*6
		out = append(out, Sample{T: testDay + int64(i)*300_000, V: math.Round(v*10) / 10, Offset: 3600})
	}
	return out
}

// inGap reports whether sec falls in one of the half-open gaps.
func inGap(sec int, gaps [][2]int) bool {
	for _, g := range gaps {
		if sec >= g[0] && sec < g[1] {
			return true
		}
	}
	return false
}

// rounded returns samples with every value as the codec stores it at
// scale, the model Decode must reproduce.
func rounded(samples []Sample, scale int) []Sample {
	out := make([]Sample, len(samples))
	for i, s := range samples {
		v, ok := Round(s.V, scale)
		if !ok {
			panic("rounded: unrepresentable test value")
		}
		out[i] = Sample{T: s.T, V: v, Offset: s.Offset}
	}
	return out
}
