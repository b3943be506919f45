package oura

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// mainSleep returns the night's main sleep of day d and whether Oura has
// scored it. The sleep and readiness scores exist only once it is scored:
// Oura computes readiness after the night is processed (seed, "Data
// Syncing Behavior").
func mainSleep(p *truth.Person, d truth.Day) (truth.Sleep, bool) {
	s, ok := p.Sleep(d.MainSleepID)
	return s, ok && s.State == truth.Scored
}

// dailySleep renders the sleep score of day d.
func (e env) dailySleep(p *truth.Person, d truth.Day) DailySleep {
	doc := DailySleep{ID: e.id(p, DataDailySleep, d.Date), Day: d.Date, Timestamp: at(d.Offset, d.Start)}
	if _, ok := mainSleep(p, d); ok {
		c := d.Oura.SleepContributors
		doc.Score = ptr(d.Oura.Sleep)
		doc.Contributors = SleepContributors{
			DeepSleep: ptr(c.DeepSleep), Efficiency: ptr(c.Efficiency), Latency: ptr(c.Latency),
			REMSleep: ptr(c.REMSleep), Restfulness: ptr(c.Restfulness), Timing: ptr(c.Timing),
			TotalSleep: ptr(c.TotalSleep),
		}
	}
	return doc
}

// readinessContributors converts the truth's contributors.
func readinessContributors(c truth.OuraReadinessContributors) ReadinessContributors {
	return ReadinessContributors{
		ActivityBalance: ptr(c.ActivityBalance), BodyTemperature: ptr(c.BodyTemperature),
		HRVBalance: ptr(c.HRVBalance), PreviousDayActivity: ptr(c.PreviousDayActivity),
		PreviousNight: ptr(c.PreviousNight), RecoveryIndex: ptr(c.RecoveryIndex),
		RestingHeartRate: ptr(c.RestingHeartRate), SleepBalance: ptr(c.SleepBalance),
	}
}

// dailyReadiness renders the readiness of day d.
func (e env) dailyReadiness(p *truth.Person, d truth.Day) DailyReadiness {
	doc := DailyReadiness{ID: e.id(p, DataDailyReadiness, d.Date), Day: d.Date, Timestamp: at(d.Offset, d.Start)}
	if _, ok := mainSleep(p, d); ok {
		doc.Contributors = readinessContributors(d.Oura.ReadinessContributors)
		doc.Score = ptr(d.Oura.Readiness)
		doc.TemperatureDeviation = ptr(d.SkinTempDeviationC)
		doc.TemperatureTrendDeviation = ptr(d.TempTrendDeviationC)
	}
	return doc
}

// dailySpO2 renders the night's SpO2 of day d. The breathing disturbance
// index (events per hour) is not in the truth: it is a per-person level
// plus a nightly variation.
func (e env) dailySpO2(p *truth.Person, d truth.Day) DailySpO2 {
	bdi := math.Floor(7*e.unit(p, "bdi")) + math.Floor(4*e.unit(p, "bdi", d.Date))
	return DailySpO2{
		ID:                        e.id(p, DataDailySpO2, d.Date),
		Day:                       d.Date,
		SpO2Percentage:            &SpO2Percentage{Average: d.SpO2},
		BreathingDisturbanceIndex: ptr(int(bdi)),
	}
}

// dailyCardiovascularAge estimates vascular age from the profile and the
// night's resting heart rate: fitter hearts (higher VO2 max, lower resting
// rate) are younger, with a slow drift so the series is not flat.
func (e env) dailyCardiovascularAge(p *truth.Person, d truth.Day) DailyCardiovascularAge {
	pr := p.Profile
	drift := 0.8 * math.Sin(float64(d.Index)/9+6*e.unit(p, "cva"))
	age := float64(pr.Age) + 0.25*float64(d.RestingHR-60) - 0.35*(pr.VO2Max-42) + drift
	return DailyCardiovascularAge{Day: d.Date, VascularAge: ptr(int(math.Round(math.Max(18, age))))}
}

// hasVO2Max reports whether day d has a VO2 max estimate: Oura updates it
// about weekly, not daily.
func (e env) hasVO2Max(p *truth.Person, d truth.Day) bool {
	return (d.Index+int(7*e.unit(p, "vo2phase")))%7 == 0
}

// vo2Max renders the estimate of day d, around the profile's VO2 max.
func (e env) vo2Max(p *truth.Person, d truth.Day) VO2Max {
	v := math.Round(p.Profile.VO2Max + 2*(e.unit(p, "vo2", d.Date)-0.5))
	return VO2Max{
		ID: e.id(p, DataVO2Max, d.Date), Day: d.Date,
		Timestamp: at(d.Offset, d.Start.Add(9*time.Hour)), VO2Max: ptr(v),
	}
}

// stressTime is the daytime stress and recovery of a day so far.
type stressTime struct {
	stress, recovery time.Duration
}

// dayStress classifies the day's waking minutes from the truth's heart
// rate: high stress is a heart rate well above the night's resting rate
// without movement to explain it, high recovery a rate close to resting.
// Minutes asleep, in a workout or in the 20 minutes after one are left
// out, as Oura leaves out exercise.
func dayStress(p *truth.Person, d truth.Day) stressTime {
	var out stressTime
	rest := float64(d.RestingHR)
	works := p.Workouts(d.Start.Add(-6*time.Hour), d.End)
	hr := p.HeartRateEvery(d.Start, d.End, time.Minute)
	acts := p.Activity(d.Start, d.End)
	for i, m := range acts {
		if i >= len(hr) || m.Asleep || m.Steps > 40 {
			continue
		}
		if exercising(works, m.Start) {
			continue
		}
		switch bpm := float64(hr[i].BPM); {
		case bpm >= rest+21:
			out.stress += time.Minute
		case bpm <= rest+8:
			out.recovery += time.Minute
		}
	}
	return out
}

// exercising reports whether t is in a workout or its 20-minute cool-down.
func exercising(works []truth.Workout, t time.Time) bool {
	for _, w := range works {
		if !t.Before(w.Start) && t.Before(w.End.Add(20*time.Minute)) {
			return true
		}
	}
	return false
}

// dailyStress renders day d; the day summary waits for the day to end.
func (e env) dailyStress(p *truth.Person, d truth.Day) DailyStress {
	st := dayStress(p, d)
	doc := DailyStress{
		ID: e.id(p, DataDailyStress, d.Date), Day: d.Date,
		StressHigh: ptr(secs(st.stress)), RecoveryHigh: ptr(secs(st.recovery)),
	}
	if d.State != truth.PendingScore {
		summary := "normal"
		switch {
		case st.stress > 2*st.recovery && st.stress > time.Hour:
			summary = "stressful"
		case st.recovery > 2*st.stress:
			summary = "restored"
		}
		doc.DaySummary = ptr(summary)
	}
	return doc
}

// dailyResilience rates day d from recent sleep scores (sleep recovery),
// the share of daytime recovery against stress, and the amount of stress.
func (e env) dailyResilience(p *truth.Person, d truth.Day) DailyResilience {
	var sum, n float64
	for _, x := range p.Days() {
		if x.Index <= d.Index && x.Index > d.Index-14 {
			sum += float64(x.Oura.Sleep)
			n++
		}
	}
	st := dayStress(p, d)
	c := ResilienceContributors{SleepRecovery: round1(sum / math.Max(n, 1)), DaytimeRecovery: 50}
	if total := st.stress + st.recovery; total > 0 {
		c.DaytimeRecovery = round1(100 * float64(st.recovery) / float64(total))
	}
	c.Stress = round1(math.Max(0, 100-st.stress.Minutes()/3))
	level := "exceptional"
	switch avg := (c.SleepRecovery + c.DaytimeRecovery + c.Stress) / 3; {
	case avg < 50:
		level = "limited"
	case avg < 62:
		level = "adequate"
	case avg < 74:
		level = "solid"
	case avg < 86:
		level = "strong"
	}
	return DailyResilience{ID: e.id(p, DataDailyResilience, d.Date), Day: d.Date, Contributors: c, Level: level}
}
