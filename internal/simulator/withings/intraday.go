package withings

import (
	"math"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// maxIntraday is the longest span one intraday call returns; longer
// requests are cut to the first 24 hours after startdate (seed).
const maxIntraday = 24 * time.Hour

// getintraday implements POST /v2/measure action=getintradayactivity:
// one point per active minute (steps, active calories, distance, floors,
// duration), heart rate every 10 minutes and every minute of a workout,
// and during sleep SpO2 every 30 minutes, respiration every 10 minutes
// and HRV every 5 minutes.
func (s *Server) getintraday(c *call) (any, *apiError) {
	from, to, err := window(c.form)
	if err != nil {
		return nil, err
	}
	switch {
	case from.IsZero() && to.IsZero():
		// No window: "the most recent activity data" — the last day.
		from, to = c.now.Add(-maxIntraday), c.now
	case from.IsZero():
		from = to.Add(-maxIntraday)
	case to.IsZero() || to.Sub(from) > maxIntraday:
		to = from.Add(maxIntraday)
	}
	want := fields(c.form, []string{
		"steps", "elevation", "calories", "distance", "stroke", "pool_lap", "duration", "heart_rate",
		"spo2_auto", "rmssd", "sdnn1", "hrv_quality", "core_body_temperature", "rr", "chest_movement_rate",
	})
	dev := kitOf(s.seed, c.person).tracker
	series := map[string]IntradayPoint{}
	put := func(t time.Time, f func(*IntradayPoint)) {
		key := strconv.FormatInt(t.Unix(), 10)
		pt, ok := series[key]
		if !ok {
			pt = IntradayPoint{DeviceID: dev.ID, Model: dev.Model, ModelID: dev.ModelID}
		}
		f(&pt)
		series[key] = pt
	}
	for _, m := range s.minutes(c.person, from, to) {
		if m.Steps == 0 && m.ActiveKJ == 0 {
			continue
		}
		put(m.Start, func(pt *IntradayPoint) {
			if want("steps") {
				pt.Steps = ptr(m.Steps)
			}
			if want("calories") {
				pt.Calories = ptr(kcal(m.ActiveKJ))
			}
			if want("distance") {
				pt.Distance = ptr(math.Round(m.distance*100) / 100)
			}
			if want("elevation") {
				pt.Elevation = ptr(float64(m.floors))
			}
			if want("duration") {
				pt.Duration = ptr(60)
			}
		})
	}
	if want("heart_rate") {
		for _, h := range s.intradayHR(c.person, from, to) {
			put(h.Time, func(pt *IntradayPoint) { pt.HeartRate = ptr(h.BPM) })
		}
	}
	for _, sl := range c.person.Sleeps(from.Add(-maxIntraday), to) {
		s.sleepPoints(c.person, sl, from, to, want, put)
	}
	return IntradayBody{Series: series}, nil
}

// intradayHR returns a reading every 10 minutes and every minute of a
// workout, as a watch samples.
func (s *Server) intradayHR(p *truth.Person, from, to time.Time) []truth.Sample {
	out := p.HeartRateEvery(from, to, 10*time.Minute)
	for _, w := range p.Workouts(from.Add(-maxIntraday), to) {
		a, b := maxTime(w.Start, from), minTime(w.End, to)
		for _, h := range p.HeartRateEvery(a, b, time.Minute) {
			if h.Time.Unix()%600 != 0 {
				out = append(out, h)
			}
		}
	}
	return out
}

// sleepPoints adds the night-time series of one sleep inside [from, to).
func (s *Server) sleepPoints(p *truth.Person, sl truth.Sleep, from, to time.Time,
	want func(string) bool, put func(time.Time, func(*IntradayPoint))) {
	inside := func(t time.Time) bool { return !t.Before(from) && t.Before(to) }
	for i, rmssd := range sl.HRV {
		t := sl.Start.Add(time.Duration(i) * 5 * time.Minute)
		if !inside(t) {
			continue
		}
		h := hrvExtras(s.seed, p, t, rmssd)
		put(t, func(pt *IntradayPoint) {
			if want("rmssd") {
				pt.RMSSD = ptr(rmssd)
			}
			if want("sdnn1") {
				pt.SDNN1 = ptr(float64(h.sdnn))
			}
			if want("hrv_quality") {
				pt.HRVQuality = ptr(h.quality)
			}
		})
	}
	for t := sl.Start.Truncate(10 * time.Minute); t.Before(sl.End); t = t.Add(10 * time.Minute) {
		if t.Before(sl.Start) || !inside(t) {
			continue
		}
		rr := s.rrAt(p, sl, t)
		spo2 := s.spo2At(p, sl, t)
		put(t, func(pt *IntradayPoint) {
			if want("rr") {
				pt.RR = ptr(rr)
			}
			if want("spo2_auto") && t.Unix()%1800 == 0 {
				pt.SpO2Auto = ptr(spo2)
			}
		})
	}
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
