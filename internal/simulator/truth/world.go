package truth

import (
	"errors"
	"fmt"
	"sync"
	"time"
)

// Defaults applied by Generate to zero Options fields.
const (
	DefaultUsers      = 3
	DefaultDays       = 30
	DefaultDeleteRate = 0.03
)

// DefaultEnd returns the End used when Options.End is zero. It is a fixed
// date, not time.Now, so that a seed alone reproduces a world.
func DefaultEnd() time.Time { return time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC) }

// Options configure Generate.
type Options struct {
	// Seed makes the world reproducible.
	Seed int64
	// Users is the number of people (default 3).
	Users int
	// Days is the number of local days generated before End (default 30).
	Days int
	// End is the exclusive end of the generated range: UTC midnight after
	// the last generated date. It is truncated to a UTC midnight. It also
	// becomes the world's initial Now. Zero means DefaultEnd.
	End time.Time
	// DeleteRate is the probability that a nap, workout or measurement is
	// later deleted by its owner (main sleeps: a quarter of it). Zero means
	// DefaultDeleteRate; a negative value disables deletions.
	DeleteRate float64
}

// World is the whole simulated population and its clock.
type World struct {
	mu     sync.RWMutex
	opts   Options
	seed   int64
	first  time.Time // UTC midnight of the first local date
	now    time.Time
	people []*Person
}

// ErrInvalidOptions reports options Generate cannot use.
var ErrInvalidOptions = errors.New("truth: invalid options")

// Generate builds a world. It is deterministic: equal Options give equal
// worlds.
func Generate(opts Options) (*World, error) {
	if opts.Users < 0 || opts.Days < 0 || opts.Users > 10000 {
		return nil, fmt.Errorf("%w: users=%d days=%d", ErrInvalidOptions, opts.Users, opts.Days)
	}
	if opts.Users == 0 {
		opts.Users = DefaultUsers
	}
	if opts.Days == 0 {
		opts.Days = DefaultDays
	}
	if opts.End.IsZero() {
		opts.End = DefaultEnd()
	}
	if opts.DeleteRate == 0 {
		opts.DeleteRate = DefaultDeleteRate
	}
	opts.DeleteRate = max(opts.DeleteRate, 0)
	end := opts.End.UTC().Truncate(24 * time.Hour)
	opts.End = end
	w := &World{
		opts:  opts,
		seed:  opts.Seed,
		first: end.AddDate(0, 0, -opts.Days),
		now:   end,
	}
	for i := range opts.Users {
		w.people = append(w.people, newPerson(w, i))
	}
	for _, p := range w.people {
		p.ensure(w.now)
	}
	return w, nil
}

// Seed returns the seed the world was generated from.
func (w *World) Seed() int64 { return w.seed }

// Options returns the options after defaults were applied.
func (w *World) Options() Options { return w.opts }

// Start returns UTC midnight of the first generated local date. Data of
// each person starts with the main sleep of the evening before.
func (w *World) Start() time.Time { return w.first }

// Now returns the world's current time.
func (w *World) Now() time.Time {
	w.mu.RLock()
	defer w.mu.RUnlock()
	return w.now
}

// People returns all persons in index order.
func (w *World) People() []*Person {
	return append([]*Person(nil), w.people...)
}

// Person returns person i; it panics if i is out of range, like a slice.
func (w *World) Person(i int) *Person { return w.people[i] }

// PersonByWhoopID finds a person by WHOOP user id.
func (w *World) PersonByWhoopID(id int64) (*Person, bool) {
	return w.find(func(p *Person) bool { return p.WhoopUserID == id })
}

// PersonByOuraID finds a person by Oura user id.
func (w *World) PersonByOuraID(id string) (*Person, bool) {
	return w.find(func(p *Person) bool { return p.OuraUserID == id })
}

// PersonByWithingsID finds a person by Withings userid.
func (w *World) PersonByWithingsID(id int64) (*Person, bool) {
	return w.find(func(p *Person) bool { return p.WithingsUserID == id })
}

// PersonByKey finds a person by provider-neutral Key.
func (w *World) PersonByKey(key string) (*Person, bool) {
	return w.find(func(p *Person) bool { return p.Key == key })
}

func (w *World) find(match func(*Person) bool) (*Person, bool) {
	for _, p := range w.people {
		if match(p) {
			return p, true
		}
	}
	return nil, false
}

// dayStartUTC returns UTC midnight of local date i (the date, not the
// instant the day starts for a person).
func (w *World) dayStartUTC(i int) time.Time { return w.first.AddDate(0, 0, i) }
