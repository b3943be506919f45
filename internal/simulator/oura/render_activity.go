package oura

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// dayMinutes aggregates a day's per-minute activity the way the truth
// aggregates a finished day (truth.Day's activity fields), so that the
// in-progress day can be rendered from the minutes that have passed and a
// finished day renders the same numbers the truth holds.
type dayMinutes struct {
	minutes []truth.Minute
	steps   int
	// energy and active in kilojoules.
	energy, active                                float64
	high, medium, low, sedentary, resting         time.Duration
	highMET, mediumMET, lowMET, sedentaryMET, sum float64
	alerts                                        int
}

// aggregateDay sums the minutes of day d that have passed at the world's
// Now (truth.Person.Activity clips to it).
func aggregateDay(p *truth.Person, d truth.Day) dayMinutes {
	a := dayMinutes{minutes: p.Activity(d.Start, d.End)}
	var moved [24]bool
	for _, m := range a.minutes {
		a.steps += m.Steps
		a.energy += m.EnergyKJ
		a.active += m.ActiveKJ
		a.sum += m.MET
		// Same classes as the truth: asleep is rest, then MET thresholds.
		switch {
		case m.Asleep:
			a.resting += time.Minute
		case m.MET >= 6:
			a.high += time.Minute
			a.highMET += m.MET
		case m.MET >= 3:
			a.medium += time.Minute
			a.mediumMET += m.MET
		case m.MET >= 1.5:
			a.low += time.Minute
			a.lowMET += m.MET
		default:
			a.sedentary += time.Minute
			a.sedentaryMET += m.MET
		}
		if m.Steps > 40 {
			moved[int(m.Start.Sub(d.Start).Hours())%24] = true
		}
	}
	// Inactivity alerts count the daytime hours (08–20) without movement;
	// an hour that has not fully passed cannot raise one yet.
	elapsed := len(a.minutes) / 60
	for h := 8; h < min(20, elapsed); h++ {
		if !moved[h] {
			a.alerts++
		}
	}
	return a
}

// activityClass is the class_5_min character of five minutes.
func activityClass(ms []truth.Minute) byte {
	var asleep int
	var met float64
	for _, m := range ms {
		if m.Asleep {
			asleep++
		}
		met += m.MET
	}
	met /= float64(len(ms))
	switch {
	case asleep*2 > len(ms):
		return '1'
	case met >= 6:
		return '5'
	case met >= 3:
		return '4'
	case met >= 1.5:
		return '3'
	default:
		return '2'
	}
}

// activityTargets returns the person's daily targets (active kcal, metres).
// The truth fills them when a day is finished; an in-progress day borrows
// them from the latest finished day, since they are per-person constants.
func activityTargets(p *truth.Person, d truth.Day) (kcalTarget, meters float64) {
	if d.Oura.TargetKJ > 0 {
		return kcal(d.Oura.TargetKJ), d.Oura.TargetMeters
	}
	days := p.Days()
	for i := len(days) - 1; i >= 0; i-- {
		if days[i].Oura.TargetKJ > 0 {
			return kcal(days[i].Oura.TargetKJ), days[i].Oura.TargetMeters
		}
	}
	// No finished day yet: Oura's default target and 8,000 steps.
	return 450, math.Round(8000 * p.Profile.HeightM * 0.415)
}

// dailyActivity renders day d. A day still running (PENDING_SCORE in the
// truth) shows the minutes so far and no score yet.
func (e env) dailyActivity(p *truth.Person, d truth.Day) DailyActivity {
	a := aggregateDay(p, d)
	final := d.State != truth.PendingScore
	steps, energy, active := a.steps, a.energy, a.active
	if final {
		// The truth's own totals win (they are rounded to 0.1 kJ there).
		steps, energy, active = d.Steps, d.EnergyKJ, d.ActiveKJ
	}
	targetKcal, targetM := activityTargets(p, d)
	walked := math.Round(float64(steps) * p.Profile.HeightM * 0.415)
	if final {
		walked = d.WalkingDistanceM
	}
	class := make([]byte, 0, len(a.minutes)/5+1)
	items := make([]*float64, len(a.minutes))
	for i := 0; i < len(a.minutes); i += 5 {
		class = append(class, activityClass(a.minutes[i:min(i+5, len(a.minutes))]))
	}
	for i, m := range a.minutes {
		items[i] = ptr(round1(m.MET))
	}
	avgMET := 0.0
	if len(a.minutes) > 0 {
		avgMET = math.Round(a.sum/float64(len(a.minutes))*1000) / 1000
	}
	doc := DailyActivity{
		ID:                        e.id(p, DataDailyActivity, d.Date),
		Class5Min:                 ptr(string(class)),
		ActiveCalories:            int(math.Round(kcal(active))),
		AverageMETMinutes:         avgMET,
		EquivalentWalkingDistance: int(walked),
		HighActivityMETMinutes:    int(math.Round(a.highMET)),
		HighActivityTime:          secs(a.high),
		InactivityAlerts:          a.alerts,
		LowActivityMETMinutes:     int(math.Round(a.lowMET)),
		LowActivityTime:           secs(a.low),
		MediumActivityMETMinutes:  int(math.Round(a.mediumMET)),
		MediumActivityTime:        secs(a.medium),
		MET:                       Sample{Interval: 60, Items: items, Timestamp: at(d.Offset, d.Start)},
		MetersToTarget:            int(math.Max(0, targetM-walked)),
		NonWearTime:               0, // the truth's ring is never off the finger
		RestingTime:               secs(a.resting),
		SedentaryMETMinutes:       int(math.Round(a.sedentaryMET)),
		SedentaryTime:             secs(a.sedentary),
		Steps:                     steps,
		TargetCalories:            int(math.Round(targetKcal)),
		TargetMeters:              int(targetM),
		TotalCalories:             int(math.Round(kcal(energy))),
		Day:                       d.Date,
		Timestamp:                 at(d.Offset, d.Start),
	}
	if final {
		doc.HighActivityTime, doc.MediumActivityTime = secs(d.HighActivity), secs(d.MediumActivity)
		doc.LowActivityTime, doc.SedentaryTime = secs(d.LowActivity), secs(d.Sedentary)
		doc.RestingTime, doc.InactivityAlerts = secs(d.Resting), d.InactivityAlerts
		c := d.Oura.ActivityContributors
		doc.Score = ptr(d.Oura.Activity)
		doc.Contributors = ActivityContributors{
			MeetDailyTargets: ptr(c.MeetDailyTargets), MoveEveryHour: ptr(c.MoveEveryHour),
			RecoveryTime: ptr(c.RecoveryTime), StayActive: ptr(c.StayActive),
			TrainingFrequency: ptr(c.TrainingFrequency), TrainingVolume: ptr(c.TrainingVolume),
		}
	}
	return doc
}
