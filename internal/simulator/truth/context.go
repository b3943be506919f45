package truth

import (
	"sort"
	"time"
)

// sleepAt returns the sleep containing t, or nil.
func (p *Person) sleepAt(t time.Time) *Sleep {
	i := sort.Search(len(p.sleep), func(i int) bool { return p.sleep[i].End.After(t) })
	if i < len(p.sleep) && !t.Before(p.sleep[i].Start) {
		return p.sleep[i]
	}
	return nil
}

// workoutAt returns the workout containing t, or nil.
func (p *Person) workoutAt(t time.Time) *Workout {
	i := sort.Search(len(p.works), func(i int) bool { return p.works[i].End.After(t) })
	if i < len(p.works) && !t.Before(p.works[i].Start) {
		return p.works[i]
	}
	return nil
}

// mainSleepBefore returns the latest main sleep that started at or before
// t; its night values (resting heart rate) set the following day's tone.
func (p *Person) mainSleepBefore(t time.Time) *Sleep {
	i := sort.Search(len(p.sleep), func(i int) bool { return p.sleep[i].Start.After(t) })
	for i--; i >= 0; i-- {
		if !p.sleep[i].Nap {
			return p.sleep[i]
		}
	}
	return nil
}

// dayIndexAt returns the index of the local day containing t.
func (p *Person) dayIndexAt(t time.Time) int {
	d := int(floorDiv(t.Unix()+int64(p.phys.baseOffset)-p.w.first.Unix(), 86400))
	// Near a shifted offset the first guess can be one day off.
	for range 2 {
		start := p.dayStart(d)
		switch {
		case t.Before(start):
			d--
		case !t.Before(p.dayStart(d + 1)):
			d++
		}
	}
	return d
}

// dayStart returns the instant (in UTC) local day i starts. It is plain
// arithmetic because it sits on the 1 Hz heart-rate path.
func (p *Person) dayStart(i int) time.Time {
	return time.Unix(p.w.first.Unix()+int64(i)*86400-int64(p.offsetOn(i)), 0).UTC()
}

// localHour returns the local clock time of t in hours [0, 24).
func (p *Person) localHour(t time.Time) float64 {
	d := p.dayIndexAt(t)
	return t.Sub(p.dayStart(d)).Hours()
}

// OffsetAt returns the person's UTC offset at t as "+hh:mm".
func (p *Person) OffsetAt(t time.Time) string {
	return FormatOffset(p.offsetOn(p.dayIndexAt(t)))
}

// Location returns a fixed zone with the person's offset at t.
func (p *Person) Location(t time.Time) *time.Location {
	return p.zoneOn(p.dayIndexAt(t))
}
