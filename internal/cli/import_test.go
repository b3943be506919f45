package cli

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImportAppleHealth: `import apple-health FILE --user ID` (flags before
// or after the file) stores the export's samples with a progress line on
// stderr and a summary on stdout; a second run adds nothing; bad usage
// and an unknown user are clear errors.
func TestImportAppleHealth(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(dir, "w.db"), "WEARHOUSE_LOG_LEVEL": "error"}
	r := runCLI(t, env, "users", "create", "--email", "ana@example.com")
	require.Equal(t, 0, r.code, r.stderr)
	user := strings.TrimSpace(r.stdout)
	file := filepath.Join("..", "provider", "apple", "testdata", "export_small.xml")

	r = runCLI(t, env, "import", "apple-health", file, "--user", user)
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "imported 6 samples, 1 sleep records and 1 workouts from 4 sources (8 new, 0 changed)")
	require.Contains(t, r.stdout, "not imported yet: 1 × ActivitySummary")
	require.Contains(t, r.stderr, "100.0 %")

	r = runCLI(t, env, "import", "apple-health", "--user", user, file)
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "(0 new, 0 changed)")

	r = runCLI(t, env, "import", "apple-health", file)
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "--user ID")
	r = runCLI(t, env, "import", "garmin", file)
	require.Equal(t, 2, r.code)
	r = runCLI(t, env, "import", "apple-health", file, "--user", "0190a1b2-0000-7000-8000-000000000000")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "not found")
	r = runCLI(t, env, "import", "apple-health", filepath.Join(dir, "missing.zip"), "--user", user)
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "missing.zip")
}
