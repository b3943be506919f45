package withings

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// WorkoutCategory maps a truth sport key to its Withings workout category
// (seed workout_object category table); unknown sports are 36 (Other).
func WorkoutCategory(sportKey string) int {
	c, ok := map[string]int{
		"walking":            1,
		"running":            2,
		"hiking":             3,
		"cycling":            6,
		"swimming":           7,
		"tennis":             12,
		"weightlifting":      16,
		"yoga":               28,
		"rowing":             187,
		"functional_fitness": 546, // Crossfit
	}[sportKey]
	if !ok {
		return 36
	}
	return c
}

// workoutID is the integer id of a workout: the truth's per-day slot of the
// workout (the last digit of its legacy id) under the user and day.
func workoutID(p *truth.Person, w truth.Workout) int64 {
	return p.WithingsUserID*1000000 + int64(w.Day)*10 + w.V1ID%10
}

// poolLength is the pool every simulated swimmer uses, in metres.
const poolLength = 25

// getworkouts implements POST /v2/measure action=getworkouts: workouts
// oldest first, selected by the local date they started on or by
// lastupdate, paged with offset/more.
func (s *Server) getworkouts(c *call) (any, *apiError) {
	sel, err := parseDaySelector(c.form)
	if err != nil {
		return nil, err
	}
	offset, err := offsetParam(c.form)
	if err != nil {
		return nil, err
	}
	want := fields(c.form, []string{
		"calories", "intensity", "manual_distance", "manual_calories", "hr_average", "hr_min", "hr_max",
		"hr_zone_0", "hr_zone_1", "hr_zone_2", "hr_zone_3", "pause_duration", "algo_pause_duration",
		"spo2_average", "steps", "distance", "elevation", "pool_laps", "strokes", "pool_length",
	})
	var all []truth.Workout
	for _, w := range c.person.Workouts(time.Time{}, time.Time{}) {
		if sel.keep(localDate(c.person, w.Start), w.UpdatedAt.Unix()) {
			all = append(all, w)
		}
	}
	page, more, next := paginate(all, offset, s.cfg.PageSize)
	k := kitOf(s.seed, c.person)
	out := make([]Workout, 0, len(page))
	for _, w := range page {
		out = append(out, s.workoutWire(c.person, k, w, localDate(c.person, w.Start), want))
	}
	return WorkoutsBody{Series: out, More: more, Offset: next}, nil
}

// workoutWire renders one workout. Heart-rate figures come from a reading
// every 5 seconds (the truth's own summary step), activity figures from
// the minutes inside the workout, so that they agree with intraday.
func (s *Server) workoutWire(p *truth.Person, k kit, w truth.Workout, date string, want func(string) bool) Workout {
	out := Workout{
		ID: workoutID(p, w), Category: WorkoutCategory(w.Sport.Key), Timezone: zoneName(w.Offset),
		Model: k.tracker.ModelID, StartDate: w.Start.Unix(), EndDate: w.End.Unix(), Date: date,
		Modified: w.UpdatedAt.Unix(), DeviceID: k.tracker.ID,
	}
	d := &out.Data
	set := func(name string, dst **int, v int) {
		if want(name) {
			*dst = ptr(v)
		}
	}
	var zones [4]int
	lo := math.MaxInt
	hr := p.HeartRateEvery(w.Start, w.End, 5*time.Second)
	for _, h := range hr {
		lo = min(lo, h.BPM)
		if z := hrZone(h.BPM, p.Profile.MaxHR); z >= 0 {
			zones[z] += 5
		}
	}
	if len(hr) == 0 {
		lo = w.AvgHR
	}
	var steps int
	var activeKJ float64
	for _, m := range s.minutes(p, w.Start, w.End) {
		steps += m.Steps
		activeKJ += m.ActiveKJ
	}
	set("calories", &d.Calories, int(math.Round(kcal(activeKJ))))
	// Nothing is entered by hand, and the seed says these are 0 then.
	set("intensity", &d.Intensity, 0)
	set("manual_intensity", &d.ManualIntensity, 0)
	set("manual_distance", &d.ManualDistance, 0)
	set("manual_calories", &d.ManualCalories, 0)
	set("pause_duration", &d.PauseDuration, 0)
	set("hr_average", &d.HRAverage, w.AvgHR)
	set("hr_min", &d.HRMin, lo)
	set("hr_max", &d.HRMax, w.MaxHR)
	set("hr_zone_0", &d.HRZone0, zones[0])
	set("hr_zone_1", &d.HRZone1, zones[1])
	set("hr_zone_2", &d.HRZone2, zones[2])
	set("hr_zone_3", &d.HRZone3, zones[3])
	set("spo2_average", &d.SpO2Average, 95+int(personHash(s.seed, p, keyWorkout, uint64(w.Start.Unix()))%4))
	swim := w.Sport.Key == "swimming"
	if swim {
		laps := int(w.DistanceM / poolLength)
		set("algo_pause_duration", &d.AlgoPauseDuration, int(w.Duration().Seconds()*0.08))
		set("pool_laps", &d.PoolLaps, laps)
		set("strokes", &d.Strokes, laps*(16+int(personHash(s.seed, p, keyWorkout, 1)%6)))
		set("pool_length", &d.PoolLength, poolLength)
		return out
	}
	set("algo_pause_duration", &d.AlgoPauseDuration, 0)
	set("steps", &d.Steps, steps)
	set("distance", &d.Distance, int(math.Round(w.DistanceM)))
	set("elevation", &d.Elevation, int(math.Round(w.AltitudeGainM/3)))
	return out
}
