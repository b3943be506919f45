package withings

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Night-time signals the truth does not model, derived per minute from
// the sleep's own values so that sleep get, getsummary and intraday agree
// with each other.

// rrAt is the respiration rate at t: the night's rate, a little higher in
// REM and lower in deep sleep, with per-minute jitter.
func (s *Server) rrAt(p *truth.Person, sl truth.Sleep, t time.Time) int {
	v := sl.RespiratoryRate + (unitOf(personHash(s.seed, p, keyBreath, uint64(t.Unix()/60)))-0.5)*2
	if st, ok := sl.StageAt(t); ok {
		v += map[truth.Stage]float64{truth.REM: 1, truth.Deep: -0.5}[st]
	}
	return int(math.Round(v))
}

// spo2At is the automatic SpO2 reading at t around the night's average.
func (s *Server) spo2At(p *truth.Person, sl truth.Sleep, t time.Time) float64 {
	v := sl.SpO2 + (unitOf(personHash(s.seed, p, keyBreath, 1, uint64(t.Unix()/60)))-0.5)*1.5
	return math.Round(math.Min(100, v)*10) / 10
}

// hrv holds the HRV companions of an RMSSD reading.
type hrv struct {
	sdnn    int
	quality int
}

// hrvExtras derives SDNN over a minute (somewhat above RMSSD at rest) and a
// 1–4 quality score.
func hrvExtras(seed int64, p *truth.Person, t time.Time, rmssd float64) hrv {
	h := hash(uint64(seed), uint64(p.WithingsUserID), keyBreath, 2, uint64(t.Unix()))
	return hrv{sdnn: int(math.Round(rmssd * (1.05 + 0.2*unitOf(h)))), quality: 1 + int(h>>60)%4}
}

// snorer is how prone a person is to snoring, 0–1.
func (s *Server) snorer(p *truth.Person) float64 {
	return unitOf(personHash(s.seed, p, keySnore))
}

// snoringAt is the seconds of snoring in the minute at t, only heard by a
// sleep monitor under the mattress, and only in light or deep sleep.
// Snoring comes in episodes: ten-minute blocks are snoring or not.
func (s *Server) snoringAt(p *truth.Person, sl truth.Sleep, t time.Time) int {
	st, ok := sl.StageAt(t)
	if !ok || (st != truth.Light && st != truth.Deep) {
		return 0
	}
	block := unitOf(personHash(s.seed, p, keySnore, 1, uint64(t.Unix()/600)))
	if block > 0.35*s.snorer(p) {
		return 0
	}
	return 20 + int(personHash(s.seed, p, keySnore, 2, uint64(t.Unix()/60))%41)
}

// mvtAt is the movement score (0–255) of the minute at t: high awake,
// lowest in deep sleep.
func (s *Server) mvtAt(p *truth.Person, sl truth.Sleep, t time.Time) int {
	st, _ := sl.StageAt(t)
	base := map[truth.Stage]float64{truth.Awake: 140, truth.Light: 40, truth.Deep: 8, truth.REM: 15}[st]
	u := unitOf(personHash(s.seed, p, keySnore, 3, uint64(t.Unix()/60)))
	return int(math.Min(255, base*(0.5+u)))
}

// nightMinutes returns the minute marks of a sleep: every whole minute in
// [Start, End).
func nightMinutes(sl truth.Sleep) []time.Time {
	var out []time.Time
	t := sl.Start.Truncate(time.Minute)
	if t.Before(sl.Start) {
		t = t.Add(time.Minute)
	}
	for ; t.Before(sl.End); t = t.Add(time.Minute) {
		out = append(out, t)
	}
	return out
}

// stateOf maps a truth stage to the Withings sleep state code.
func stateOf(st truth.Stage) int {
	switch st {
	case truth.Light:
		return 1
	case truth.Deep:
		return 2
	case truth.REM:
		return 3
	default:
		return 0
	}
}

// segment is a run of one stage in a hypnogram.
type segment struct {
	start, end time.Time
	stage      truth.Stage
}

// segments compresses a hypnogram into runs.
func segments(sl truth.Sleep) []segment {
	var out []segment
	for i, st := range sl.Hypnogram {
		t := sl.Start.Add(time.Duration(i) * truth.EpochLength)
		if n := len(out); n > 0 && out[n-1].stage == st {
			out[n-1].end = t.Add(truth.EpochLength)
			continue
		}
		out = append(out, segment{start: t, end: t.Add(truth.EpochLength), stage: st})
	}
	return out
}
