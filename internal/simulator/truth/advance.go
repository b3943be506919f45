package truth

import (
	"cmp"
	"slices"
	"time"
)

// Advance moves the world's clock forward by d, generating days as needed,
// and returns what changed in (old Now, new Now], oldest first. A record
// that appeared and was scored within the interval is reported once, as
// Created. Non-positive d changes nothing.
func (w *World) Advance(d time.Duration) []Change {
	w.mu.Lock()
	defer w.mu.Unlock()
	if d <= 0 {
		return nil
	}
	old := w.now
	w.now = old.Add(d)
	var out []Change
	for _, p := range w.people {
		p.ensure(w.now)
		out = append(out, p.changes(old, w.now)...)
	}
	slices.SortStableFunc(out, func(a, b Change) int {
		return cmp.Or(a.At.Compare(b.At), cmp.Compare(a.Person.Index, b.Person.Index),
			cmp.Compare(a.Kind, b.Kind), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// AdvanceDays is Advance(n × 24 h).
func (w *World) AdvanceDays(n int) []Change {
	return w.Advance(time.Duration(n) * 24 * time.Hour)
}

// state is what a consumer can observe of a record at one instant.
type state struct {
	visible bool
	meta    Meta
}

// diff turns the observable states before and after into at most one
// change.
func diff(p *Person, kind RecordKind, id string, before, after state, deletedAt time.Time) (Change, bool) {
	c := Change{Person: p, Kind: kind, ID: id}
	switch {
	case !before.visible && after.visible:
		c.Op, c.At = Created, after.meta.CreatedAt
	case before.visible && !after.visible:
		c.Op, c.At = Deleted, deletedAt
	case before.visible && after.visible && before.meta != after.meta:
		c.Op, c.At = Updated, after.meta.UpdatedAt
	default:
		return Change{}, false
	}
	return c, true
}

// changes lists the changes of one person's records between two instants.
func (p *Person) changes(old, now time.Time) []Change {
	var out []Change
	add := func(kind RecordKind, id string, l lifecycle, m func(time.Time) Meta, vis func(time.Time) bool) {
		if c, ok := diff(p, kind, id, state{vis(old), m(old)}, state{vis(now), m(now)}, l.deleted); ok {
			out = append(out, c)
		}
	}
	for _, s := range p.sleep {
		add(KindSleep, s.ID, s.life, s.life.meta, s.life.visible)
	}
	for _, r := range p.recs {
		add(KindRecovery, r.SleepID, r.life, r.life.meta, r.life.visible)
	}
	for _, w := range p.works {
		add(KindWorkout, w.ID, w.life, w.life.meta, w.life.visible)
	}
	for _, c := range p.cycs {
		cc := c
		add(KindCycle, idOf(c.ID), c.life, cc.meta, func(t time.Time) bool { return !t.Before(cc.life.created) })
	}
	for _, m := range p.meas {
		add(KindMeasurement, idOf(m.ID), m.life, m.life.meta, m.life.visible)
	}
	for _, d := range p.days {
		add(KindDay, d.Date, d.life, d.life.meta, d.life.visible)
	}
	return out
}
