package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestReadmeQuickStartMatchesCI keeps the promise of the README: its quick
// start is exactly two commands (start; test), and CI runs that very test
// command on both engines.
func TestReadmeQuickStartMatchesCI(t *testing.T) {
	t.Parallel()
	root := filepath.Join("..", "..")
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	require.NoError(t, err)
	section := regexp.MustCompile("(?s)## Quick start.*?```sh\n(.*?)```").FindSubmatch(readme)
	require.NotNil(t, section, "README has a Quick start with a sh block")
	var cmds []string
	for _, line := range strings.Split(string(section[1]), "\n") {
		if cmd, _, _ := strings.Cut(line, "#"); strings.TrimSpace(cmd) != "" {
			cmds = append(cmds, strings.TrimSpace(cmd))
		}
	}
	require.Len(t, cmds, 2, "exactly two commands: start, then test")
	require.True(t, strings.HasPrefix(cmds[0], "go run ./cmd/wearhouse "), cmds[0])
	require.True(t, strings.HasPrefix(cmds[1], "go test"), cmds[1])

	ci, err := os.ReadFile(filepath.Join(root, ".ci", "run"))
	require.NoError(t, err)
	require.Contains(t, string(ci), `TEST_CMD="`+cmds[1]+`"`)
	require.Contains(t, string(ci), `env -u WEARHOUSE_TEST_POSTGRES_URL $TEST_CMD`)
	require.Contains(t, string(ci), `WEARHOUSE_TEST_POSTGRES_URL="$PG_URL" $TEST_CMD`)
}
