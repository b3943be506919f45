package api

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// parseTime parses a date parameter the way Open Wearables 0.9.0 reads
// it: ISO 8601 with an offset or Z, without one (read as UTC), a
// date-only string (midnight UTC, not a naive local time), or Unix
// seconds (integer or decimal). dateOnly reports whether the input had no
// time part; parseEnd uses it to make an end date inclusive.
func parseTime(param, s string) (t time.Time, dateOnly bool, err error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, badRequest("%s is required", param)
	}
	if f, perr := strconv.ParseFloat(s, 64); perr == nil {
		if math.IsNaN(f) || math.IsInf(f, 0) || f < 0 || f > 253402300799 {
			return time.Time{}, false, badRequest("invalid %s %q: Unix seconds out of range", param, s)
		}
		sec, frac := math.Modf(f)
		return time.Unix(int64(sec), int64(frac*1e9)).UTC(), false, nil
	}
	if t, perr := time.Parse(time.DateOnly, s); perr == nil {
		return t.UTC(), true, nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04Z07:00",
		"2006-01-02T15:04:05.999999999", "2006-01-02T15:04"} { // the last two have no offset: UTC
		if t, perr := time.Parse(layout, s); perr == nil {
			return t.UTC(), false, nil
		}
	}
	return time.Time{}, false, badRequest(
		"invalid %s %q: expected ISO 8601 (2023-11-07T05:31:56Z; without an offset it is UTC), a date (2023-11-07) or Unix seconds", param, s)
}

// parseEnd parses the end of a range. A date-only end covers that whole
// day, as in Open Wearables 0.9.0: end_date=2025-03-05 ends at
// 2025-03-06T00:00:00Z, so a date-only range includes both boundary days
// and start = end is one day. Any other form is an exact, exclusive end.
func parseEnd(param, s string) (time.Time, error) {
	t, dateOnly, err := parseTime(param, s)
	if err == nil && dateOnly {
		t = t.AddDate(0, 0, 1)
	}
	return t, err
}

// optionalRange reads an optional start_date/end_date pair, either bound
// may be absent; when both are given the end must be after the start.
func optionalRange(start, end *string) (from, to *time.Time, err error) {
	if start != nil {
		t, _, err := parseTime("start_date", *start)
		if err != nil {
			return nil, nil, err
		}
		from = &t
	}
	if end != nil {
		t, err := parseEnd("end_date", *end)
		if err != nil {
			return nil, nil, err
		}
		to = &t
	}
	if from != nil && to != nil && !to.After(*from) {
		return nil, nil, badRequest("end_date must be after start_date")
	}
	return from, to, nil
}
