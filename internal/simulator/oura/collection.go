package oura

import (
	"cmp"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// item is one document of a collection before rendering: enough to filter,
// order and page it without paying for the rendering.
type item struct {
	id string
	// day is the local date start_date/end_date filter on.
	day string
	// start orders the collection (ties broken by id).
	start  time.Time
	render func() any
}

// collection is one /v2/usercollection/{path} route and its documents.
type collection struct {
	// path is the route segment ("vO2_max"); dataType the webhook name
	// ("vo2_max").
	path, dataType string
	// scope is the OAuth scope the route needs.
	scope string
	// dated collections honour start_date/end_date; the others
	// (ring_configuration) only next_token.
	dated bool
	items func(e env, p *truth.Person) []item
}

// Scopes of the Oura OAuth flow (seed, "OAuth2"; spo2 is listed there as
// spo2Daily and accepted under both names).
const (
	ScopeEmail     = "email"
	ScopePersonal  = "personal"
	ScopeDaily     = "daily"
	ScopeHeartRate = "heartrate"
	ScopeWorkout   = "workout"
	ScopeTag       = "tag"
	ScopeSession   = "session"
	ScopeSpO2      = "spo2Daily"
)

// Scopes returns every scope the simulator knows.
func Scopes() []string {
	return []string{ScopeEmail, ScopePersonal, ScopeDaily, ScopeHeartRate, ScopeWorkout, ScopeTag, ScopeSession, ScopeSpO2}
}

// dayItems builds a collection of one document per visible day.
func dayItems(dataType string, keep func(env, *truth.Person, truth.Day) bool,
	render func(env, *truth.Person, truth.Day) any) func(env, *truth.Person) []item {
	return func(e env, p *truth.Person) []item {
		var out []item
		for _, d := range p.Days() {
			if keep != nil && !keep(e, p, d) {
				continue
			}
			out = append(out, item{id: e.id(p, dataType, d.Date), day: d.Date, start: d.Start,
				render: func() any { return render(e, p, d) }})
		}
		return out
	}
}

// collections returns the routes in the seed's order.
func collections() []collection {
	day := func(dt, scope string, render func(env, *truth.Person, truth.Day) any) collection {
		return collection{path: dt, dataType: dt, scope: scope, dated: true, items: dayItems(dt, nil, render)}
	}
	return []collection{
		day(DataDailyActivity, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailyActivity(p, d) }),
		day(DataDailyCardiovascularAge, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailyCardiovascularAge(p, d) }),
		day(DataDailyReadiness, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailyReadiness(p, d) }),
		day(DataDailyResilience, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailyResilience(p, d) }),
		day(DataDailySleep, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailySleep(p, d) }),
		day(DataDailySpO2, ScopeSpO2, func(e env, p *truth.Person, d truth.Day) any { return e.dailySpO2(p, d) }),
		day(DataDailyStress, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.dailyStress(p, d) }),
		{path: DataEnhancedTag, dataType: DataEnhancedTag, scope: ScopeTag, dated: true, items: tagItems(true)},
		{path: DataRestModePeriod, dataType: DataRestModePeriod, scope: ScopeDaily, dated: true, items: restModeItems},
		{path: DataRingConfiguration, dataType: DataRingConfiguration, scope: ScopeDaily, items: ringItems},
		{path: DataSession, dataType: DataSession, scope: ScopeSession, dated: true, items: sessionItems},
		{path: DataSleep, dataType: DataSleep, scope: ScopeDaily, dated: true, items: sleepItems},
		day(DataSleepTime, ScopeDaily, func(e env, p *truth.Person, d truth.Day) any { return e.sleepTime(p, d) }),
		{path: DataTag, dataType: DataTag, scope: ScopeTag, dated: true, items: tagItems(false)},
		{path: "vO2_max", dataType: DataVO2Max, scope: ScopeDaily, dated: true,
			items: dayItems(DataVO2Max, env.hasVO2MaxDay, func(e env, p *truth.Person, d truth.Day) any { return e.vo2Max(p, d) })},
		{path: DataWorkout, dataType: DataWorkout, scope: ScopeWorkout, dated: true, items: workoutItems},
	}
}

func (e env) hasVO2MaxDay(p *truth.Person, d truth.Day) bool { return e.hasVO2Max(p, d) }

// sleepItems lists visible sleep periods, numbering each day's periods.
func sleepItems(e env, p *truth.Person) []item {
	var out []item
	period := map[int]int{}
	for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
		n := period[s.Day]
		period[s.Day]++
		out = append(out, item{id: e.id(p, DataSleep, s.ID), day: e.date(s.Day), start: s.Start,
			render: func() any { return e.sleepDoc(p, s, n) }})
	}
	return out
}

// workoutItems lists visible workouts.
func workoutItems(e env, p *truth.Person) []item {
	var out []item
	for _, w := range p.Workouts(time.Time{}, time.Time{}) {
		out = append(out, item{id: e.id(p, DataWorkout, w.ID), day: e.date(w.Day), start: w.Start,
			render: func() any { return e.workoutDoc(p, w) }})
	}
	return out
}

// sessionItems lists the sessions that have ended (and synced) by Now.
func sessionItems(e env, p *truth.Person) []item {
	var out []item
	now := e.world.Now()
	for _, d := range p.Days() {
		s, ok := e.sessionOf(p, d)
		if !ok || now.Before(s.visibleAt()) {
			continue
		}
		out = append(out, item{id: e.id(p, DataSession, d.Date), day: d.Date, start: s.start,
			render: func() any { return e.sessionDoc(p, s) }})
	}
	return out
}

// tagItems lists the tags entered by Now, as enhanced or deprecated tags.
func tagItems(enhanced bool) func(env, *truth.Person) []item {
	return func(e env, p *truth.Person) []item {
		var out []item
		now := e.world.Now()
		for _, d := range p.Days() {
			for _, t := range e.tagsOf(p, d) {
				if now.Before(t.visibleAt()) {
					continue
				}
				it := item{day: d.Date, start: t.start}
				if enhanced {
					it.id, it.render = e.id(p, DataEnhancedTag, t.key()), func() any { return e.enhancedTagDoc(p, t) }
				} else {
					it.id, it.render = e.id(p, DataTag, t.key()), func() any { return e.tagDoc(p, t) }
				}
				out = append(out, it)
			}
		}
		slices.SortFunc(out, compareItems)
		return out
	}
}

// restModeItems lists the rest-mode periods started by Now.
func restModeItems(e env, p *truth.Person) []item {
	var out []item
	for _, r := range e.restModes(p) {
		out = append(out, item{id: e.id(p, DataRestModePeriod, r.first.Date), day: r.first.Date, start: r.start,
			render: func() any { return e.restModeDoc(p, r) }})
	}
	return out
}

// ringItems is the person's one ring.
func ringItems(e env, p *truth.Person) []item {
	rc := e.ringConfiguration(p)
	return []item{{id: rc.ID, start: e.world.Start(), render: func() any { return rc }}}
}

// compareItems orders items by start, then id, which is the paging key.
func compareItems(a, b item) int {
	return cmp.Or(a.start.Compare(b.start), cmp.Compare(a.id, b.id))
}
