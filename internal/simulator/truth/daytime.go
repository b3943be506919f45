package truth

import (
	"math"
	"sort"
	"time"
)

// planDaytime adds day i's nap, workouts and device readings. s is the main
// sleep that ended the night before.
func (p *Person) planDaytime(i int, d *Day, s *Sleep) {
	ph := &p.phys
	seed := uint64(p.w.seed)
	r := p.rand(keyDay, uint64(i))
	wake := s.End
	local := func(h float64) time.Time { return d.Start.Add(hours(h)).Truncate(time.Second) }

	var nap *Sleep
	if chance(r, 0.12) {
		start := local(uniform(r, 13, 16.5))
		if start.After(wake.Add(3 * time.Hour)) {
			nap = &Sleep{
				ID:      uuidFrom(seed, keyUUID, 2, uint64(p.Index), uint64(i)),
				V1ID:    p.v1ID(i, 1),
				CycleID: s.CycleID,
				Day:     i,
				Nap:     true,
				Start:   start,
				Offset:  d.Offset,
			}
			nap.Hypnogram, nap.CycleCount = buildHypnogram(r, hypnogramParams{
				latency:      minutes(uniform(r, 2, 10)),
				asleep:       minutes(uniform(r, 20, 75)),
				finalAwake:   minutes(uniform(r, 1, 5)),
				disturbances: r.IntN(3),
				nap:          true,
			})
			nap.End = nap.Start.Add(time.Duration(len(nap.Hypnogram)) * EpochLength)
			nap.summarize()
			nap.nightRHR = s.nightRHR
			nap.RespiratoryRate = s.RespiratoryRate
			nap.SpO2, nap.SkinTempC, nap.SkinTempDeviationC = s.SpO2, s.SkinTempC, s.SkinTempDeviationC
			nap.PerformancePct = math.Min(100, math.Round(100*nap.Asleep().Minutes()/45))
			nap.ConsistencyPct = s.ConsistencyPct
			nap.life = p.newLife(nap.End, 2, uint64(i), 0.08, p.w.opts.DeleteRate)
			p.sleep = append(p.sleep, nap)
			p.sleepPhysiology(nap, s.AvgHRV*0.9, r)
			p.gen.napAsleep = nap.Asleep()
		}
	}

	n := 0
	if chance(r, ph.weeklyWorkouts/7) {
		n = 1
		if chance(r, 0.15) {
			n = 2
		}
	}
	wakeH := wake.Sub(d.Start).Hours()
	slots := []float64{wakeH + uniform(r, 0.5, 1.5), uniform(r, 12, 12.6), uniform(r, 17, 19.3)}
	r.Shuffle(len(slots), func(a, b int) { slots[a], slots[b] = slots[b], slots[a] })
	slots = slots[:n]
	sort.Float64s(slots)
	var prevEnd time.Time
	for j, h := range slots {
		sp := ph.sports[0]
		switch u := r.Float64(); {
		case u > 0.9:
			sp = ph.sports[2]
		case u > 0.6:
			sp = ph.sports[1]
		}
		hard := chance(r, 0.18)
		dur := sp.Minutes * math.Exp(normal(r, 0, 0.25))
		intensity := sp.Intensity * (1 + normal(r, 0, 0.08))
		if hard {
			dur *= 1.3
			intensity += 0.1
		}
		start := local(h)
		end := start.Add(minutes(clamp(dur, 15, 180)).Truncate(time.Second))
		if start.Before(wake.Add(20*time.Minute)) || start.Before(prevEnd) || end.After(local(21.3)) ||
			(nap != nil && start.Before(nap.End) && end.After(nap.Start)) {
			continue
		}
		w := &Workout{
			ID:        uuidFrom(seed, keyUUID, 3, uint64(p.Index), uint64(i), uint64(j)),
			V1ID:      p.v1ID(i, 2+j),
			CycleID:   s.CycleID,
			Day:       i,
			Sport:     sp,
			Start:     start,
			End:       end,
			Offset:    d.Offset,
			intensity: clamp(intensity, 0.2, 0.95),
			interval:  hard || chance(r, 0.2),
		}
		w.life = p.newLife(end, 3, uint64(i)*4+uint64(j), 0.03, p.w.opts.DeleteRate)
		p.works = append(p.works, w)
		p.workoutStats(w, r)
		prevEnd = end
	}
	p.planMeasurements(i, d, s)
}
