package delivery

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Schedule is the Standard Webhooks retry schedule: the first attempt
// immediately, then after each failure the next delay. A message that
// fails its last attempt is failed (recoverable through the API).
var Schedule = [...]time.Duration{
	0, 5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour,
	5 * time.Hour, 10 * time.Hour, 14 * time.Hour, 20 * time.Hour, 24 * time.Hour,
}

// maxRetryAfter caps a receiver's Retry-After: a day, the schedule's
// longest step.
const maxRetryAfter = 24 * time.Hour

// DisableAfter is how long an endpoint may fail without a success before
// it is disabled.
const DisableAfter = 5 * 24 * time.Hour

// NextDelay is the wait after failed attempt number attempt (1-based), or
// false when it was the last. A receiver's Retry-After (on 429 and 503)
// pushes the retry back, never forward.
func NextDelay(attempt int, retryAfter time.Duration) (time.Duration, bool) {
	if attempt < 1 || attempt >= len(Schedule) {
		return 0, false
	}
	return max(Schedule[attempt], min(retryAfter, maxRetryAfter)), true
}

// RetryAfter reads a Retry-After header (delay seconds or an HTTP date)
// of a 429 or 503 answer; zero otherwise.
func RetryAfter(status int, h http.Header, now time.Time) time.Duration {
	if status != http.StatusTooManyRequests && status != http.StatusServiceUnavailable {
		return 0
	}
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	if s, err := strconv.ParseInt(v, 10, 64); err == nil {
		if s <= 0 {
			return 0
		}
		return min(time.Duration(min(s, int64(maxRetryAfter/time.Second)))*time.Second, maxRetryAfter)
	}
	if at, err := http.ParseTime(v); err == nil && at.After(now) {
		return min(at.Sub(now), maxRetryAfter)
	}
	return 0
}
