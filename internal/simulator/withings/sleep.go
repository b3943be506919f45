package withings

import (
	"math"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// maxSleepGet is the longest span sleep get returns: the seed's notes say
// a longer request returns only the first 24 hours after startdate (its
// enddate field mentions 7 days; the explicit note wins).
const maxSleepGet = 24 * time.Hour

// sleepGet implements POST /v2/sleep action=get: the state segments of
// every sleep overlapping [startdate, enddate), each with the requested
// high-frequency series inside it (per minute, HRV per 5 minutes).
func (s *Server) sleepGet(c *call) (any, *apiError) {
	from, to, err := window(c.form)
	if err != nil {
		return nil, err
	}
	if from.IsZero() || to.IsZero() {
		return nil, fail(StatusInvalidParams, "Invalid Params: startdate and enddate are required")
	}
	if to.Sub(from) > maxSleepGet {
		to = from.Add(maxSleepGet)
	}
	// Nothing by default: the states alone, as the live API answers.
	want := fields(c.form, nil)
	k := kitOf(s.seed, c.person)
	body := SleepBody{Series: []SleepSegment{}, Model: k.sleepModel()}
	for _, sl := range c.person.Sleeps(from.Add(-maxSleepGet), to) {
		body.Series = append(body.Series, s.nightSegments(c.person, k, sl, from, to, want)...)
	}
	return body, nil
}

// nightSegments renders the segments of one sleep overlapping [from, to).
func (s *Server) nightSegments(p *truth.Person, k kit, sl truth.Sleep, from, to time.Time, want func(string) bool) []SleepSegment {
	hr := map[int64]int{}
	if want("hr") {
		for _, h := range p.HeartRateEvery(sl.Start, sl.End, time.Minute) {
			hr[h.Time.Unix()] = h.BPM
		}
	}
	var out []SleepSegment
	for _, seg := range segments(sl) {
		if !seg.end.After(from) || !seg.start.Before(to) {
			continue
		}
		w := SleepSegment{
			StartDate: seg.start.Unix(), EndDate: seg.end.Unix(), State: stateOf(seg.stage),
			Model: k.sleep.Model, ModelID: k.sleep.ModelID,
		}
		series := func(name string, dst *map[string]int, v func(time.Time) (int, bool)) {
			if !want(name) {
				return
			}
			for t := seg.start.Truncate(time.Minute); t.Before(seg.end); t = t.Add(time.Minute) {
				if t.Before(seg.start) {
					continue
				}
				if x, ok := v(t); ok {
					if *dst == nil {
						*dst = map[string]int{}
					}
					(*dst)[strconv.FormatInt(t.Unix(), 10)] = x
				}
			}
		}
		series("hr", &w.HR, func(t time.Time) (int, bool) { v, ok := hr[t.Unix()]; return v, ok })
		series("rr", &w.RR, func(t time.Time) (int, bool) { return s.rrAt(p, sl, t), true })
		if k.sleepMonitor {
			series("snoring", &w.Snoring, func(t time.Time) (int, bool) { return s.snoringAt(p, sl, t), true })
			series("mvt_score", &w.MvtScore, func(t time.Time) (int, bool) { return s.mvtAt(p, sl, t), true })
			series("chest_movement_rate", &w.ChestMovementRate, func(t time.Time) (int, bool) { return s.rrAt(p, sl, t), true })
		}
		// HRV is computed every 5 minutes from the start of the sleep.
		for i, rmssd := range sl.HRV {
			t := sl.Start.Add(time.Duration(i) * 5 * time.Minute)
			if t.Before(seg.start) || !t.Before(seg.end) {
				continue
			}
			x := hrvExtras(s.seed, p, t, rmssd)
			key := strconv.FormatInt(t.Unix(), 10)
			for _, f := range []struct {
				name string
				dst  *map[string]int
				v    int
			}{{"rmssd", &w.RMSSD, int(math.Round(rmssd))}, {"sdnn_1", &w.SDNN1, x.sdnn}, {"hrv_quality", &w.HRVQuality, x.quality}} {
				if want(f.name) {
					if *f.dst == nil {
						*f.dst = map[string]int{}
					}
					(*f.dst)[key] = f.v
				}
			}
		}
		out = append(out, w)
	}
	return out
}
