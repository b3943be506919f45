package delivery

import (
	"net/http"
	"net/netip"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestGuardAddresses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		ip       string
		ok, loop bool // allowed without / with AllowLoopback
	}{
		{"93.184.216.34", true, true},
		{"2606:2800:220:1:248:1893:25c8:1946", true, true},
		{"127.0.0.1", false, true},
		{"::1", false, true},
		{"::ffff:127.0.0.1", false, true},
		{"10.1.2.3", false, false},
		{"172.16.0.1", false, false},
		{"192.168.1.1", false, false},
		{"169.254.169.254", false, false}, // cloud metadata
		{"fe80::1", false, false},
		{"fc00::1", false, false},
		{"100.64.0.1", false, false},
		{"0.0.0.0", false, false},
		{"224.0.0.1", false, false},
		{"::ffff:10.0.0.1", false, false},
	} {
		ip := netip.MustParseAddr(tc.ip)
		require.Equal(t, tc.ok, Guard{}.check(ip) == nil, tc.ip)
		require.Equal(t, tc.loop, Guard{AllowLoopback: true}.check(ip) == nil, tc.ip+" with loopback")
		require.Equal(t, tc.ok, Guard{}.Control("tcp", netip.AddrPortFrom(ip, 443).String(), nil) == nil, tc.ip+" control")
	}
}

func TestValidateURL(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url      string
		ok, loop bool
	}{
		{"https://example.com/hook", true, true},
		{"http://example.com/hook", false, false},
		{"http://127.0.0.1:8080/hook", false, true},
		{"http://localhost:8080/hook", false, true},
		{"https://10.0.0.1/hook", false, false},
		{"https://169.254.169.254/latest", false, false},
		{"ftp://example.com/x", false, false},
		{"https://user:pw@example.com/", false, false},
		{"/relative", false, false},
		{"https://", false, false},
		{"https://example.com/#frag", false, false},
	} {
		require.Equal(t, tc.ok, Guard{}.ValidateURL(tc.url) == nil, tc.url)
		require.Equal(t, tc.loop, Guard{AllowLoopback: true}.ValidateURL(tc.url) == nil, tc.url+" with loopback")
	}
}

func TestNextDelay(t *testing.T) {
	t.Parallel()
	want := []time.Duration{5 * time.Second, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 5 * time.Hour,
		10 * time.Hour, 14 * time.Hour, 20 * time.Hour, 24 * time.Hour}
	for i, w := range want {
		d, ok := NextDelay(i+1, 0)
		require.True(t, ok)
		require.Equal(t, w, d, "after attempt %d", i+1)
	}
	_, ok := NextDelay(10, 0)
	require.False(t, ok, "ten attempts in all")
	d, _ := NextDelay(1, time.Hour)
	require.Equal(t, time.Hour, d, "Retry-After pushes back")
	d, _ = NextDelay(3, time.Second)
	require.Equal(t, 30*time.Minute, d, "never forward")
	d, _ = NextDelay(1, 1000*time.Hour)
	require.Equal(t, 24*time.Hour, d, "capped")
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	h := func(v string) http.Header { return http.Header{"Retry-After": {v}} }
	require.Equal(t, 30*time.Second, RetryAfter(429, h("30"), now))
	require.Equal(t, 2*time.Minute, RetryAfter(503, h(now.Add(2*time.Minute).Format(http.TimeFormat)), now))
	require.Zero(t, RetryAfter(500, h("30"), now), "only 429 and 503")
	require.Zero(t, RetryAfter(429, h("soon"), now))
	require.Zero(t, RetryAfter(429, h("-5"), now))
	require.Equal(t, 24*time.Hour, RetryAfter(429, h("99999999999"), now))
}

// FuzzRetryAfter: a receiver's Retry-After is untrusted; whatever it
// says, the wait is between 0 and a day and the schedule never moves a
// retry forward.
func FuzzRetryAfter(f *testing.F) {
	for _, s := range []string{"30", "0", "-1", "99999999999999999999", "Wed, 21 Oct 2015 07:28:00 GMT", "", " 5 ", "1e3"} {
		f.Add(s)
	}
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, v string) {
		d := RetryAfter(http.StatusTooManyRequests, http.Header{"Retry-After": {v}}, now)
		if d < 0 || d > 24*time.Hour {
			t.Fatalf("Retry-After %q gave %s", v, d)
		}
		for a := 1; a < len(Schedule); a++ {
			next, ok := NextDelay(a, d)
			if !ok || next < Schedule[a] || next > 24*time.Hour {
				t.Fatalf("attempt %d, Retry-After %s: %s %v", a, d, next, ok)
			}
		}
	})
}
