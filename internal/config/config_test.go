package config

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func load(t *testing.T, args []string, env map[string]string) (Config, error) {
	t.Helper()
	fs := flag.NewFlagSet("test", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	build := RegisterFlags(fs, func(k string) string { return env[k] })
	require.NoError(t, fs.Parse(args))
	return build()
}

func TestDefaultsAreValid(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil, nil)
	require.NoError(t, err)
	require.Equal(t, ":8080", c.Addr)
	require.Equal(t, EngineSQLite, c.Engine())
	require.Equal(t, "data/wearhouse.db", c.SQLitePath())
	require.Equal(t, 90, c.BackfillDays)
	require.Equal(t, time.Hour, c.SyncInterval)
	require.Equal(t, "https://api.prod.whoop.com/developer", c.Providers["whoop"].APIURL)
	require.False(t, c.Providers["oura"].Configured())
}

func TestFlagsOverrideEnv(t *testing.T) {
	t.Parallel()
	c, err := load(t, []string{"-addr", ":9000"}, map[string]string{
		"WEARHOUSE_ADDR":                ":7000",
		"WEARHOUSE_WHOOP_CLIENT_ID":     "id",
		"WEARHOUSE_WHOOP_CLIENT_SECRET": "s",
		"WEARHOUSE_REDIRECT_ALLOWLIST":  "https://app.example.com/, https://x.example.org/cb",
	})
	require.NoError(t, err)
	require.Equal(t, ":9000", c.Addr)
	require.True(t, c.Providers["whoop"].Configured())
	require.Equal(t, []string{"https://app.example.com/", "https://x.example.org/cb"}, c.RedirectAllowlist)
}

func TestValidationReportsEveryProblem(t *testing.T) {
	t.Parallel()
	_, err := load(t, nil, map[string]string{
		"WEARHOUSE_DATABASE_URL":    "postgres://u:p@db/wearhouse",
		"WEARHOUSE_BASE_URL":        "not a url",
		"WEARHOUSE_LOG_LEVEL":       "loud",
		"WEARHOUSE_SYNC_INTERVAL":   "5s",
		"WEARHOUSE_OURA_RATE_LIMIT": "lots",
	})
	require.Error(t, err)
	for _, want := range []string{"WEARHOUSE_SECRET_KEY", "WEARHOUSE_BASE_URL", "WEARHOUSE_LOG_LEVEL", "WEARHOUSE_SYNC_INTERVAL", "WEARHOUSE_OURA_RATE_LIMIT"} {
		require.ErrorContains(t, err, want)
	}
	_, err = load(t, nil, map[string]string{"WEARHOUSE_BACKFILL_DAYS": "many"})
	require.ErrorContains(t, err, "WEARHOUSE_BACKFILL_DAYS")
}

func TestPrintRedactsSecrets(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil, map[string]string{
		"WEARHOUSE_DATABASE_URL":       "postgres://app:hunter2@db:5432/wearhouse",
		"WEARHOUSE_SECRET_KEY":         "c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0c2VjcmV0MTI=",
		"WEARHOUSE_OURA_CLIENT_SECRET": "oura-secret",
	})
	require.NoError(t, err)
	var buf bytes.Buffer
	c.Print(&buf)
	out := buf.String()
	require.NotContains(t, out, "hunter2")
	require.NotContains(t, out, "oura-secret")
	require.NotContains(t, out, "c2VjcmV0")
	require.Contains(t, out, "WEARHOUSE_DATABASE_URL=postgres://app:redacted@db:5432/wearhouse")
	require.Contains(t, out, "WEARHOUSE_OURA_CLIENT_SECRET=[redacted]")
	require.Contains(t, out, "WEARHOUSE_ADDR=:8080")
}

var update = flag.Bool("update", false, "rewrite golden files")

// TestConfigurationDoc keeps docs/configuration.md generated from the
// settings table, so the documentation cannot drift from the code.
func TestConfigurationDoc(t *testing.T) {
	t.Parallel()
	var buf bytes.Buffer
	WriteMarkdown(&buf)
	path := filepath.Join("..", "..", "docs", "configuration.md")
	if *update {
		require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	require.Equal(t, buf.String(), string(got), "docs/configuration.md is stale: run go test ./internal/config -run TestConfigurationDoc -update")
	for _, s := range Settings() {
		require.Contains(t, string(got), s.Env)
	}
}

func TestParseRateLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in      string
		want    []RateWindow
		wantErr string
	}{
		{in: "", want: nil},
		{in: "120/1m", want: []RateWindow{{120, time.Minute}}},
		{in: "100/1m, 10000/24h", want: []RateWindow{{100, time.Minute}, {10000, 24 * time.Hour}}},
		{in: "100", wantErr: "REQUESTS/DURATION"},
		{in: "0/1m", wantErr: "positive integer"},
		{in: "10/fortnight", wantErr: "at least 1s"},
		{in: "10/1ms", wantErr: "at least 1s"},
	}
	for _, tt := range tests {
		got, err := ParseRateLimit(tt.in)
		if tt.wantErr != "" {
			require.ErrorContains(t, err, tt.wantErr, tt.in)
			continue
		}
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, got, tt.in)
	}
}
