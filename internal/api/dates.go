package api

import (
	"math"
	"strconv"
	"strings"
	"time"
)

// parseTime parses a date parameter the way Open Wearables documents it:
// ISO 8601 with an offset or Z, a date-only string (midnight UTC, not a
// naive local time), or Unix seconds (integer or decimal). dateOnly
// reports whether the input had no time part, which some routes use to
// make an end date inclusive.
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
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700", "2006-01-02T15:04Z07:00"} {
		if t, perr := time.Parse(layout, s); perr == nil {
			return t.UTC(), false, nil
		}
	}
	return time.Time{}, false, badRequest(
		"invalid %s %q: expected ISO 8601 with offset or Z (2023-11-07T05:31:56Z), a date (2023-11-07) or Unix seconds", param, s)
}
