package oura

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"time"
)

// errBadParam is a query parameter the simulator cannot parse (422, as
// Oura's FastAPI validation answers); errBadRequest a well-formed request
// the API refuses (400).
var (
	errBadParam   = errors.New("invalid query parameter")
	errBadRequest = errors.New("bad request")
)

// paramError names the parameter in a 422 body.
type paramError struct {
	name, msg string
}

func (e *paramError) Error() string { return e.name + ": " + e.msg }
func (e *paramError) Unwrap() error { return errBadParam }

// wall parses a date ("2021-11-01") or a date-time with or without an
// offset into its wall-clock reading, as a UTC time. Oura interprets dates
// in the user's local time zone (seed FAQ), so comparing wall clocks of
// the query with the local days of documents is what the API does.
func wall(name, v string) (time.Time, error) {
	for _, layout := range []string{time.DateOnly, time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02T15:04"} {
		t, err := time.Parse(layout, v)
		if err != nil {
			continue
		}
		y, m, d := t.Date()
		return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	return time.Time{}, &paramError{name: name, msg: fmt.Sprintf("invalid date or date-time %q", v)}
}

// dayWindow is a half-open window on local days: a document of local date
// D (midnight) is in it when start ≤ D < end, start truncated to its date.
type dayWindow struct {
	Start, End time.Time
}

// contains reports whether the local date day ("2006-01-02") is inside.
func (w dayWindow) contains(day string) bool {
	d, err := time.Parse(time.DateOnly, day)
	if err != nil {
		return false
	}
	return !d.Before(w.Start) && d.Before(w.End)
}

// parseDayWindow reads start_date and end_date. Defaults follow Oura's
// documented ones: end_date today (local, exclusive) and start_date one day
// before end_date.
func parseDayWindow(q url.Values, today time.Time) (dayWindow, error) {
	w := dayWindow{End: today}
	if v := q.Get("end_date"); v != "" {
		t, err := wall("end_date", v)
		if err != nil {
			return w, err
		}
		w.End = t
	}
	w.Start = w.End.AddDate(0, 0, -1).Truncate(24 * time.Hour)
	if v := q.Get("start_date"); v != "" {
		t, err := wall("start_date", v)
		if err != nil {
			return w, err
		}
		w.Start = t.Truncate(24 * time.Hour)
	}
	if w.Start.After(w.End) {
		return w, fmt.Errorf("%w: start_date is after end_date", errBadRequest)
	}
	return w, nil
}

// maxHeartRateWindow is the longest heartrate window Oura serves in one
// query; longer ones are refused with 400 (research B.2 notes windows of
// up to a month are the documented practice).
const maxHeartRateWindow = 30 * 24 * time.Hour

// parseInstantWindow reads start_datetime and end_datetime as instants.
// A value without an offset is read as UTC. Defaults: end now, start one
// day before end.
func parseInstantWindow(q url.Values, now time.Time) (start, end time.Time, err error) {
	end = now
	parse := func(name string) (time.Time, bool, error) {
		v := q.Get(name)
		if v == "" {
			return time.Time{}, false, nil
		}
		for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", time.DateOnly} {
			if t, err := time.Parse(layout, v); err == nil {
				return t, true, nil
			}
		}
		return time.Time{}, false, &paramError{name: name, msg: fmt.Sprintf("invalid date-time %q", v)}
	}
	if t, ok, err := parse("end_datetime"); err != nil {
		return start, end, err
	} else if ok {
		end = t
	}
	start = end.Add(-24 * time.Hour)
	if t, ok, err := parse("start_datetime"); err != nil {
		return start, end, err
	} else if ok {
		start = t
	}
	switch {
	case start.After(end):
		return start, end, fmt.Errorf("%w: start_datetime is after end_datetime", errBadRequest)
	case end.Sub(start) > maxHeartRateWindow:
		return start, end, fmt.Errorf("%w: start_datetime and end_datetime must be at most 30 days apart", errBadRequest)
	}
	return start.UTC(), end.UTC(), nil
}

// cursor is the content of a next_token: the window of the first request
// and the paging key of the last document returned. Keyset paging keeps
// pages exact when documents appear or disappear between requests.
type cursor struct {
	Start int64  `json:"s"`
	End   int64  `json:"e"`
	After int64  `json:"a"` // UnixNano of the last document's order key
	ID    string `json:"i"`
}

// encode renders the token.
func (c cursor) encode() string {
	b, _ := json.Marshal(c) // a struct of ints and strings always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// decodeCursor parses a next_token.
func decodeCursor(tok string) (cursor, error) {
	var c cursor
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil {
		return c, fmt.Errorf("%w: invalid next_token: %w", errBadRequest, err)
	}
	return c, nil
}

// after reports whether an item with order key (t, id) comes after c.
func (c cursor) after(t time.Time, id string) bool {
	n := t.UnixNano()
	return n > c.After || (n == c.After && id > c.ID)
}
