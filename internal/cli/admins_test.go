package cli

import (
	"bytes"
	"context"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console/consoletest"
)

// runCLIStdin is runCLI with standard input.
func runCLIStdin(t *testing.T, env map[string]string, stdin string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: args, Getenv: func(k string) string { return env[k] }, Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return run{code: code, stdout: out.String(), stderr: errb.String()}
}

// TestAdminBesideRunningServer: operators are created, listed and given
// new passwords while a server holds the SQLite file, and sign in to its
// console at once.
func TestAdminBesideRunningServer(t *testing.T) {
	t.Parallel()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(t.TempDir(), "w.db"), "WEARHOUSE_LOG_LEVEL": "error"}
	base := runningServer(t, env)

	r := runCLI(t, env, "admin", "create", "--username", "ops")
	require.Equal(t, 0, r.code, r.stderr)
	generated := strings.TrimSpace(r.stdout)
	require.Len(t, generated, 26, "a generated password, alone on stdout")
	consoletest.SignIn(t, consoletest.Client(t), base, "ops", generated)

	r = runCLI(t, env, "admin", "create", "--username", "ops")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "exists already")
	r = runCLI(t, env, "admin", "create", "--username", "x", "--role", "root")
	require.Equal(t, 2, r.code)
	r = runCLIStdin(t, env, "short\n", "admin", "create", "--username", "viewer", "--role", "readonly", "--password-stdin")
	require.Equal(t, 2, r.code, "a short password is refused")
	r = runCLIStdin(t, env, "a long enough passphrase\n", "admin", "create", "--username", "viewer", "--role", "readonly", "--password-stdin")
	require.Equal(t, 0, r.code, r.stderr)
	require.Empty(t, r.stdout, "a password given on stdin is not printed")
	consoletest.SignIn(t, consoletest.Client(t), base, "viewer", "a long enough passphrase")

	r = runCLIStdin(t, env, "another long passphrase\n", "admin", "passwd", "--username", "ops", "--password-stdin")
	require.Equal(t, 0, r.code, r.stderr)
	status, _ := consoletest.TrySignIn(t, consoletest.Client(t), base, "ops", generated)
	require.Equal(t, http.StatusUnauthorized, status, "the old password no longer works")
	consoletest.SignIn(t, consoletest.Client(t), base, "ops", "another long passphrase")

	r = runCLI(t, env, "admin", "list")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "ops")
	require.Contains(t, r.stdout, "readonly")
	require.NotContains(t, r.stdout, "argon2", "no hash is printed")
}
