package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// RateWindow is one request quota: at most Requests per Per.
type RateWindow struct {
	Requests int
	Per      time.Duration
}

// ParseRateLimit reads a WEARHOUSE_<PROVIDER>_RATE_LIMIT value: comma-
// separated "REQUESTS/DURATION" windows such as "100/1m,10000/24h". The
// empty string means the provider's published default limits (nil).
// Providers raise quotas for established apps on request, and a local
// simulator needs none of them, so the quota is configuration.
func ParseRateLimit(v string) ([]RateWindow, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []RateWindow
	for _, part := range strings.Split(v, ",") {
		n, d, ok := strings.Cut(strings.TrimSpace(part), "/")
		if !ok {
			return nil, fmt.Errorf("rate limit %q: want REQUESTS/DURATION, e.g. 100/1m", part)
		}
		req, err := strconv.Atoi(n)
		if err != nil || req < 1 {
			return nil, fmt.Errorf("rate limit %q: requests must be a positive integer", part)
		}
		per, err := time.ParseDuration(d)
		if err != nil || per < time.Second {
			return nil, fmt.Errorf("rate limit %q: duration must be at least 1s (e.g. 1m, 24h)", part)
		}
		out = append(out, RateWindow{Requests: req, Per: per})
	}
	return out, nil
}
