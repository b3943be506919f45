package cli

import (
	"os"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestBenchSync runs `wearhouse bench sync` tiny with -verify on each
// engine: it prints one line per provider and a total, and the store ends
// up with exactly the documents the simulators serve.
func TestBenchSync(t *testing.T) {
	t.Parallel()
	row := regexp.MustCompile(`(?m)^(whoop|oura|withings|total)\s+\S+\s+(\d+)\s+\d+\s+(\d+)\s`)
	for _, tc := range []struct {
		name string
		args []string
	}{
		{"SQLite", nil},
		{"Postgres", []string{"-database-url", os.Getenv(storetest.PostgresEnv)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if tc.name == "Postgres" && os.Getenv(storetest.PostgresEnv) == "" {
				t.Skipf("%s is not set", storetest.PostgresEnv)
			}
			r := runCLI(t, nil, append([]string{"bench", "sync", "-users", "2", "-days", "3", "-workers", "2", "-verify"}, tc.args...)...)
			require.Equal(t, 0, r.code, r.stderr)
			require.Contains(t, r.stdout, "sync: 2 users × 3 days from whoop, oura, withings")
			require.Contains(t, r.stdout, "verified: the store holds exactly the documents the simulators serve")
			rows := row.FindAllStringSubmatch(r.stdout, -1)
			require.Len(t, rows, 4, r.stdout)
			for _, m := range rows {
				require.NotEqual(t, "0", m[2], "%s fetched documents", m[1])
				require.NotEqual(t, "0", m[3], "%s wrote records", m[1])
			}
		})
	}
}

// TestBenchSyncUsage rejects flags it cannot run with.
func TestBenchSyncUsage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-providers", "whoop,garmin"}, "-providers takes a comma-separated list of whoop, oura, withings"},
		{[]string{"-users", "0"}, "-users, -days and -workers must be positive"},
		{[]string{"-workers", "-1"}, "-users, -days and -workers must be positive"},
	} {
		r := runCLI(t, nil, append([]string{"bench", "sync"}, tc.args...)...)
		require.Equal(t, 2, r.code, tc.args)
		require.Contains(t, r.stderr, tc.want)
	}
}
