package truth

import (
	"math"
	"slices"
)

// The Oura scores below are plausible models, not Oura's algorithms (which
// are not public): each contributor is a 1–100 rating of one input and the
// score is their weighted mean, which is how Oura explains its scores.

// rating rounds and clamps a contributor to 1–100.
func rating(v float64) int { return int(clamp(math.Round(v), 1, 100)) }

// ouraSleep rates a main sleep. bedH and wakeH are the bed and wake times in
// hours from the wake day's local midnight (bedH is usually negative).
func ouraSleep(s *Sleep, bedH, wakeH float64) (int, OuraSleepContributors) {
	asleep := s.Asleep().Hours()
	lat := s.Latency.Minutes()
	latency := 100.0
	switch {
	case lat < 5:
		latency = 70 + 6*lat
	case lat > 20:
		latency = 100 - 1.5*(lat-20)
	}
	mid := (bedH + wakeH) / 2
	c := OuraSleepContributors{
		TotalSleep:  rating(100 - 22*math.Max(0, 7-asleep) - 10*math.Max(0, asleep-9)),
		Efficiency:  rating((s.EfficiencyPct - 55) * 100 / 40),
		Restfulness: rating(100 - 3.5*float64(s.Disturbances)),
		REMSleep:    rating(s.REMTime.Minutes() / 95 * 100),
		DeepSleep:   rating(s.DeepTime.Minutes() / 80 * 100),
		Latency:     rating(latency),
		Timing:      rating(100 - 18*math.Max(0, math.Abs(mid-3)-1)),
	}
	score := 0.35*float64(c.TotalSleep) + 0.1*float64(c.Efficiency) + 0.15*float64(c.Restfulness) +
		0.1*float64(c.REMSleep) + 0.1*float64(c.DeepSleep) + 0.1*float64(c.Latency) + 0.1*float64(c.Timing)
	return rating(score), c
}

// ouraReadiness rates day d from its night s, the previous day and recent
// history. A hard previous day lowers it through previous-day activity,
// recovery index and resting heart rate.
func (p *Person) ouraReadiness(s *Sleep, d, prev *Day, debtH float64) (int, OuraReadinessContributors) {
	ph, g := &p.phys, &p.gen
	prevStrain := g.prevStrain
	prevActivity := 80.0
	if prev != nil {
		target := p.targetKJ()
		ratio := prev.ActiveKJ / target
		prevActivity = 100 - 6*math.Max(0, prevStrain-11) - 60*math.Max(0, 0.5-ratio)
	}
	recent := append(slices.Clone(last(g.hrvs, 13)), s.AvgHRV)
	hrvRatio := mean(recent, s.AvgHRV) / ph.hrv
	c := OuraReadinessContributors{
		ActivityBalance:     rating(100 - 5*math.Abs(mean(last(g.strains, 14), 10)-10)),
		BodyTemperature:     rating(100 - 120*math.Max(0, math.Abs(s.SkinTempDeviationC)-0.1)),
		HRVBalance:          rating(100 - 150*math.Max(0, 1-hrvRatio)),
		PreviousDayActivity: rating(prevActivity),
		PreviousNight:       d.Oura.Sleep,
		RecoveryIndex:       rating(100 - 7*math.Max(0, prevStrain-10) - 5*math.Max(0, s.nightRHR-ph.rhr)),
		RestingHeartRate:    rating(100 - 9*math.Max(0, s.nightRHR-ph.rhr)),
		SleepBalance:        rating(100 - 25*debtH),
	}
	sum := c.ActivityBalance + c.BodyTemperature + c.HRVBalance + c.PreviousDayActivity +
		c.PreviousNight + c.RecoveryIndex + c.RestingHeartRate + c.SleepBalance
	return rating(float64(sum) / 8), c
}

// targetKJ is the daily active-energy target (Oura's target_calories).
func (p *Person) targetKJ() float64 {
	return math.Round(450 * 4.184 * p.phys.activity)
}

// ouraActivity rates a finished day.
func (p *Person) ouraActivity(d *Day) (int, OuraActivityContributors) {
	target := p.targetKJ()
	d.Oura.TargetKJ = target
	d.Oura.TargetMeters = math.Round(8000 * p.phys.stride)
	var week []*Day
	for j := max(0, d.Index-6); j < d.Index; j++ {
		week = append(week, p.days[j])
	}
	week = append(week, d)
	workouts, restDays := 0, 0
	var volume float64
	for _, x := range week {
		workouts += x.Workouts
		volume += x.ActiveKJ
		if x.Workouts == 0 {
			restDays++
		}
	}
	recovery := 55.0
	if restDays > 0 {
		recovery = 100
	}
	c := OuraActivityContributors{
		MeetDailyTargets:  rating(100 * math.Min(1, d.ActiveKJ/target)),
		MoveEveryHour:     rating(100 - 12*float64(d.InactivityAlerts)),
		RecoveryTime:      rating(recovery),
		StayActive:        rating(100 - 8*math.Max(0, d.Sedentary.Hours()-8)),
		TrainingFrequency: rating(40 + 20*float64(workouts)),
		TrainingVolume:    rating(100 * math.Min(1, volume/(target*float64(len(week))*0.9))),
	}
	sum := c.MeetDailyTargets + c.MoveEveryHour + c.RecoveryTime + c.StayActive +
		c.TrainingFrequency + c.TrainingVolume
	return rating(float64(sum) / 6), c
}
