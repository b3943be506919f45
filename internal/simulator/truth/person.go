package truth

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"time"
)

// Sex is the biological sex used by the physiology model.
type Sex string

// Sexes.
const (
	Male   Sex = "male"
	Female Sex = "female"
)

// Profile is what a person would enter in a wearable's app.
type Profile struct {
	FirstName, LastName, Email string
	Sex                        Sex
	Age                        int
	// BirthDate is consistent with Age at the first generated day.
	BirthDate time.Time
	HeightM   float64
	// WeightKg is the weight at the first day; scale readings drift from it.
	WeightKg float64
	MaxHR    int
	// RestingHR and HRVBaseline are the person's baselines; nights vary
	// around them.
	RestingHR   int
	HRVBaseline float64
	VO2Max      float64
}

// Person is one simulated user with stable ids for every provider.
type Person struct {
	w *World
	// Index is the position in World.People.
	Index int
	// Key is a UUID naming the person independently of any provider.
	Key string
	// WhoopUserID, OuraUserID and WithingsUserID are the ids each provider
	// uses for the person.
	WhoopUserID    int64
	OuraUserID     string
	WithingsUserID int64
	Profile        Profile

	phys  physiology
	gen   genState
	days  []*Day
	sleep []*Sleep // chronological by Start, naps included
	mains []*Sleep // main sleep of day i at index i
	works []*Workout
	cycs  []*Cycle
	recs  []*Recovery
	meas  []*Measurement
}

// physiology holds the person's hidden constants that drive generation.
type physiology struct {
	key            uint64
	rhr, hrv       float64
	resp, spo2     float64
	skinTemp       float64
	sleepNeed      time.Duration
	bedtime        float64 // local hour of going to bed (may exceed 24)
	weeklyWorkouts float64
	sports         []Sport
	activity       float64 // daytime movement multiplier
	bmrKJPerMin    float64
	stride         float64
	weightDrift    float64 // kg per day
	baseOffset     int     // seconds east of UTC
	shiftDay       int     // first day of the shifted offset; -1 for none
	shiftBy        int     // seconds added from shiftDay on
	weighRate      float64 // probability of a weigh-in per day
	bpRate         float64
	tempRate       float64
	systolic       float64
	diastolic      float64
}

// offsets the generator picks zone offsets from (seconds east of UTC).
func offsets() []int {
	h := 3600
	return []int{-8 * h, -7 * h, -6 * h, -5 * h, -4 * h, -3 * h, 0, h, 2 * h, 3 * h, 5*h + 1800, 8 * h, 9 * h, 10 * h}
}

// newPerson draws the profile and physiology of person i.
func newPerson(w *World, i int) *Person {
	seed := uint64(w.seed)
	base := mix(seed, keyPerson, uint64(i))
	r := newRand(seed, keyPerson, uint64(i))
	p := &Person{w: w, Index: i}
	p.Key = uuidFrom(seed, keyUUID, 0, uint64(i))
	p.WhoopUserID = int64(10000 + i*1000 + int(base%997))
	p.OuraUserID = fmt.Sprintf("%016x", mix(base, 2))
	p.WithingsUserID = int64(3000000 + i*1009 + int(base%1000))

	pr := &p.Profile
	pr.Sex = Male
	if r.IntN(2) == 1 {
		pr.Sex = Female
	}
	firsts, lasts := names(pr.Sex)
	pr.FirstName = firsts[r.IntN(len(firsts))]
	pr.LastName = lasts[r.IntN(len(lasts))]
	pr.Email = fmt.Sprintf("%s.%s%d@example.com", strings.ToLower(pr.FirstName), strings.ToLower(pr.LastName), i)
	pr.Age = 22 + r.IntN(44)
	first := w.dayStartUTC(0)
	pr.BirthDate = time.Date(first.Year()-pr.Age-1, time.Month(1+r.IntN(12)), 1+r.IntN(28), 0, 0, 0, 0, time.UTC)
	if pr.Sex == Male {
		pr.HeightM = round2(clamp(normal(r, 1.78, 0.07), 1.60, 1.98))
	} else {
		pr.HeightM = round2(clamp(normal(r, 1.65, 0.065), 1.50, 1.85))
	}
	bmi := clamp(normal(r, 24, 3), 18.5, 33)
	pr.WeightKg = round1(bmi * pr.HeightM * pr.HeightM)
	fitness := r.Float64() // 0 sedentary .. 1 athlete
	pr.MaxHR = int(math.Round(208 - 0.7*float64(pr.Age) + normal(r, 0, 4)))
	pr.RestingHR = int(math.Round(clamp(66-16*fitness+normal(r, 0, 3), 42, 78)))
	pr.HRVBaseline = round1(clamp((95-0.9*float64(pr.Age))*(0.8+0.5*fitness)*math.Exp(normal(r, 0, 0.2)), 18, 140))
	pr.VO2Max = round1(clamp(58-0.35*float64(pr.Age)+14*fitness-map[Sex]float64{Male: 0, Female: 6}[pr.Sex], 22, 68))

	ph := &p.phys
	ph.key = base
	ph.rhr = float64(pr.RestingHR)
	ph.hrv = pr.HRVBaseline
	ph.resp = clamp(normal(r, 14.8, 1.2), 11.5, 18.5)
	ph.spo2 = clamp(normal(r, 96.5, 0.8), 94.5, 98.5)
	ph.skinTemp = clamp(normal(r, 34.0, 0.4), 33.0, 35.0)
	ph.sleepNeed = time.Duration(clamp(normal(r, 7.5, 0.4), 6.8, 8.6) * float64(time.Hour)).Truncate(time.Millisecond)
	ph.bedtime = clamp(normal(r, 23.1, 0.6), 21.8, 24.8)
	ph.weeklyWorkouts = 1 + 6*fitness
	all := Sports()
	r.Shuffle(len(all), func(a, b int) { all[a], all[b] = all[b], all[a] })
	ph.sports = all[:3]
	ph.activity = clamp(normal(r, 1, 0.25), 0.5, 1.6)
	ph.bmrKJPerMin = bmrKcal(pr) * 4.184 / 1440
	ph.stride = pr.HeightM * 0.415
	ph.weightDrift = normal(r, 0, 0.012)
	offs := offsets()
	ph.baseOffset = offs[int(mix(seed, keyZone, uint64(i))%uint64(len(offs)))]
	if i == 0 {
		ph.baseOffset = -5 * 3600 // like the seed samples
	}
	ph.shiftDay = -1
	if i == 1 && w.opts.Days >= 4 {
		// One person travels or crosses a DST change mid-range so that
		// consumers meet a timezone_offset change.
		ph.shiftDay, ph.shiftBy = w.opts.Days/2, 3600
	}
	ph.weighRate = uniform(r, 0.15, 0.8)
	ph.bpRate = uniform(r, 0.05, 0.3)
	ph.tempRate = uniform(r, 0.03, 0.15)
	ph.systolic = clamp(normal(r, 108+0.45*float64(pr.Age), 8), 98, 150)
	ph.diastolic = clamp(normal(r, 68+0.2*float64(pr.Age), 5), 58, 95)
	p.gen = newGenState(p)
	return p
}

// bmrKcal is the Mifflin–St Jeor basal metabolic rate in kcal per day.
func bmrKcal(pr *Profile) float64 {
	v := 10*pr.WeightKg + 625*pr.HeightM - 5*float64(pr.Age)
	if pr.Sex == Male {
		return v + 5
	}
	return v - 161
}

// names returns first-name and last-name lists for a sex.
func names(s Sex) (first, last []string) {
	last = []string{"Smith", "Garcia", "Nguyen", "Okafor", "Müller", "Rossi", "Tanaka", "Kowalski", "Silva", "Johansson", "Dubois", "Patel", "Kim", "Hughes", "Novak"}
	if s == Male {
		return []string{"John", "Liam", "Mateo", "Kenji", "Ahmed", "Lukas", "Noah", "Ravi", "Tomás", "Oliver"}, last
	}
	return []string{"Emma", "Sofia", "Aiko", "Amara", "Lena", "Priya", "Chloe", "Isabel", "Mia", "Zoe"}, last
}

// offsetOn returns the UTC offset in seconds in force on day i.
func (p *Person) offsetOn(day int) int {
	if p.phys.shiftDay >= 0 && day >= p.phys.shiftDay {
		return p.phys.baseOffset + p.phys.shiftBy
	}
	return p.phys.baseOffset
}

// zoneOn returns a fixed zone for day i.
func (p *Person) zoneOn(day int) *time.Location {
	off := p.offsetOn(day)
	return time.FixedZone(FormatOffset(off), off)
}

// FormatOffset renders seconds east of UTC as "+hh:mm" / "-hh:mm".
func FormatOffset(sec int) string {
	sign := '+'
	if sec < 0 {
		sign, sec = '-', -sec
	}
	return fmt.Sprintf("%c%02d:%02d", sign, sec/3600, sec%3600/60)
}

// uuidFrom builds a version-4-shaped UUID from a hash of keys, so ids look
// like provider ids but are reproducible.
func uuidFrom(keys ...uint64) string {
	a, b := mix(keys...), mix(append(keys, 0xfeed)...)
	a = a&^(0xf<<12) | 0x4<<12 // version 4
	b = b&^(0x3<<62) | 0x2<<62 // RFC 4122 variant
	return fmt.Sprintf("%08x-%04x-%04x-%04x-%012x", a>>32, (a>>16)&0xffff, a&0xffff, b>>48, b&0xffffffffffff)
}

// rand returns a per-person, per-purpose generator.
func (p *Person) rand(keys ...uint64) *rand.Rand {
	return newRand(append([]uint64{uint64(p.w.seed), p.phys.key}, keys...)...)
}
