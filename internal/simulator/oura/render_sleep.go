package oura

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// sleepInterval is the spacing of sleep_phase_5_min and of the heart_rate
// and hrv samples of a sleep document.
const sleepInterval = 5 * time.Minute

// sleepType names a sleep period as Oura does: the main sleep is a
// long_sleep, a daytime nap a sleep (late_nap after 18:00), and a nap
// Oura could not score is a rest period.
func sleepType(p *truth.Person, s truth.Sleep) string {
	switch {
	case !s.Nap:
		return "long_sleep"
	case s.State == truth.Unscorable:
		return "rest"
	case s.Start.In(p.Location(s.Start)).Hour() >= 18:
		return "late_nap"
	default:
		return "sleep"
	}
}

// phaseChar is the sleep_phase_5_min code of a stage.
func phaseChar(st truth.Stage) byte {
	switch st {
	case truth.Deep:
		return '1'
	case truth.Light:
		return '2'
	case truth.REM:
		return '3'
	default:
		return '4'
	}
}

// sleepPhases downsamples the 30-second hypnogram to 5 minutes: each
// character is the stage with most epochs in its ten (ties go to the
// earlier of deep, light, REM, awake). The stage durations of the document
// come from the 30-second hypnogram, not from this string.
func sleepPhases(h []truth.Stage) string {
	per := int(sleepInterval / truth.EpochLength)
	out := make([]byte, 0, len(h)/per+1)
	order := []truth.Stage{truth.Deep, truth.Light, truth.REM, truth.Awake}
	for i := 0; i < len(h); i += per {
		var n [4]int
		for _, st := range h[i:min(i+per, len(h))] {
			n[st]++
		}
		best := order[0]
		for _, st := range order[1:] {
			if n[st] > n[best] {
				best = st
			}
		}
		out = append(out, phaseChar(best))
	}
	return string(out)
}

// movement derives movement_30_sec ('1' no motion, '2' restless, '3'
// tossing and turning, '4' active) from the hypnogram: deep sleep is
// still, light and REM mostly still, and time awake in bed restless.
// It also returns the number of restless periods: runs of epochs with
// motion while asleep or after falling asleep.
func (e env) movement(p *truth.Person, s truth.Sleep) (string, int) {
	out := make([]byte, len(s.Hypnogram))
	for i, st := range s.Hypnogram {
		u := e.unit(p, "move", s.ID, i)
		c := byte('1')
		switch st {
		case truth.Awake:
			c = '2'
			if u > 0.4 {
				c = '3'
			}
			if u > 0.85 {
				c = '4'
			}
		case truth.Light:
			if u > 0.85 {
				c = '2'
			}
		case truth.REM:
			if u > 0.95 {
				c = '2'
			}
		}
		out[i] = c
	}
	runs := 0
	for i := int(s.Latency / truth.EpochLength); i < len(out); i++ {
		if out[i] != '1' && (i == 0 || out[i-1] == '1') {
			runs++
		}
	}
	return string(out), runs
}

// sleepHeartRate averages the truth's heart rate over each 5-minute
// interval from bedtime, sampled every 30 s from the start as the truth
// computes lowest_heart_rate, so the lowest full interval equals it.
func sleepHeartRate(p *truth.Person, s truth.Sleep) []*float64 {
	var items []*float64
	for t := s.Start; t.Before(s.End); t = t.Add(sleepInterval) {
		end := t.Add(sleepInterval)
		if end.After(s.End) {
			end = s.End
		}
		var sum float64
		var n int
		for tt := t; tt.Before(end); tt = tt.Add(30 * time.Second) {
			if hr := p.HeartRateEvery(tt, tt.Add(time.Second), time.Second); len(hr) == 1 {
				sum += float64(hr[0].BPM)
				n++
			}
		}
		if n == 0 {
			items = append(items, nil)
			continue
		}
		items = append(items, ptr(math.Round(sum/float64(n))))
	}
	return items
}

// sleepDoc renders sleep period s, the period-th of its day.
func (e env) sleepDoc(p *truth.Person, s truth.Sleep, period int) Sleep {
	move, restless := e.movement(p, s)
	hrv := make([]*float64, len(s.HRV))
	for i, v := range s.HRV {
		hrv[i] = ptr(v)
	}
	day := e.date(s.Day)
	doc := Sleep{
		ID:                    e.id(p, DataSleep, s.ID),
		AverageBreath:         ptr(s.RespiratoryRate),
		AverageHeartRate:      ptr(s.AvgHR),
		AverageHRV:            iptr(s.AvgHRV),
		AwakeTime:             ptr(secs(s.AwakeTime)),
		BedtimeEnd:            at(s.Offset, s.End),
		BedtimeStart:          at(s.Offset, s.Start),
		Day:                   day,
		DeepSleepDuration:     ptr(secs(s.DeepTime)),
		Efficiency:            iptr(s.EfficiencyPct),
		HeartRate:             &Sample{Interval: sleepInterval.Seconds(), Items: sleepHeartRate(p, s), Timestamp: at(s.Offset, s.Start)},
		HRV:                   &Sample{Interval: sleepInterval.Seconds(), Items: hrv, Timestamp: at(s.Offset, s.Start)},
		Latency:               ptr(secs(s.Latency)),
		LightSleepDuration:    ptr(secs(s.LightTime)),
		LowBatteryAlert:       e.unit(p, "battery", s.ID) < 0.03,
		LowestHeartRate:       ptr(s.LowestHR),
		Movement30Sec:         ptr(move),
		Period:                period,
		REMSleepDuration:      ptr(secs(s.REMTime)),
		RestlessPeriods:       ptr(restless),
		SleepPhase5Min:        ptr(sleepPhases(s.Hypnogram)),
		SleepAlgorithmVersion: ptr("v2"),
		SleepAnalysisReason:   ptr("foreground_sleep_analysis"),
		TimeInBed:             secs(s.InBed()),
		TotalSleepDuration:    ptr(secs(s.Asleep())),
		Type:                  sleepType(p, s),
	}
	if s.State != truth.Scored {
		return doc
	}
	if s.Nap {
		// A nap adds to the day's scores; Oura reports the change.
		doc.SleepScoreDelta = ptr(int(math.Min(5, s.Asleep().Minutes()/15)))
		doc.ReadinessScoreDelta = ptr(int(math.Min(3, s.Asleep().Minutes()/25)))
		return doc
	}
	if d, ok := p.Day(day); ok {
		doc.Readiness = &SleepReadiness{
			Contributors:              readinessContributors(d.Oura.ReadinessContributors),
			Score:                     ptr(d.Oura.Readiness),
			TemperatureDeviation:      ptr(d.SkinTempDeviationC),
			TemperatureTrendDeviation: ptr(d.TempTrendDeviationC),
		}
	}
	return doc
}

// sleepTime renders the bedtime recommendation of day d from the main
// sleeps of the week before: the window is the mean bedtime ± 30 minutes,
// rounded to 15 minutes, relative to midnight before day d.
func (e env) sleepTime(p *truth.Person, d truth.Day) SleepTime {
	doc := SleepTime{ID: e.id(p, DataSleepTime, d.Date), Day: d.Date}
	var beds []float64
	var eff float64
	for _, s := range p.Sleeps(d.Start.Add(-8*24*time.Hour), d.Start) {
		if s.Nap {
			continue
		}
		wake := s.End.In(p.Location(s.End))
		midnight := time.Date(wake.Year(), wake.Month(), wake.Day(), 0, 0, 0, 0, wake.Location())
		beds = append(beds, s.Start.Sub(midnight).Seconds())
		eff += s.EfficiencyPct
	}
	if len(beds) < 5 || d.Index < 7 {
		doc.Status = ptr("not_enough_nights")
		return doc
	}
	var mean float64
	for _, b := range beds {
		mean += b
	}
	mean /= float64(len(beds))
	eff /= float64(len(beds))
	q := func(v float64) int { return int(math.Round(v/900) * 900) }
	win := OptimalBedtime{DayTZ: offsetSeconds(d.Offset), StartOffset: q(mean - 1800), EndOffset: q(mean + 1800)}
	lastBed := beds[len(beds)-1]
	rec := "follow_optimal_bedtime"
	switch {
	case eff < 85:
		rec = "improve_efficiency"
	case lastBed > float64(win.EndOffset):
		rec = "earlier_bedtime"
	case lastBed < float64(win.StartOffset):
		rec = "later_bedtime"
	}
	doc.OptimalBedtime, doc.Recommendation, doc.Status = &win, ptr(rec), ptr("optimal_found")
	return doc
}
