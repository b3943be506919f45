package cli

import (
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestBenchBackfillEveryProvider runs a tiny backfill per provider with
// a limit high enough not to matter: the benchmark completes, every
// request it made was one the pagination needs (ratio printed), and the
// sync succeeded. Wall-clock ratios are printed but never asserted.
func TestBenchBackfillEveryProvider(t *testing.T) {
	t.Parallel()
	ratio := regexp.MustCompile(`requests\s+(\d+) made, (\d+) minimum`)
	for _, name := range providerNames() {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := runCLI(t, nil, "bench", "backfill", "-provider", name, "-days", "3", "-rate-per-minute", "1000000")
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, name+" backfill: 3 days")
			require.Contains(t, r.stdout, "sync run       success")
			m := ratio.FindStringSubmatch(r.stdout)
			require.NotNil(t, m, r.stdout)
			require.NotEqual(t, "0", m[2], "a minimum was computed")
		})
	}
	r := runCLI(t, nil, "bench", "backfill", "-provider", "garmin")
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "-provider must be one of")
}
