package truth

import (
	"math/rand/v2"
	"time"
)

// settleDelay draws how long scoring takes: usually within the hour and a
// half, sometimes hours, rarely more than a day, so that recent records in
// any world are PENDING_SCORE for a while.
func settleDelay(r *rand.Rand) time.Duration {
	u := r.Float64()
	switch {
	case u < 0.7:
		return minutes(uniform(r, 10, 90)).Truncate(time.Millisecond)
	case u < 0.95:
		return hours(uniform(r, 2, 12)).Truncate(time.Millisecond)
	default:
		return hours(uniform(r, 12, 36)).Truncate(time.Millisecond)
	}
}

// newLife draws the lifecycle of a record that ends at end, from its own
// random stream (kind, day, slot) so that lifecycle choices never shift the
// physiology streams.
func (p *Person) newLife(end time.Time, kind, key uint64, unscorable, deleteRate float64) lifecycle {
	r := newRand(uint64(p.w.seed), p.phys.key, keyLife, kind, key)
	l := lifecycle{created: end.Add(minutes(uniform(r, 3, 40))).Truncate(time.Millisecond)}
	l.settled = l.created.Add(settleDelay(r))
	l.unscorable = chance(r, unscorable)
	if chance(r, deleteRate) {
		l.deleted = l.created.Add(hours(uniform(r, 1, 48))).Truncate(time.Millisecond)
	}
	return l
}

// measurementLife is the lifecycle of a device reading: synced within
// minutes and final at once (there is nothing to score).
func (p *Person) measurementLife(t time.Time, key uint64) lifecycle {
	r := newRand(uint64(p.w.seed), p.phys.key, keyLife, 7, key)
	l := lifecycle{created: t.Add(minutes(uniform(r, 0.5, 5))).Truncate(time.Millisecond)}
	l.settled = l.created
	if chance(r, p.w.opts.DeleteRate/2) {
		l.deleted = l.created.Add(hours(uniform(r, 1, 48))).Truncate(time.Millisecond)
	}
	return l
}
