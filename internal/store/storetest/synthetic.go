package storetest

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// HeartRate1Hz returns one UTC day of synthetic 1 Hz heart rate as a
// wrist device reports it: whole bpm following a daily pattern (sleep
// around 55, waking day around 72, an evening workout near 140) with an
// AR(1) drift towards it plus noise, and a 25-minute gap while the device
// charges. Deterministic for a seed.
func HeartRate1Hz(day time.Time, seed uint64) []timeseries.Sample {
	r := rand.New(rand.NewPCG(seed, 0x1f))
	day = day.UTC().Truncate(24 * time.Hour)
	out := make([]timeseries.Sample, 0, 86_400)
	hr := 58.0
	for sec := range 86_400 {
		if sec >= 12*3600 && sec < 12*3600+25*60 {
			continue // on the charger
		}
		h := sec / 3600
		target := 72.0
		switch {
		case h < 6:
			target = 55 + 3*math.Sin(float64(sec)/1700)
		case h == 18:
			target = 140
		case h == 19:
			target = 95
		}
		hr += 0.01*(target-hr) + r.NormFloat64()*0.6
		out = append(out, timeseries.Sample{T: day.Add(time.Duration(sec) * time.Second).UnixMilli(), V: math.Round(hr), Offset: 3600})
	}
	return out
}

// HRV5Min returns days of synthetic 5-minute HRV (RMSSD, ms with one
// decimal) around the clock from the UTC midnight of start: a nightly rise,
// a daily trend and noise. Deterministic for a seed.
func HRV5Min(start time.Time, days int, seed uint64) []timeseries.Sample {
	r := rand.New(rand.NewPCG(seed, 0x7))
	start = start.UTC().Truncate(24 * time.Hour)
	out := make([]timeseries.Sample, 0, days*288)
	for i := range days * 288 {
		t := start.Add(time.Duration(i) * 5 * time.Minute)
		night := 0.0
		if t.Hour() < 7 {
			night = 18
		}
		trend := 6 * math.Sin(float64(i)/(288*9))
		v := 42 + night + trend + r.NormFloat64()*7
		out = append(out, timeseries.Sample{T: t.UnixMilli(), V: math.Round(max(v, 5)*10) / 10, Offset: -18000})
	}
	return out
}
