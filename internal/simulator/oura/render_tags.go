package oura

import (
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// userTag is a derived tag a person entered in the app. The truth has no
// tags, so each day draws a few common ones (seed 002 "Enhanced Tag
// Routes"); the same tags back the deprecated tag route.
type userTag struct {
	day     truth.Day
	slot    int // position within the day, part of the document key
	code    string
	custom  string // custom_name for code "custom"
	comment string
	start   time.Time
	end     time.Time // zero: an instant tag
}

// key names the tag for DocumentID.
func (t userTag) key() string { return t.day.Date + "#" + strconv.Itoa(t.slot) }

// wakeTime returns when the person got up on day d (the main sleep's end).
func wakeTime(p *truth.Person, d truth.Day) time.Time {
	if s, ok := p.Sleep(d.MainSleepID); ok {
		return s.End
	}
	return d.Start.Add(7 * time.Hour)
}

// tagsOf returns day d's tags in time order.
func (e env) tagsOf(p *truth.Person, d truth.Day) []userTag {
	var out []userTag
	u := func(k string) float64 { return e.unit(p, "tag", k, d.Date) }
	if u("caffeine") < 0.5 {
		at := wakeTime(p, d).Add(time.Duration(20+40*u("caffeine-at")) * time.Minute).Truncate(time.Minute)
		out = append(out, userTag{day: d, code: "tag_generic_caffeine", start: at})
	}
	if u("custom") < 0.06 {
		at := d.Start.Add(18*time.Hour + time.Duration(60*u("custom-at"))*time.Minute)
		out = append(out, userTag{day: d, code: "custom", custom: "Sauna", comment: "Evening sauna",
			start: at, end: at.Add(40 * time.Minute)})
	}
	if u("alcohol") < 0.15 {
		at := d.Start.Add(19*time.Hour + 30*time.Minute + time.Duration(90*u("alcohol-at"))*time.Minute)
		out = append(out, userTag{day: d, code: "tag_generic_alcohol", comment: "Two glasses of wine",
			start: at, end: at.Add(2 * time.Hour)})
	}
	if u("meal") < 0.1 {
		at := d.Start.Add(21*time.Hour + time.Duration(60*u("meal-at"))*time.Minute)
		out = append(out, userTag{day: d, code: "tag_generic_late_meal", start: at})
	}
	for i := range out {
		out[i].slot = i
	}
	return out
}

// visibleAt is when the tag reaches the API: once it has been entered,
// and not before its day is (derived documents hang off a visible day).
func (t userTag) visibleAt() time.Time { return later(t.start.Add(time.Minute), t.day.CreatedAt) }

// later returns the later of two instants.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// enhancedTagDoc renders a tag as an enhanced_tag document.
func (e env) enhancedTagDoc(p *truth.Person, t userTag) EnhancedTag {
	doc := EnhancedTag{
		ID:          e.id(p, DataEnhancedTag, t.key()),
		TagTypeCode: ptr(t.code),
		StartTime:   local(p, t.start),
		StartDay:    t.day.Date,
	}
	if !t.end.IsZero() {
		doc.EndTime = ptr(local(p, t.end))
		doc.EndDay = ptr(t.end.In(p.Location(t.end)).Format(time.DateOnly))
	}
	if t.comment != "" {
		doc.Comment = ptr(t.comment)
	}
	if t.custom != "" {
		doc.CustomName = ptr(t.custom)
	}
	return doc
}

// tagDoc renders a tag as a deprecated tag document.
func (e env) tagDoc(p *truth.Person, t userTag) Tag {
	doc := Tag{ID: e.id(p, DataTag, t.key()), Day: t.day.Date, Timestamp: local(p, t.start), Tags: []string{t.code}}
	if t.comment != "" {
		doc.Text = ptr(t.comment)
	}
	return doc
}

// restMode is a derived rest-mode period: the person turns rest mode on in
// the morning of a day with a clearly raised skin temperature (a sign of
// illness in the truth) and off one or two days later.
type restMode struct {
	first      truth.Day
	lastDay    string
	start, end time.Time
}

// visibleAt is when the period reaches the API: when it starts, and not
// before its first day is visible.
func (r restMode) visibleAt() time.Time { return later(r.start, r.first.CreatedAt) }

// restModes lists the periods that have started by the world's Now.
func (e env) restModes(p *truth.Person) []restMode {
	var out []restMode
	nextFree := 0
	now := e.world.Now()
	for _, d := range p.Days() {
		if d.Index < nextFree || d.SkinTempDeviationC < 0.3 || e.unit(p, "rest-on", d.Date) < 0.5 {
			continue
		}
		k := 1 + int(2*e.unit(p, "rest", d.Date))
		start := wakeTime(p, d).Add(10 * time.Minute).Truncate(time.Minute)
		if now.Before(start) {
			continue
		}
		end := d.Start.Add(time.Duration(k)*24*time.Hour + 9*time.Hour)
		out = append(out, restMode{first: d, lastDay: e.date(d.Index + k), start: start, end: end})
		nextFree = d.Index + k + 1
	}
	return out
}

// restModeDoc renders a period; it is open (no end) until it has ended.
func (e env) restModeDoc(p *truth.Person, r restMode) RestModePeriod {
	doc := RestModePeriod{
		ID:        e.id(p, DataRestModePeriod, r.first.Date),
		Episodes:  []RestModeEpisode{{Tags: []string{"tag_generic_sick"}, Timestamp: local(p, r.start)}},
		StartDay:  r.first.Date,
		StartTime: ptr(local(p, r.start)),
	}
	if !e.world.Now().Before(r.end) {
		doc.EndDay, doc.EndTime = ptr(r.lastDay), ptr(local(p, r.end))
	}
	return doc
}
