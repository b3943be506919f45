package truth

import (
	"strconv"
	"time"
)

// Queries return what a provider shows at the world's Now: visible records
// only, with Meta evaluated at Now, in ascending order of their start time.
// Time windows are half-open [from, to) on the record's start (Time for
// measurements); a zero from or to leaves that side unbounded.

// inWindow reports whether t lies in [from, to), zero bounds meaning open.
func inWindow(t, from, to time.Time) bool {
	if !from.IsZero() && t.Before(from) {
		return false
	}
	return to.IsZero() || t.Before(to)
}

// collect filters items by visibility and window and copies them at now.
func collect[T any](items []*T, from, to time.Time, start func(*T) time.Time, visible func(*T) bool, at func(*T) T) []T {
	var out []T
	for _, it := range items {
		if visible(it) && inWindow(start(it), from, to) {
			out = append(out, at(it))
		}
	}
	return out
}

func (s *Sleep) at(now time.Time) Sleep {
	out := *s
	out.Meta = s.life.meta(now)
	return out
}

func (w *Workout) at(now time.Time) Workout {
	out := *w
	out.Meta = w.life.meta(now)
	return out
}

func (r *Recovery) at(now time.Time) Recovery {
	out := *r
	out.Meta = r.life.meta(now)
	return out
}

func (m *Measurement) at(now time.Time) Measurement {
	out := *m
	out.Meta = m.life.meta(now)
	return out
}

func (d *Day) at(now time.Time) Day {
	out := *d
	out.Meta = d.life.meta(now)
	return out
}

// Sleeps returns main sleeps and naps starting in [from, to).
func (p *Person) Sleeps(from, to time.Time) []Sleep {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.sleep, from, to, func(s *Sleep) time.Time { return s.Start },
		func(s *Sleep) bool { return s.life.visible(now) }, func(s *Sleep) Sleep { return s.at(now) })
}

// Sleep returns the visible sleep with the given UUID.
func (p *Person) Sleep(id string) (Sleep, bool) {
	for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
		if s.ID == id {
			return s, true
		}
	}
	return Sleep{}, false
}

// Workouts returns workouts starting in [from, to).
func (p *Person) Workouts(from, to time.Time) []Workout {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.works, from, to, func(w *Workout) time.Time { return w.Start },
		func(w *Workout) bool { return w.life.visible(now) }, func(w *Workout) Workout { return w.at(now) })
}

// Workout returns the visible workout with the given UUID.
func (p *Person) Workout(id string) (Workout, bool) {
	for _, w := range p.Workouts(time.Time{}, time.Time{}) {
		if w.ID == id {
			return w, true
		}
	}
	return Workout{}, false
}

// Cycles returns cycles starting in [from, to). The latest visible cycle
// is open (no End) until the next main sleep appears.
func (p *Person) Cycles(from, to time.Time) []Cycle {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.cycs, from, to, func(c *Cycle) time.Time { return c.Start },
		func(c *Cycle) bool { return !now.Before(c.life.created) }, func(c *Cycle) Cycle { return c.at(now) })
}

// Cycle returns the visible cycle with the given id.
func (p *Person) Cycle(id int64) (Cycle, bool) {
	for _, c := range p.Cycles(time.Time{}, time.Time{}) {
		if c.ID == id {
			return c, true
		}
	}
	return Cycle{}, false
}

// Recoveries returns recoveries whose sleep starts in [from, to). A
// recovery disappears with its sleep.
func (p *Person) Recoveries(from, to time.Time) []Recovery {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.recs, from, to, func(r *Recovery) time.Time { return r.SleepStart },
		func(r *Recovery) bool { return r.life.visible(now) }, func(r *Recovery) Recovery { return r.at(now) })
}

// RecoveryForCycle returns the recovery of a cycle, if visible.
func (p *Person) RecoveryForCycle(cycleID int64) (Recovery, bool) {
	for _, r := range p.Recoveries(time.Time{}, time.Time{}) {
		if r.CycleID == cycleID {
			return r, true
		}
	}
	return Recovery{}, false
}

// SleepForCycle returns the main sleep that starts a cycle, if visible.
func (p *Person) SleepForCycle(cycleID int64) (Sleep, bool) {
	for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
		if s.CycleID == cycleID && !s.Nap {
			return s, true
		}
	}
	return Sleep{}, false
}

// Measurements returns device readings taken in [from, to).
func (p *Person) Measurements(from, to time.Time) []Measurement {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.meas, from, to, func(m *Measurement) time.Time { return m.Time },
		func(m *Measurement) bool { return m.life.visible(now) }, func(m *Measurement) Measurement { return m.at(now) })
}

// Days returns the visible days (those whose night has been uploaded) in
// ascending order. The last one or two are usually still PENDING_SCORE.
func (p *Person) Days() []Day {
	p.w.mu.RLock()
	defer p.w.mu.RUnlock()
	now := p.w.now
	return collect(p.days, time.Time{}, time.Time{}, func(d *Day) time.Time { return d.Start },
		func(d *Day) bool { return d.life.visible(now) }, func(d *Day) Day { return d.at(now) })
}

// Day returns the visible day with the local date "2006-01-02".
func (p *Person) Day(date string) (Day, bool) {
	for _, d := range p.Days() {
		if d.Date == date {
			return d, true
		}
	}
	return Day{}, false
}

// idOf renders an integer id the way Change.ID carries it.
func idOf(id int64) string { return strconv.FormatInt(id, 10) }
