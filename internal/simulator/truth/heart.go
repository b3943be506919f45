package truth

import (
	"math"
	"time"
)

// Heart-rate bounds every generated sample respects.
const (
	MinBPM = 35
	MaxBPM = 210
)

// hrAt is the 1 Hz heart-rate model: stage-dependent and lowest during
// sleep (with the usual early-night "hammock"), ramped towards a target
// fraction of heart-rate reserve during workouts, and around resting + 15
// while awake, higher in minutes spent walking. Noise comes from hashes of
// the second, so any instant can be evaluated independently.
func (p *Person) hrAt(t time.Time) int {
	ph := &p.phys
	sec := t.Unix()
	noise := smoothNoise(mix(ph.key, keyHRNoise), sec, 90)*3 +
		(unit(mix(ph.key, keyHRJitter, uint64(sec)))-0.5)*2
	rest := ph.rhr
	if ms := p.mainSleepBefore(t); ms != nil {
		rest = ms.nightRHR
	}
	maxHR := float64(p.Profile.MaxHR)
	var v float64
	if s := p.sleepAt(t); s != nil {
		st, _ := s.StageAt(t)
		v = s.nightRHR + [4]float64{Awake: 11, Light: 3, Deep: 0, REM: 7}[st]
		v += 6 * math.Exp(-t.Sub(s.Start).Hours()/1.5)
		if s.Nap {
			v += 5
		}
		v += noise
	} else if w := p.workoutAt(t); w != nil {
		el := t.Sub(w.Start).Seconds()
		left := w.End.Sub(t).Seconds()
		ramp := math.Min(1, math.Min(el/240, left/180+0.35))
		frac := w.intensity
		if w.interval {
			frac += 0.12 * math.Sin(2*math.Pi*el/240)
		}
		base := rest + 15
		v = base + (maxHR-base)*frac*ramp + noise*1.5
	} else {
		m := p.minuteAt(t)
		v = rest + 14 + 7*smoothNoise(mix(ph.key, keyHRNoise, 1), sec, 600) + noise
		if m.Steps > 40 {
			v += 14 + 10*(m.MET-2.6)
		}
	}
	v = math.Min(v, maxHR+2)
	return int(clamp(math.Round(v), MinBPM, MaxBPM))
}

// clip limits [from, to) to the person's data: from the first main sleep
// to the world's Now.
func (p *Person) clip(from, to time.Time) (time.Time, time.Time) {
	if len(p.sleep) > 0 && from.Before(p.sleep[0].Start) {
		from = p.sleep[0].Start
	}
	if to.IsZero() || to.After(p.w.now) {
		to = p.w.now
	}
	return from, to
}

// DataStart is the first instant with data: the start of the main sleep
// that ends on the first generated day.
func (p *Person) DataStart() time.Time {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	return p.sleep[0].Start
}

// HeartRate returns 1 Hz samples in [from, to), clipped to the data range
// and to Now. A full day is 86,400 samples; prefer HeartRateEvery for
// coarse series.
func (p *Person) HeartRate(from, to time.Time) []Sample {
	return p.HeartRateEvery(from, to, time.Second)
}

// HeartRateEvery returns one sample every step (at least a second) in
// [from, to), aligned to multiples of step since the Unix epoch. Samples
// are instantaneous values, not averages.
func (p *Person) HeartRateEvery(from, to time.Time, step time.Duration) []Sample {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	step = max(step.Truncate(time.Second), time.Second)
	from, to = p.clip(from, to)
	t := from.Truncate(step)
	if t.Before(from) {
		t = t.Add(step)
	}
	var out []Sample
	if to.After(t) {
		out = make([]Sample, 0, int(to.Sub(t)/step)+1)
	}
	for ; t.Before(to); t = t.Add(step) {
		out = append(out, Sample{Time: t, BPM: p.hrAt(t)})
	}
	return out
}

// hrStats samples the heart rate every step over [from, to).
func (p *Person) hrStats(from, to time.Time, step time.Duration) (avg float64, maxBPM int, n int) {
	var sum float64
	for t := from; t.Before(to); t = t.Add(step) {
		v := p.hrAt(t)
		sum += float64(v)
		maxBPM = max(maxBPM, v)
		n++
	}
	if n > 0 {
		avg = sum / float64(n)
	}
	return avg, maxBPM, n
}

// trimp is Banister's training impulse for a heart rate held for minutes;
// only effort above 30 % of heart-rate reserve counts, so that a quiet
// day does not accumulate strain.
func (p *Person) trimp(bpm int, rest float64, minutes float64) float64 {
	hrr := (float64(bpm) - rest) / (float64(p.Profile.MaxHR) - rest)
	if hrr < 0.3 {
		return 0
	}
	return minutes * hrr * 0.64 * math.Exp(1.92*hrr)
}

// strainOf maps a training impulse to WHOOP's logarithmic 0–21 scale.
func strainOf(trimp float64) float64 {
	return 21 * (1 - math.Exp(-trimp/150))
}
