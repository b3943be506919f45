package oura

import (
	"math"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// heartRateStep is the spacing of the heartrate route's samples: Oura
// serves daytime heart rate at 5-minute resolution (seed, "Heart Rate
// Routes").
const heartRateStep = 5 * time.Minute

// heartRate serves GET /v2/usercollection/heartrate: the truth's heart
// rate every 5 minutes (aligned to the Unix epoch) in [start_datetime,
// end_datetime), clipped to the world's Now, each sample tagged with what
// the person was doing.
func (s *Server) heartRate(w http.ResponseWriter, r *http.Request, c caller) {
	q := r.URL.Query()
	var start, end time.Time
	var cur cursor
	var err error
	if tok := q.Get("next_token"); tok != "" {
		cur, err = decodeCursor(tok)
		start, end = time.Unix(0, cur.Start).UTC(), time.Unix(0, cur.End).UTC()
	} else {
		start, end, err = parseInstantWindow(q, c.env.world.Now())
		cur = cursor{Start: start.UnixNano(), End: end.UnixNano(), After: math.MinInt64}
	}
	if err != nil {
		writeFailure(w, r, err)
		return
	}
	from := start
	if cur.After != math.MinInt64 {
		from = time.Unix(0, cur.After).Add(time.Nanosecond)
	}
	n := s.cfg.HeartRatePageSize
	page := Page[HeartRate]{Data: []HeartRate{}}
	if from.Before(end) {
		// The whole rest of the window: the truth clips it to the data's
		// start and to Now, so a page cannot be cut from the window alone.
		samples := c.person.HeartRateEvery(from, end, heartRateStep)
		if len(samples) > n+1 {
			samples = samples[:n+1]
		}
		src := newSourceIndex(c, from, end)
		for i, smp := range samples {
			if i == n {
				page.NextToken = ptr(cur.encode())
				break
			}
			page.Data = append(page.Data, HeartRate{BPM: smp.BPM, Source: src.at(smp.Time), Timestamp: utc(smp.Time)})
			cur.After = smp.Time.UnixNano()
		}
	}
	simkit.WriteJSON(w, http.StatusOK, page)
}

// span is a time interval with the source its samples get.
type span struct {
	start, end time.Time
	source     string
}

// sourceIndex tells what the person was doing at an instant.
type sourceIndex []span

// newSourceIndex collects the sleeps, workouts and sessions around
// [from, to).
func newSourceIndex(c caller, from, to time.Time) sourceIndex {
	var idx sourceIndex
	p := c.person
	for _, sl := range p.Sleeps(from.Add(-16*time.Hour), to) {
		idx = append(idx, span{sl.Start, sl.End, "sleep"})
	}
	for _, wk := range p.Workouts(from.Add(-6*time.Hour), to) {
		idx = append(idx, span{wk.Start, wk.End, "workout"})
	}
	for _, d := range p.Days() {
		if d.End.Before(from) || !d.Start.Before(to) {
			continue
		}
		if ss, ok := c.env.sessionOf(p, d); ok {
			idx = append(idx, span{ss.start, ss.end, "session"})
		}
	}
	return idx
}

// at returns the source of the sample at t: "awake" unless a sleep,
// workout or session covers it.
func (idx sourceIndex) at(t time.Time) string {
	for _, sp := range idx {
		if !t.Before(sp.start) && t.Before(sp.end) {
			return sp.source
		}
	}
	return "awake"
}
