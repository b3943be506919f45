package truth

import (
	"math"
	"math/rand/v2"
	"time"
)

// genState carries what one generated day passes on to the next, which is
// where the correlations live: strain raises tomorrow's sleep need and
// resting heart rate and lowers HRV, recovery and readiness; short nights
// build sleep debt.
type genState struct {
	next       int
	prevStrain float64
	shortfalls []float64 // hours of need not slept, per night
	beds       []float64 // bedtime, hours from the wake day's midnight
	wakes      []float64
	napAsleep  time.Duration
	strains    []float64
	hrvs       []float64
	tempDevs   []float64
}

func newGenState(*Person) genState { return genState{prevStrain: 9} }

// last returns up to n most recent values of xs.
func last(xs []float64, n int) []float64 {
	return xs[max(0, len(xs)-n):]
}

// mean of xs, or def when xs is empty.
func mean(xs []float64, def float64) float64 {
	if len(xs) == 0 {
		return def
	}
	var s float64
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// ensure generates days until the latest main sleep starts at least two
// days after now, so everything visible at now is final.
func (p *Person) ensure(now time.Time) {
	for len(p.mains) == 0 || p.mains[len(p.mains)-1].Start.Before(now.Add(48*time.Hour)) {
		p.step()
	}
}

// hours converts fractional hours to a Duration.
func hours(h float64) time.Duration { return time.Duration(h * float64(time.Hour)) }

// minutes converts fractional minutes to a Duration.
func minutes(m float64) time.Duration { return time.Duration(m * float64(time.Minute)) }

// Id schemes: stable per person and day so that appending days never
// renumbers earlier records.
func (p *Person) cycleID(day int) int64 { return p.WhoopUserID*100000 + int64(day) }
func (p *Person) v1ID(day, slot int) int64 {
	return p.WhoopUserID*1000000 + int64(day)*10 + int64(slot)
}

// step generates day i = gen.next: the night ending on it, the cycle the
// night closes, the day's nap, workouts and measurements, and finalises
// day i-1 whose evening is now known.
func (p *Person) step() {
	i := p.gen.next
	p.gen.next++
	ph, g := &p.phys, &p.gen
	seed := uint64(p.w.seed)
	r := p.rand(keyNight, uint64(i))
	date := p.w.dayStartUTC(i)
	dayStart := p.dayStart(i)
	weekend := date.Weekday() == time.Saturday || date.Weekday() == time.Sunday

	// Bedtime the evening before, in that evening's zone.
	bed := ph.bedtime + normal(r, 0, 0.45)
	if weekend {
		bed += 0.6
	}
	start := p.dayStart(i - 1).Add(hours(bed)).Truncate(time.Second)
	if n := len(p.works); n > 0 && start.Before(p.works[n-1].End.Add(30*time.Minute)) {
		start = p.works[n-1].End.Add(30 * time.Minute)
	}
	if i > 0 {
		p.closeCycle(i-1, start)
	}

	debtH := math.Min(1.5, 0.25*sumPositive(last(g.shortfalls, 3)))
	sp := math.Max(0, g.prevStrain-10)
	need := SleepNeed{
		Baseline:  ph.sleepNeed,
		Debt:      hours(debtH).Truncate(time.Millisecond),
		Strain:    minutes(math.Min(45, math.Max(0, g.prevStrain-10)*4)).Truncate(time.Millisecond),
		NapCredit: -(g.napAsleep * 3 / 4),
	}
	g.napAsleep = 0
	target := float64(need.Total()) * clamp(normal(r, 0.94, 0.07), 0.6, 1.2)
	if weekend {
		target += float64(25 * time.Minute)
	}
	target = clamp(target, float64(4*time.Hour+30*time.Minute), float64(10*time.Hour+30*time.Minute))
	s := &Sleep{
		ID:      uuidFrom(seed, keyUUID, 1, uint64(p.Index), uint64(i)),
		V1ID:    p.v1ID(i, 0),
		CycleID: p.cycleID(i),
		Day:     i,
		Start:   start,
		Offset:  FormatOffset(p.offsetOn(i - 1)),
		Need:    need,
	}
	s.Hypnogram, s.CycleCount = buildHypnogram(r, hypnogramParams{
		latency:      minutes(clamp(math.Exp(normal(r, math.Log(11), 0.5)), 2, 50)),
		asleep:       time.Duration(target),
		finalAwake:   minutes(uniform(r, 1, 12)),
		disturbances: 3 + r.IntN(12),
	})
	s.End = s.Start.Add(time.Duration(len(s.Hypnogram)) * EpochLength)
	s.summarize()
	s.PerformancePct = math.Min(100, math.Round(100*float64(s.Asleep())/float64(need.Total())))
	bedH, wakeH := s.Start.Sub(dayStart).Hours(), s.End.Sub(dayStart).Hours()
	dev := math.Abs(bedH-mean(last(g.beds, 4), bedH)) + math.Abs(wakeH-mean(last(g.wakes, 4), wakeH))
	s.ConsistencyPct = clamp(math.Round(100-dev*60*0.35), 30, 100)
	s.life = p.newLife(s.End, 1, uint64(i), 0.025, p.w.opts.DeleteRate/4)
	if i > 0 {
		c := p.cycs[i-1]
		c.closed = s.life.created
		lr := newRand(seed, p.phys.key, keyLife, 9, uint64(i))
		c.life.settled = c.closed.Add(settleDelay(lr))
		c.life.unscorable = chance(lr, 0.02)
	}

	// Night physiology: yesterday's strain and sleep debt show up here.
	s.nightRHR = ph.rhr + normal(r, 0, 1.2) + 0.45*sp + 0.8*debtH
	nightHRV := ph.hrv * math.Exp(normal(r, 0, 0.11)-0.03*sp-0.12*debtH)
	s.RespiratoryRate = math.Round((ph.resp+normal(r, 0, 0.3)+0.04*sp)*256) / 256
	s.SpO2 = round2(clamp(ph.spo2+normal(r, 0, 0.5), 91, 100))
	tdev := normal(r, 0, 0.15) + 0.02*sp
	s.SkinTempDeviationC = round2(tdev)
	s.SkinTempC = round2(ph.skinTemp + tdev)
	p.sleep = append(p.sleep, s)
	p.mains = append(p.mains, s)
	p.sleepPhysiology(s, nightHRV, r)

	rec := &Recovery{
		CycleID: s.CycleID, SleepID: s.ID, SleepStart: s.Start,
		UserCalibrating: i < 4,
		RestingHR:       s.LowestHR,
		HRVRMSSD:        s.AvgHRV,
		SpO2:            s.SpO2,
		SkinTempC:       s.SkinTempC,
		life:            s.life,
	}
	rec.Score = int(clamp(math.Round(68+75*math.Log(nightHRV/ph.hrv)-2.2*(s.nightRHR-ph.rhr)+
		0.25*(s.PerformancePct-85)+normal(r, 0, 4)), 1, 99))
	p.recs = append(p.recs, rec)
	p.cycs = append(p.cycs, &Cycle{
		ID: s.CycleID, Day: i, SleepID: s.ID, Start: s.Start, Offset: s.Offset,
		life: lifecycle{created: s.life.created},
	})

	d := &Day{
		Index: i, Date: date.Format(time.DateOnly),
		Start: dayStart, End: p.dayStart(i + 1), Offset: FormatOffset(p.offsetOn(i)),
		RestingHR: s.LowestHR, HRV: s.AvgHRV, SpO2: s.SpO2,
		RespiratoryRate: s.RespiratoryRate, SkinTempDeviationC: s.SkinTempDeviationC,
		MainSleepID: s.ID,
	}
	d.life = lifecycle{created: s.life.created, settled: d.End.Add(30 * time.Minute)}
	g.tempDevs = append(g.tempDevs, tdev)
	td := last(g.tempDevs, 3)
	d.TempTrendDeviationC = round2(mean(td, 0))
	if i > 0 {
		p.finishDay(p.days[i-1])
	}
	p.planDaytime(i, d, s)
	d.Oura.Sleep, d.Oura.SleepContributors = ouraSleep(s, bedH, wakeH)
	var prev *Day
	if i > 0 {
		prev = p.days[i-1]
	}
	d.Oura.Readiness, d.Oura.ReadinessContributors = p.ouraReadiness(s, d, prev, debtH)
	p.days = append(p.days, d)

	g.shortfalls = append(g.shortfalls, (need.Total() - s.Asleep()).Hours())
	g.beds = append(g.beds, bedH)
	g.wakes = append(g.wakes, wakeH)
	g.hrvs = append(g.hrvs, s.AvgHRV)
}

func sumPositive(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += math.Max(0, x)
	}
	return s
}

// sleepPhysiology derives heart rate and 5-minute HRV statistics of a
// sleep from the heart-rate model and its hypnogram (deep sleep has the
// highest HRV, wakefulness the lowest). s must already be in p.sleep.
func (p *Person) sleepPhysiology(s *Sleep, nightHRV float64, r *rand.Rand) {
	var sum float64
	var n int
	lowest := math.MaxFloat64
	for t := s.Start; t.Before(s.End); t = t.Add(5 * time.Minute) {
		end := t.Add(5 * time.Minute)
		if end.After(s.End) {
			end = s.End
		}
		avg, _, k := p.hrStats(t, end, 30*time.Second)
		sum += avg * float64(k)
		n += k
		if end.Sub(t) == 5*time.Minute {
			lowest = math.Min(lowest, avg)
		}
		var deep, awake int
		for tt := t; tt.Before(end); tt = tt.Add(EpochLength) {
			st, _ := s.StageAt(tt)
			switch st {
			case Deep:
				deep++
			case Awake:
				awake++
			}
		}
		k = max(k, 1)
		f := 1 + 0.25*float64(deep)/float64(k) - 0.3*float64(awake)/float64(k)
		s.HRV = append(s.HRV, round1(nightHRV*f*math.Exp(normal(r, 0, 0.1))))
	}
	if n > 0 {
		s.AvgHR = round1(sum / float64(n))
	}
	if lowest == math.MaxFloat64 {
		lowest = s.AvgHR
	}
	s.LowestHR = int(math.Round(lowest))
	s.AvgHRV = round1(mean(s.HRV, nightHRV))
}

// closeCycle computes strain, energy and heart-rate summary of cycle k now
// that the next main sleep's start (its end) is known.
func (p *Person) closeCycle(k int, end time.Time) {
	c := p.cycs[k]
	c.end = end
	rest := p.mains[k].nightRHR
	var trimp, energy, sum float64
	var n, maxHR int
	for t := c.Start; t.Before(end); t = t.Add(time.Minute) {
		bpm := p.hrAt(t)
		trimp += p.trimp(bpm, rest, 1)
		energy += p.minuteAt(t).EnergyKJ
		sum += float64(bpm)
		maxHR = max(maxHR, bpm)
		n++
	}
	for _, w := range p.works {
		if !w.Start.Before(c.Start) && w.Start.Before(end) {
			maxHR = max(maxHR, w.MaxHR)
			w.CycleID = c.ID
		}
	}
	for _, s := range p.sleep {
		if s.Nap && !s.Start.Before(c.Start) && s.Start.Before(end) {
			s.CycleID = c.ID
		}
	}
	c.Strain = math.Round(strainOf(trimp)*1e6) / 1e6
	c.EnergyKJ = round1(energy)
	c.AvgHR = int(math.Round(sum / float64(max(n, 1))))
	c.MaxHR = maxHR
	p.gen.prevStrain = c.Strain
	p.gen.strains = append(p.gen.strains, c.Strain)
}

// finishDay fills the activity aggregates and Oura activity score of a day
// once its evening (and the next night's start) is known.
func (p *Person) finishDay(d *Day) {
	p.dayActivity(d)
	for _, w := range p.works {
		if w.Day == d.Index {
			d.Workouts++
		}
	}
	d.Oura.Activity, d.Oura.ActivityContributors = p.ouraActivity(d)
}
