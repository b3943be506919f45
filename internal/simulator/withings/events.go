package withings

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Notification is one change announced to a user's subscribers: the
// form fields Withings POSTs (userid, appli, startdate, enddate).
type Notification struct {
	UserID    int64
	Appli     int
	StartDate int64
	EndDate   int64
}

// Form renders the notification as the form-encoded body Withings sends.
func (n Notification) Form() string {
	return url.Values{
		"userid":    {strconv.FormatInt(n.UserID, 10)},
		"appli":     {strconv.Itoa(n.Appli)},
		"startdate": {strconv.FormatInt(n.StartDate, 10)},
		"enddate":   {strconv.FormatInt(n.EndDate, 10)},
	}.Encode()
}

// span is the time range and categories of a record, remembered so that
// its deletion can still be announced once the truth no longer shows it.
type span struct {
	start, end time.Time
	applis     []int
}

// Advance moves the server's clock (when it is a FakeClock) and the world
// forward by d and sends notifications for the changes. Use Notify instead
// when several simulators share one world.
func (s *Server) Advance(ctx context.Context, d time.Duration) ([]Notification, error) {
	if fc, ok := s.clock.(*simkit.FakeClock); ok {
		fc.Advance(d)
	}
	return s.Notify(ctx, s.world.Advance(d))
}

// Notify turns truth changes, plus the derived ECG recordings that appeared
// since the last call, into notifications, and POSTs each one to every
// subscription of its user and category. It returns all notifications,
// subscribed or not; delivery results are in Webhooks().Deliveries().
func (s *Server) Notify(ctx context.Context, changes []truth.Change) ([]Notification, error) {
	var out []Notification
	seen := map[Notification]bool{}
	add := func(uid int64, sp span) {
		for _, a := range sp.applis {
			n := Notification{UserID: uid, Appli: a, StartDate: sp.start.Unix(), EndDate: sp.end.Unix()}
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	for _, c := range changes {
		sp, ok := s.spanOf(c)
		if !ok {
			continue
		}
		if c.Kind == truth.KindSleep && c.Op == truth.Updated {
			// Scoring changes the summary, not the nightly spot measures.
			sp.applis = []int{AppliSleep}
		}
		add(c.Person.WithingsUserID, sp)
	}
	now := s.world.Now()
	s.mu.Lock()
	since := s.scanned
	s.scanned = now
	s.mu.Unlock()
	for _, p := range s.world.People() {
		for _, e := range s.ecgs(p, now) {
			if e.model == modelScanWatch && e.created.After(since) {
				add(p.WithingsUserID, span{start: e.at, end: e.at, applis: []int{AppliECG}})
			}
		}
	}
	for _, n := range out {
		for _, cb := range s.subscribers(n.UserID, n.Appli) {
			if err := ctx.Err(); err != nil {
				return out, fmt.Errorf("withings: send notifications: %w", err)
			}
			h := http.Header{}
			h.Set("Content-Type", "application/x-www-form-urlencoded")
			s.sender.Send(ctx, cb, []byte(n.Form()), h)
		}
	}
	return out, nil
}

// subscribers returns the callback URLs subscribed to a user's category.
func (s *Server) subscribers(userID int64, appli int) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, sub := range s.subs {
		if sub.userID == userID && sub.appli == appli {
			out = append(out, sub.url)
		}
	}
	return out
}

// spanOf resolves what a change is about; deletions use the span
// remembered while the record was visible.
func (s *Server) spanOf(c truth.Change) (span, bool) {
	key := string(c.Kind) + ":" + c.ID
	if c.Op == truth.Deleted {
		s.mu.Lock()
		sp, ok := s.spans[key]
		s.mu.Unlock()
		return sp, ok
	}
	sp, ok := s.currentSpan(c.Person, c.Kind, c.ID)
	if ok {
		s.mu.Lock()
		s.spans[key] = sp
		s.mu.Unlock()
	}
	return sp, ok
}

// currentSpan looks a visible record up in the truth.
func (s *Server) currentSpan(p *truth.Person, kind truth.RecordKind, id string) (span, bool) {
	switch kind {
	case truth.KindSleep:
		sl, ok := p.Sleep(id)
		if !ok {
			return span{}, false
		}
		return sleepSpan(sl), true
	case truth.KindWorkout:
		w, ok := p.Workout(id)
		return span{start: w.Start, end: w.End, applis: []int{AppliActivity}}, ok
	case truth.KindDay:
		d, ok := p.Day(id)
		return span{start: d.Start, end: d.End, applis: []int{AppliActivity}}, ok
	case truth.KindMeasurement:
		for _, m := range p.Measurements(time.Time{}, time.Time{}) {
			if strconv.FormatInt(m.ID, 10) == id {
				return s.measurementSpan(p, m), true
			}
		}
	}
	return span{}, false
}

// sleepSpan announces a sleep, and for a main sleep also the watch's
// nightly SpO2 and skin-temperature groups that come with it.
func sleepSpan(sl truth.Sleep) span {
	sp := span{start: sl.Start, end: sl.End, applis: []int{AppliSleep}}
	if !sl.Nap {
		sp.applis = append(sp.applis, AppliPressure, AppliTemperature)
	}
	return sp
}

// measurementSpan announces a measure group under its category; a BPM
// Core reading is an ECG too.
func (s *Server) measurementSpan(p *truth.Person, m truth.Measurement) span {
	sp := span{start: m.Time, end: m.Time}
	switch m.Kind {
	case truth.MeasureWeight:
		sp.applis = []int{AppliWeight}
	case truth.MeasureTemperature:
		sp.applis = []int{AppliTemperature}
	case truth.MeasureBloodPressure:
		sp.applis = []int{AppliPressure}
		if kitOf(s.seed, p).bpmCore {
			sp.applis = append(sp.applis, AppliECG)
		}
	}
	return sp
}

// rememberSpans records every record visible at start, so that deleting
// one later can be announced.
func (s *Server) rememberSpans() {
	for _, p := range s.world.People() {
		for _, sl := range p.Sleeps(time.Time{}, time.Time{}) {
			s.spans[string(truth.KindSleep)+":"+sl.ID] = sleepSpan(sl)
		}
		for _, w := range p.Workouts(time.Time{}, time.Time{}) {
			s.spans[string(truth.KindWorkout)+":"+w.ID] = span{start: w.Start, end: w.End, applis: []int{AppliActivity}}
		}
		for _, m := range p.Measurements(time.Time{}, time.Time{}) {
			s.spans[string(truth.KindMeasurement)+":"+strconv.FormatInt(m.ID, 10)] = s.measurementSpan(p, m)
		}
	}
}
