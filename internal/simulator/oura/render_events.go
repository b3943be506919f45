package oura

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// ouraActivity maps the truth's sport keys to Oura workout activity names.
func ouraActivity(key string) string {
	switch key {
	case "weightlifting":
		return "strength_training"
	case "functional_fitness":
		return "cross_training"
	default:
		return key
	}
}

// workoutDoc renders a truth workout. Intensity is the average heart rate
// as a fraction of heart-rate reserve; calories are the truth's energy.
func (e env) workoutDoc(p *truth.Person, w truth.Workout) Workout {
	rest := float64(p.Profile.RestingHR)
	hrr := (float64(w.AvgHR) - rest) / (float64(p.Profile.MaxHR) - rest)
	intensity := "hard"
	switch {
	case hrr < 0.4:
		intensity = "easy"
	case hrr < 0.62:
		intensity = "moderate"
	}
	source := "confirmed"
	switch u := e.unit(p, "wsource", w.ID); {
	case w.Sport.Key == "walking":
		source = "autodetected"
	case u < 0.2:
		source = "manual"
	case u < 0.3:
		source = "workout_heart_rate"
	}
	doc := Workout{
		ID:            e.id(p, DataWorkout, w.ID),
		Activity:      ouraActivity(w.Sport.Key),
		Calories:      ptr(round1(kcal(w.EnergyKJ))),
		Day:           e.date(w.Day),
		EndDatetime:   at(w.Offset, w.End),
		Intensity:     intensity,
		Source:        source,
		StartDatetime: at(w.Offset, w.Start),
	}
	if w.DistanceM > 0 {
		doc.Distance = ptr(w.DistanceM)
	}
	return doc
}

// session is a derived guided session: the truth has none, so a quiet
// evening of some days gets one, placed clear of sleeps and workouts.
type session struct {
	day        truth.Day
	kind, mood string
	start, end time.Time
}

// visibleAt is when the session reaches the API: shortly after it ends,
// and not before its day is visible.
func (s session) visibleAt() time.Time { return later(s.end.Add(2*time.Minute), s.day.CreatedAt) }

// sessionOf returns day d's session, if it has one.
func (e env) sessionOf(p *truth.Person, d truth.Day) (session, bool) {
	if e.unit(p, "session", d.Date) >= 0.3 {
		return session{}, false
	}
	kinds := []string{"meditation", "breathing", "relaxation"}
	moods := []string{"same", "good", "good", "great"}
	s := session{
		day:   d,
		kind:  kinds[int(3*e.unit(p, "skind", d.Date))],
		mood:  moods[int(4*e.unit(p, "smood", d.Date))],
		start: d.Start.Add(20*time.Hour + 30*time.Minute + time.Duration(40*e.unit(p, "sstart", d.Date))*time.Minute),
	}
	s.end = s.start.Add(time.Duration(5+10*e.unit(p, "slen", d.Date)) * time.Minute)
	for _, x := range p.Sleeps(s.start.Add(-16*time.Hour), s.end) {
		if x.End.After(s.start) {
			return session{}, false
		}
	}
	for _, w := range p.Workouts(s.start.Add(-4*time.Hour), s.end) {
		if w.End.After(s.start.Add(-10 * time.Minute)) {
			return session{}, false
		}
	}
	return s, true
}

// sessionDoc renders a session with 5-second heart rate from the truth.
func (e env) sessionDoc(p *truth.Person, s session) Session {
	const step = 5 * time.Second
	var hr, hrv, motion []*float64
	for _, smp := range p.HeartRateEvery(s.start, s.end, step) {
		i := len(hr)
		hr = append(hr, ptr(float64(smp.BPM)))
		hrv = append(hrv, ptr(round1(s.day.HRV*(0.75+0.3*e.unit(p, "shrv", s.day.Date, i)))))
		motion = append(motion, ptr(math.Floor(3*math.Pow(e.unit(p, "smotion", s.day.Date, i), 4))))
	}
	ts := local(p, s.start)
	return Session{
		ID:                   e.id(p, DataSession, s.day.Date),
		Day:                  s.day.Date,
		StartDatetime:        ts,
		EndDatetime:          local(p, s.end),
		Type:                 s.kind,
		HeartRate:            &Sample{Interval: step.Seconds(), Items: hr, Timestamp: ts},
		HeartRateVariability: &Sample{Interval: step.Seconds(), Items: hrv, Timestamp: ts},
		Mood:                 ptr(s.mood),
		MotionCount:          &Sample{Interval: step.Seconds(), Items: motion, Timestamp: ts},
	}
}

// ringConfiguration renders the person's one ring, set up before the
// first generated day.
func (e env) ringConfiguration(p *truth.Person) RingConfiguration {
	colors := []string{"brushed_silver", "glossy_black", "stealth_black", "silver", "rose", "glossy_gold"}
	designs := []string{"heritage", "horizon", "balance"}
	setUp := e.world.Start().Add(-time.Duration(30+300*e.unit(p, "setup")) * 24 * time.Hour)
	return RingConfiguration{
		ID:              e.id(p, DataRingConfiguration, "ring"),
		Color:           ptr(colors[int(float64(len(colors))*e.unit(p, "color"))]),
		Design:          ptr(designs[int(float64(len(designs))*e.unit(p, "design"))]),
		FirmwareVersion: ptr("2.9.21"),
		HardwareType:    ptr("gen3"),
		SetUpAt:         ptr(local(p, setUp)),
		Size:            ptr(6 + int(8*e.unit(p, "size"))),
	}
}

// personalInfo renders the profile; the personal and email scopes gate
// their fields (Oura answers null rather than 403 for this route).
func personalInfo(p *truth.Person, personal, email bool) PersonalInfo {
	doc := PersonalInfo{ID: p.OuraUserID}
	if personal {
		pr := p.Profile
		doc.Age, doc.Weight, doc.Height = ptr(pr.Age), ptr(pr.WeightKg), ptr(pr.HeightM)
		doc.BiologicalSex = ptr(string(pr.Sex))
	}
	if email {
		doc.Email = ptr(p.Profile.Email)
	}
	return doc
}
