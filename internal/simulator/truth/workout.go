package truth

import (
	"math"
	"math/rand/v2"
	"time"
)

// Sport describes an activity type with what each provider calls it.
type Sport struct {
	// Key is the provider-neutral name, snake_case ("running").
	Key string
	// WhoopID is WHOOP's legacy sport_id (see research Part B.1, from
	// github.com/ferueda/go-whoop); WhoopName its v2 sport_name.
	WhoopID   int
	WhoopName string
	// MET is the typical metabolic equivalent at moderate intensity.
	MET float64
	// Speed in m/s; zero for activities without distance.
	Speed float64
	// Cadence is steps per minute while doing it; zero if none.
	Cadence int
	// Outdoor activities have altitude gain.
	Outdoor bool
	// Intensity is the usual fraction of heart-rate reserve.
	Intensity float64
	// Minutes is the usual duration.
	Minutes float64
}

// Sports returns the catalogue the generator draws from. It is a function
// rather than a package variable so that callers cannot change it.
func Sports() []Sport {
	return []Sport{
		{Key: "running", WhoopID: 0, WhoopName: "running", MET: 9.8, Speed: 2.9, Cadence: 162, Outdoor: true, Intensity: 0.72, Minutes: 45},
		{Key: "cycling", WhoopID: 1, WhoopName: "cycling", MET: 7.5, Speed: 7.2, Outdoor: true, Intensity: 0.65, Minutes: 70},
		{Key: "walking", WhoopID: 63, WhoopName: "walking", MET: 3.5, Speed: 1.35, Cadence: 112, Outdoor: true, Intensity: 0.35, Minutes: 50},
		{Key: "weightlifting", WhoopID: 45, WhoopName: "weightlifting", MET: 5.0, Cadence: 8, Intensity: 0.5, Minutes: 55},
		{Key: "functional_fitness", WhoopID: 48, WhoopName: "functional-fitness", MET: 7.0, Cadence: 30, Intensity: 0.7, Minutes: 45},
		{Key: "yoga", WhoopID: 44, WhoopName: "yoga", MET: 2.8, Intensity: 0.2, Minutes: 60},
		{Key: "swimming", WhoopID: 33, WhoopName: "swimming", MET: 7.0, Speed: 0.75, Intensity: 0.62, Minutes: 40},
		{Key: "hiking", WhoopID: 52, WhoopName: "hiking/rucking", MET: 6.0, Speed: 1.15, Cadence: 100, Outdoor: true, Intensity: 0.5, Minutes: 120},
		{Key: "tennis", WhoopID: 34, WhoopName: "tennis", MET: 7.3, Cadence: 70, Intensity: 0.66, Minutes: 75},
		{Key: "rowing", WhoopID: 18, WhoopName: "rowing", MET: 7.0, Speed: 3.6, Intensity: 0.7, Minutes: 35},
	}
}

// zoneOf returns the WHOOP zone (0–5) of a heart rate: below 50 % of max,
// 50–60, 60–70, 70–80, 80–90 and 90–100 %.
func zoneOf(bpm int, maxHR int) int {
	f := float64(bpm) / float64(maxHR)
	switch {
	case f < 0.5:
		return 0
	case f < 0.6:
		return 1
	case f < 0.7:
		return 2
	case f < 0.8:
		return 3
	case f < 0.9:
		return 4
	default:
		return 5
	}
}

// Workout is one recorded activity.
type Workout struct {
	// ID is a UUID (WHOOP v2 workout id); V1ID the legacy integer id.
	ID   string
	V1ID int64
	// CycleID is the WHOOP cycle the workout falls in.
	CycleID int64
	// Day is the index of the local day the workout started on.
	Day        int
	Sport      Sport
	Start, End time.Time
	Offset     string

	AvgHR, MaxHR int
	// Zones holds time in WHOOP heart-rate zones 0–5 over the recorded
	// part; it sums to PercentRecorded % of End-Start (to the second).
	Zones           [6]time.Duration
	PercentRecorded float64
	DistanceM       float64
	AltitudeGainM   float64
	// AltitudeChangeM is end altitude minus start altitude.
	AltitudeChangeM float64
	EnergyKJ        float64
	// Strain is WHOOP's 0–21 strain of the workout.
	Strain float64

	Meta
	life      lifecycle
	intensity float64 // fraction of heart-rate reserve
	interval  bool    // intervals make the heart rate oscillate
}

// Duration is End-Start.
func (w *Workout) Duration() time.Duration { return w.End.Sub(w.Start) }

// workoutStats derives the workout summary from the heart-rate and minute
// models so that summaries and dense series agree. Some workouts miss part
// of their heart-rate data (percent_recorded below 100); the gap is left
// out of the zones and averages, as a device would.
func (p *Person) workoutStats(w *Workout, r *rand.Rand) {
	const step = 5 * time.Second
	dur := w.Duration()
	w.PercentRecorded = 100
	var gapStart, gapEnd time.Time
	if chance(r, 0.1) {
		w.PercentRecorded = round2(uniform(r, 85, 99.5))
		gap := time.Duration(float64(dur) * (100 - w.PercentRecorded) / 100)
		gapStart = w.Start.Add(time.Duration(r.Int64N(int64(dur-gap) + 1)))
		gapEnd = gapStart.Add(gap)
	}
	rest := p.phys.rhr
	if ms := p.mainSleepBefore(w.Start); ms != nil {
		rest = ms.nightRHR
	}
	var sum, trimp float64
	var n int
	for t := w.Start; t.Before(w.End); t = t.Add(step) {
		if !t.Before(gapStart) && t.Before(gapEnd) {
			continue
		}
		bpm := p.hrAt(t)
		sum += float64(bpm)
		w.MaxHR = max(w.MaxHR, bpm)
		w.Zones[zoneOf(bpm, p.Profile.MaxHR)] += step
		trimp += p.trimp(bpm, rest, step.Minutes())
		n++
	}
	w.AvgHR = int(math.Round(sum / float64(max(n, 1))))
	w.Strain = math.Round(strainOf(trimp)*1e4) / 1e4
	var energy float64
	for t := w.Start.Truncate(time.Minute); t.Before(w.End); t = t.Add(time.Minute) {
		energy += p.minuteAt(t).EnergyKJ
	}
	w.EnergyKJ = round2(energy)
	if w.Sport.Speed > 0 {
		speed := w.Sport.Speed * (0.8 + 0.2*w.intensity/w.Sport.Intensity) * math.Exp(normal(r, 0, 0.08))
		w.DistanceM = round2(speed * dur.Seconds())
	}
	if w.Sport.Outdoor {
		w.AltitudeGainM = round2(w.DistanceM * uniform(r, 0.002, 0.02))
		w.AltitudeChangeM = round2(normal(r, 0, 3))
	}
}
