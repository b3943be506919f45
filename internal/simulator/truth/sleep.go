package truth

import (
	"math"
	"math/rand/v2"
	"time"
)

// Sleep is one sleep period: the main sleep of a night or a daytime nap.
type Sleep struct {
	// ID is a UUID, stable for a seed (WHOOP v2 sleep id).
	ID string
	// V1ID is the legacy integer id WHOOP still shows as v1_id.
	V1ID int64
	// CycleID is the WHOOP cycle the sleep belongs to: the cycle it starts
	// for a main sleep, the enclosing cycle for a nap.
	CycleID int64
	// Day is the index of the local day the sleep is attributed to (the day
	// of waking up, as Oura does).
	Day int
	Nap bool
	// Start and End bound the time in bed.
	Start, End time.Time
	// Offset is the wearer's UTC offset at Start, "+hh:mm".
	Offset string
	// Latency is the time from Start to the first sleep epoch.
	Latency time.Duration
	// Hypnogram has one stage per 30-second epoch from Start; its length
	// times EpochLength equals End-Start.
	Hypnogram []Stage

	// Stage totals; they add up to End-Start exactly.
	AwakeTime, LightTime, DeepTime, REMTime time.Duration
	// CycleCount is the number of completed sleep cycles.
	CycleCount int
	// Disturbances counts wake-ups after sleep onset.
	Disturbances int

	RespiratoryRate float64 // breaths per minute
	AvgHR           float64 // beats per minute over the sleep
	LowestHR        int     // lowest 5-minute average
	// HRV holds RMSSD in milliseconds per 5-minute interval from Start.
	HRV []float64
	// AvgHRV is the mean of HRV.
	AvgHRV float64
	SpO2   float64 // average oxygen saturation, percent
	// SkinTempC is the average wrist skin temperature; SkinTempDeviationC
	// its deviation from the person's baseline (what Oura reports).
	SkinTempC          float64
	SkinTempDeviationC float64

	// Need is WHOOP's sleep need for the night; Naps have a zero Need.
	Need SleepNeed
	// WHOOP sleep percentages.
	PerformancePct float64
	ConsistencyPct float64
	EfficiencyPct  float64

	Meta
	life     lifecycle
	nightRHR float64
}

// SleepNeed splits WHOOP's sleep need into its parts (milliseconds on the
// wire). NapCredit is negative: a nap reduces the need.
type SleepNeed struct {
	Baseline, Debt, Strain, NapCredit time.Duration
}

// Total is the sum of all parts.
func (n SleepNeed) Total() time.Duration {
	return n.Baseline + n.Debt + n.Strain + n.NapCredit
}

// InBed is End-Start.
func (s *Sleep) InBed() time.Duration { return s.End.Sub(s.Start) }

// Asleep is the time spent in light, deep or REM sleep.
func (s *Sleep) Asleep() time.Duration { return s.LightTime + s.DeepTime + s.REMTime }

// StageAt returns the stage at t and false when t is outside the sleep.
func (s *Sleep) StageAt(t time.Time) (Stage, bool) {
	if t.Before(s.Start) || !t.Before(s.End) {
		return Awake, false
	}
	return s.Hypnogram[int(t.Sub(s.Start)/EpochLength)], true
}

// hypnogramParams drives buildHypnogram.
type hypnogramParams struct {
	latency      time.Duration
	asleep       time.Duration // target time asleep before disturbances
	finalAwake   time.Duration
	disturbances int
	nap          bool
}

// buildHypnogram lays out ~90-minute cycles of light → deep → light → REM
// with deep sleep front-loaded and REM growing towards morning, then
// overwrites short awakenings, later ones more likely (as in real nights).
func buildHypnogram(r *rand.Rand, p hypnogramParams) (epochs []Stage, cycles int) {
	lat := int(p.latency / EpochLength)
	body := int(p.asleep / EpochLength)
	tail := int(p.finalAwake / EpochLength)
	epochs = make([]Stage, 0, lat+body+tail)
	for range lat {
		epochs = append(epochs, Awake)
	}
	for i := 0; body > 0; i++ {
		length := int(clamp(normal(r, 92, 8), 75, 112) * 2)
		deep := math.Max(0.03, 0.38-0.11*float64(i))
		rem := math.Min(0.38, 0.09+0.07*float64(i))
		if p.nap {
			deep, rem = 0.25, 0
			if p.asleep > time.Hour {
				rem = 0.1
			}
		}
		nDeep := int(deep * float64(length))
		nREM := int(rem * float64(length))
		nLight1 := (length - nDeep - nREM) * 11 / 20
		nLight2 := length - nDeep - nREM - nLight1
		n := min(length, body)
		if n*10 >= length*6 {
			cycles++
		}
		seq := [...]struct {
			s Stage
			k int
		}{{Light, nLight1}, {Deep, nDeep}, {Light, nLight2}, {REM, nREM}}
		left := n
		for _, part := range seq {
			k := min(part.k, left)
			for range k {
				epochs = append(epochs, part.s)
			}
			left -= k
		}
		body -= n
	}
	sleepEnd := len(epochs)
	for range tail {
		epochs = append(epochs, Awake)
	}
	// Awakenings: position skewed to the second half (sqrt of uniform).
	span := sleepEnd - lat
	for range p.disturbances {
		if span < 20 {
			break
		}
		pos := lat + 4 + int(math.Sqrt(r.Float64())*float64(span-8))
		dur := 1 + r.IntN(8)
		for j := pos; j < min(pos+dur, sleepEnd-1); j++ {
			epochs[j] = Awake
		}
	}
	return epochs, cycles
}

// summarize fills the stage totals and the disturbance count from the
// hypnogram so that they agree with it by construction.
func (s *Sleep) summarize() {
	var counts [4]int
	for _, e := range s.Hypnogram {
		counts[e]++
	}
	s.AwakeTime = time.Duration(counts[Awake]) * EpochLength
	s.LightTime = time.Duration(counts[Light]) * EpochLength
	s.DeepTime = time.Duration(counts[Deep]) * EpochLength
	s.REMTime = time.Duration(counts[REM]) * EpochLength
	first, last := -1, -1
	for i, e := range s.Hypnogram {
		if e != Awake {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	s.Disturbances = 0
	for i := first + 1; first >= 0 && i <= last; i++ {
		if s.Hypnogram[i] == Awake && s.Hypnogram[i-1] != Awake {
			s.Disturbances++
		}
	}
	if first >= 0 {
		s.Latency = time.Duration(first) * EpochLength
	}
	s.EfficiencyPct = round2(100 * float64(s.Asleep()) / float64(s.InBed()))
}
