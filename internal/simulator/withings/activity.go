package withings

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// minute is one minute of the watch's activity record: the truth's minute
// plus the distance and floors the truth does not model.
type minute struct {
	truth.Minute
	distance float64 // metres
	floors   int
}

// strideFactor turns height into stride length, the same rule the truth
// uses for its walking distance.
const strideFactor = 0.415

// minutes returns the watch's minutes in [from, to), clipped by the truth
// to its data range and to Now. Floors are derived: a walking minute
// climbs a floor with a small probability.
func (s *Server) minutes(p *truth.Person, from, to time.Time) []minute {
	stride := p.Profile.HeightM * strideFactor
	ms := p.Activity(from, to)
	out := make([]minute, len(ms))
	for i, m := range ms {
		out[i] = minute{Minute: m, distance: float64(m.Steps) * stride}
		if m.Steps >= 60 && unitOf(personHash(s.seed, p, keyFloors, uint64(m.Start.Unix()/60))) < 0.04 {
			out[i].floors = 1
		}
	}
	return out
}

// hrZone returns the Withings heart-rate zone of a reading (0 light, 1
// moderate, 2 intense, 3 maximal) or -1 below the light zone. Withings
// defines the zones in its glossary, which the seed only links to; these
// are the usual bands of maximum heart rate: 50, 70, 80 and 90 %.
func hrZone(bpm, maxHR int) int {
	f := float64(bpm) / float64(maxHR)
	switch {
	case f >= 0.9:
		return 3
	case f >= 0.8:
		return 2
	case f >= 0.7:
		return 1
	case f >= 0.5:
		return 0
	default:
		return -1
	}
}

// aggregate is a day's (or a part of a day's) activity summary.
type aggregate struct {
	steps                   int
	distance                float64
	floors                  int
	soft, moderate, intense int // seconds
	activeKJ, totalKJ       float64
	hrAvg, hrMin, hrMax     int
	zones                   [4]int // seconds
}

// aggregateOf sums the minutes of [from, to) the way the truth sums a day:
// intensity by MET (intense ≥ 6, moderate ≥ 3, soft ≥ 1.5, awake only),
// and heart rate from one reading a minute.
func (s *Server) aggregateOf(p *truth.Person, from, to time.Time) aggregate {
	var a aggregate
	for _, m := range s.minutes(p, from, to) {
		a.steps += m.Steps
		a.distance += m.distance
		a.floors += m.floors
		a.activeKJ += m.ActiveKJ
		a.totalKJ += m.EnergyKJ
		switch {
		case m.Asleep:
		case m.MET >= 6:
			a.intense += 60
		case m.MET >= 3:
			a.moderate += 60
		case m.MET >= 1.5:
			a.soft += 60
		}
	}
	hr := p.HeartRateEvery(from, to, time.Minute)
	var sum int
	a.hrMin = math.MaxInt
	for _, h := range hr {
		sum += h.BPM
		a.hrMin = min(a.hrMin, h.BPM)
		a.hrMax = max(a.hrMax, h.BPM)
		if z := hrZone(h.BPM, p.Profile.MaxHR); z >= 0 {
			a.zones[z] += 60
		}
	}
	if len(hr) == 0 {
		a.hrMin = 0
		return a
	}
	a.hrAvg = int(math.Round(float64(sum) / float64(len(hr))))
	return a
}

// getactivity implements POST /v2/measure action=getactivity: one entry
// per local day, oldest first, the current day with what has been
// recorded so far.
func (s *Server) getactivity(c *call) (any, *apiError) {
	sel, err := parseDaySelector(c.form)
	if err != nil {
		return nil, err
	}
	offset, err := offsetParam(c.form)
	if err != nil {
		return nil, err
	}
	want := fields(c.form, []string{
		"steps", "distance", "elevation", "soft", "moderate", "intense", "active", "calories",
		"totalcalories", "hr_average", "hr_min", "hr_max", "hr_zone_0", "hr_zone_1", "hr_zone_2", "hr_zone_3",
	})
	type picked struct {
		day      truth.Day
		modified int64
	}
	var all []picked
	for _, d := range c.person.Days() {
		modified := c.now.Unix()
		if d.State != truth.PendingScore {
			modified = d.UpdatedAt.Unix()
		}
		if sel.keep(d.Date, modified) {
			all = append(all, picked{d, modified})
		}
	}
	// Aggregating a day is the costly part: only the page is rendered.
	page, more, next := paginate(all, offset, s.cfg.PageSize)
	k := kitOf(s.seed, c.person)
	out := make([]Activity, 0, len(page))
	for _, pk := range page {
		a := s.aggregateOf(c.person, pk.day.Start, pk.day.End)
		out = append(out, activityWire(pk.day, k.tracker, pk.modified, a, want))
	}
	return ActivityBody{Activities: out, More: more, Offset: next}, nil
}

// activityWire renders a day's aggregate with the requested fields.
func activityWire(d truth.Day, dev device, modified int64, a aggregate, want func(string) bool) Activity {
	out := Activity{
		Date: d.Date, Timezone: zoneName(d.Offset), DeviceID: ptr(dev.ID), HashDeviceID: ptr(dev.ID),
		Brand: 1, IsTracker: true, Modified: modified, Model: ptr(dev.Model), ModelID: ptr(dev.ModelID),
	}
	set := func(name string, dst **int, v int) {
		if want(name) {
			*dst = ptr(v)
		}
	}
	setF := func(name string, dst **float64, v float64) {
		if want(name) {
			*dst = ptr(v)
		}
	}
	set("steps", &out.Steps, a.steps)
	setF("distance", &out.Distance, math.Round(a.distance*100)/100)
	setF("elevation", &out.Elevation, float64(a.floors))
	set("soft", &out.Soft, a.soft)
	set("moderate", &out.Moderate, a.moderate)
	set("intense", &out.Intense, a.intense)
	set("active", &out.Active, a.moderate+a.intense)
	setF("calories", &out.Calories, kcal(a.activeKJ))
	setF("totalcalories", &out.TotalCalories, kcal(a.totalKJ))
	set("hr_average", &out.HRAverage, a.hrAvg)
	set("hr_min", &out.HRMin, a.hrMin)
	set("hr_max", &out.HRMax, a.hrMax)
	set("hr_zone_0", &out.HRZone0, a.zones[0])
	set("hr_zone_1", &out.HRZone1, a.zones[1])
	set("hr_zone_2", &out.HRZone2, a.zones[2])
	set("hr_zone_3", &out.HRZone3, a.zones[3])
	return out
}
