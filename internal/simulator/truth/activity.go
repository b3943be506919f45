package truth

import (
	"math"
	"time"
)

// minuteAt computes the activity of the minute starting at t (t is
// truncated to the minute). It is a pure function of the person's schedule
// and hashes of the time, which is what lets Activity be lazy.
func (p *Person) minuteAt(t time.Time) Minute {
	t = t.Truncate(time.Minute)
	m := Minute{Start: t, MET: 1}
	mid := t.Add(30 * time.Second)
	ph := &p.phys
	idx := uint64(t.Unix() / 60)
	h := mix(ph.key, keySteps, idx)
	switch {
	case p.sleepAt(mid) != nil:
		m.Asleep, m.MET = true, 0.9
	case p.workoutAt(mid) != nil:
		w := p.workoutAt(mid)
		m.MET = 1 + (w.Sport.MET-1)*w.intensity/w.Sport.Intensity
		if w.Sport.Cadence > 0 {
			m.Steps = int(float64(w.Sport.Cadence) * (0.9 + 0.2*unit(h)))
		}
	default:
		hour := p.localHour(mid)
		// Ten-minute blocks are either "walking about" or not, with more
		// walking around commute, lunch and late afternoon.
		block := mix(ph.key, keySteps, uint64(t.Unix()/600), 1)
		if unit(block) < activeProbability(hour)*ph.activity && unit(mix(h, 4)) < 0.8 {
			m.Steps = int(80 + 38*unit(h))
			m.MET = 2.6 + 1.2*unit(mix(h, 2))
		} else {
			m.Steps = int(14 * math.Pow(unit(h), 3))
			m.MET = 1.1 + 0.4*unit(mix(h, 3))
		}
	}
	m.EnergyKJ = ph.bmrKJPerMin * m.MET
	m.ActiveKJ = ph.bmrKJPerMin * math.Max(0, m.MET-1)
	return m
}

// activeProbability is the chance that a ten-minute block at a local hour
// is spent walking.
func activeProbability(hour float64) float64 {
	switch {
	case hour < 6.5 || hour >= 22.5:
		return 0.01
	case hour < 9:
		return 0.16
	case hour >= 12 && hour < 13.5:
		return 0.15
	case hour >= 17 && hour < 19.5:
		return 0.15
	default:
		return 0.06
	}
}

// Activity returns one Minute per minute in [from, to) clipped to the data
// range and to Now. Computed on demand.
func (p *Person) Activity(from, to time.Time) []Minute {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	from, to = p.clip(from, to)
	from = from.Truncate(time.Minute)
	var out []Minute
	for t := from; t.Before(to); t = t.Add(time.Minute) {
		out = append(out, p.minuteAt(t))
	}
	return out
}

// dayActivity aggregates the minutes of a day into the Day fields.
func (p *Person) dayActivity(d *Day) {
	var steps int
	var energy, active float64
	var moved [24]bool
	for t := d.Start; t.Before(d.End); t = t.Add(time.Minute) {
		m := p.minuteAt(t)
		steps += m.Steps
		energy += m.EnergyKJ
		active += m.ActiveKJ
		switch {
		case m.Asleep:
			d.Resting += time.Minute
		case m.MET >= 6:
			d.HighActivity += time.Minute
		case m.MET >= 3:
			d.MediumActivity += time.Minute
		case m.MET >= 1.5:
			d.LowActivity += time.Minute
		default:
			d.Sedentary += time.Minute
		}
		if m.Steps > 40 {
			moved[int(t.Sub(d.Start).Hours())%24] = true
		}
	}
	d.Steps = steps
	d.EnergyKJ = round1(energy)
	d.ActiveKJ = round1(active)
	d.WalkingDistanceM = math.Round(float64(steps) * p.phys.stride)
	for h := 8; h < 20; h++ {
		if !moved[h] {
			d.InactivityAlerts++
		}
	}
}
