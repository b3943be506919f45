package cli

import (
	"bytes"
	"context"
	"flag"
	"net"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
)

type run struct {
	code           int
	stdout, stderr string
}

func runCLI(t *testing.T, env map[string]string, args ...string) run {
	t.Helper()
	var out, errb bytes.Buffer
	code := Main(context.Background(), Env{Args: args, Getenv: func(k string) string { return env[k] }, Stdout: &out, Stderr: &errb})
	return run{code: code, stdout: out.String(), stderr: errb.String()}
}

func TestVersionAndUsage(t *testing.T) {
	t.Parallel()
	r := runCLI(t, nil, "version")
	require.Equal(t, 0, r.code)
	require.Contains(t, r.stdout, "wearhouse ")
	r = runCLI(t, nil, "frobnicate")
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "unknown command")
	r = runCLI(t, nil)
	require.Equal(t, 2, r.code)
}

func TestPrintConfigRedactsSecrets(t *testing.T) {
	t.Parallel()
	r := runCLI(t, map[string]string{
		"WEARHOUSE_DATABASE_URL":                "postgres://app:s3cret@db/wearhouse",
		"WEARHOUSE_SECRET_KEY":                  "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
		"WEARHOUSE_WHOOP_CLIENT_SECRET":         "whoop-secret",
		"WEARHOUSE_WHOOP_PARTNER_CLIENT_ID":     "lab",
		"WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET": "lab-secret",
	}, "serve", "--print-config", "--addr", ":9999")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "WEARHOUSE_ADDR=:9999")
	require.Contains(t, r.stdout, "WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET=[redacted]")
	for _, secret := range []string{"s3cret", "whoop-secret", "AAECAwQF", "lab-secret"} {
		require.NotContains(t, r.stdout, secret)
	}
}

func TestInvalidConfigFailsWithEveryProblem(t *testing.T) {
	t.Parallel()
	r := runCLI(t, map[string]string{"WEARHOUSE_DATABASE_URL": "postgres://db/x", "WEARHOUSE_LOG_LEVEL": "chatty"}, "serve")
	require.Equal(t, 1, r.code)
	require.Contains(t, r.stderr, "WEARHOUSE_SECRET_KEY")
	require.Contains(t, r.stderr, "WEARHOUSE_LOG_LEVEL")
}

func TestAdminCommandsOnSQLite(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(dir, "w.db"), "WEARHOUSE_LOG_LEVEL": "error"}

	r := runCLI(t, env, "migrate")
	require.Equal(t, 0, r.code, r.stderr)
	// No key configured: one was generated beside the database, private.
	st, err := os.Stat(filepath.Join(dir, "secret.key"))
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), st.Mode().Perm())

	r = runCLI(t, env, "apikeys", "create", "--name", "ci")
	require.Equal(t, 0, r.code, r.stderr)
	require.Regexp(t, regexp.MustCompile(`^wh_[0-9A-Za-z]{40}\n$`), r.stdout, "the key alone on stdout")
	key := strings.TrimSpace(r.stdout)

	r = runCLI(t, env, "apikeys", "list")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "ci")
	require.Contains(t, r.stdout, key[:11])
	require.NotContains(t, r.stdout, key, "the full key is never shown again")
	id := strings.Fields(strings.Split(r.stdout, "\n")[1])[0]

	r = runCLI(t, env, "apikeys", "revoke", id)
	require.Equal(t, 1, r.code, "the last active key cannot be revoked")
	require.Contains(t, r.stderr, "last active API key")
	r = runCLI(t, env, "apikeys", "create", "--name", "spare")
	require.Equal(t, 0, r.code, r.stderr)
	r = runCLI(t, env, "apikeys", "revoke", id)
	require.Equal(t, 0, r.code, r.stderr)
	r = runCLI(t, env, "apikeys", "list")
	require.Contains(t, r.stdout, "revoked")
	r = runCLI(t, env, "apikeys", "revoke", "0190a3c5-7e4b-7f00-8000-000000000000")
	require.Equal(t, 1, r.code)

	r = runCLI(t, env, "users", "create", "--email", "ada@example.com")
	require.Equal(t, 0, r.code, r.stderr)
	require.Regexp(t, `^[0-9a-f-]{36}\n$`, r.stdout)

	r = runCLI(t, env, "apikeys", "create")
	require.Equal(t, 2, r.code)
	require.Contains(t, r.stderr, "--name")
}

func TestSimulatePrintsEndpointsAndStops(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	w := &notifyWriter{buf: &out, wrote: make(chan struct{}, 1)}
	go func() {
		done <- Main(ctx, Env{Args: []string{"simulate", "--providers", "whoop", "--users", "1", "--days", "3", "--json"},
			Getenv: func(string) string { return "" }, Stdout: w, Stderr: &errb})
	}()
	select {
	case <-w.wrote:
	case code := <-done:
		t.Fatalf("simulate exited early with %d: %s", code, errb.String())
	}
	cancel()
	require.Equal(t, 0, <-done, errb.String())
	require.Contains(t, out.String(), `"client_secret"`)
	require.Contains(t, out.String(), `"api_url": "http://127.0.0.1:`)
}

// notifyWriter signals the first write, so the test waits on output
// instead of sleeping.
type notifyWriter struct {
	buf   *bytes.Buffer
	wrote chan struct{}
}

func (w *notifyWriter) Write(p []byte) (int, error) {
	n, err := w.buf.Write(p)
	select {
	case w.wrote <- struct{}{}:
	default:
	}
	return n, err
}

// TestSimulatePrintsEverySettingServeNeeds starts the simulators on fixed
// ports and loads the printed exports as `wearhouse serve` would: every
// provider is configured against its simulator, the WHOOP simulator posts
// to the named wearhouse, and the redirect allow-list is set (the Oura
// verification token is derived by serve, so none is printed).
func TestSimulatePrintsEverySettingServeNeeds(t *testing.T) {
	t.Parallel()
	base := freePortRun(t, 3)
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb bytes.Buffer
	done := make(chan int, 1)
	w := &notifyWriter{buf: &out, wrote: make(chan struct{}, 1)}
	go func() {
		done <- Main(ctx, Env{Args: []string{"simulate", "--users", "1", "--days", "2", "--port-base", strconv.Itoa(base),
			"--wearhouse-url", "http://127.0.0.1:9999/"}, Getenv: func(string) string { return "" }, Stdout: w, Stderr: &errb})
	}()
	select {
	case <-w.wrote:
	case code := <-done:
		t.Fatalf("simulate exited early with %d: %s", code, errb.String())
	}
	cancel()
	require.Equal(t, 0, <-done, errb.String())

	env := map[string]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if k, v, ok := strings.Cut(strings.TrimPrefix(line, "export "), "="); ok && strings.HasPrefix(line, "export ") {
			env[k] = v
		}
	}
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	load := config.RegisterFlags(fs, func(k string) string { return env[k] })
	require.NoError(t, fs.Parse(nil))
	cfg, err := load()
	require.NoError(t, err)
	require.NoError(t, cfg.Validate())
	for i, name := range []string{"whoop", "oura", "withings"} {
		pc := cfg.Providers[name]
		require.True(t, pc.Configured(), name)
		require.Contains(t, pc.APIURL, "127.0.0.1:"+strconv.Itoa(base+i), "%s on its fixed port", name)
	}
	require.Equal(t, "http://127.0.0.1:9999", cfg.BaseURL)
	require.Equal(t, []string{"http://127.0.0.1:9999/"}, cfg.RedirectAllowlist)
	require.Empty(t, cfg.Providers["oura"].Extra[oura.SettingVerificationToken], "serve derives it")
	require.Contains(t, out.String(), "# Oura webhook verification token: derived from WEARHOUSE_SECRET_KEY")
	require.True(t, cfg.WhoopPartner.Configured(), "the WHOOP simulator's lab partner")
	require.Equal(t, cfg.Providers["whoop"].APIURL, cfg.WhoopPartner.APIURL)
	require.Contains(t, out.String(), "WHOOP webhooks are posted to http://127.0.0.1:9999/api/v1/providers/whoop/webhooks")
}

// freePortRun finds n consecutive free loopback ports.
func freePortRun(t *testing.T, n int) int {
	t.Helper()
	for try := 0; try < 50; try++ {
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		require.NoError(t, err)
		first := ln.Addr().(*net.TCPAddr).Port
		require.NoError(t, ln.Close())
		ok := first+n < 65536
		for p := first; ok && p < first+n; p++ {
			l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(p)))
			if err != nil {
				ok = false
				break
			}
			require.NoError(t, l.Close())
		}
		if ok {
			return first
		}
	}
	t.Fatal("no run of free ports")
	return 0
}

// TestCommandsAreQuiet checks what a new user sees: River's migration
// lines are not printed on every command (an upgrade says so once), serve
// --help shows each setting's default, and --print-config says where the
// secret key comes from when none is set.
func TestCommandsAreQuiet(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	env := map[string]string{"WEARHOUSE_DATABASE_URL": filepath.Join(dir, "w.db"), "WEARHOUSE_LOG_LEVEL": "info"}
	r := runCLI(t, env, "migrate")
	require.Equal(t, 0, r.code, r.stderr)
	require.NotContains(t, r.stderr, "rivermigrate")
	require.Equal(t, 1, strings.Count(r.stderr, "applied River's job-queue migrations"), r.stderr)
	for range 2 {
		r = runCLI(t, env, "apikeys", "list")
		require.Equal(t, 0, r.code, r.stderr)
		require.NotContains(t, r.stderr, "migration", "nothing to migrate prints nothing")
	}

	r = runCLI(t, nil, "serve", "--help")
	require.Contains(t, r.stderr, `(default ":8080")`)
	require.Contains(t, r.stderr, `(default "./data/wearhouse.db")`)

	r = runCLI(t, nil, "serve", "--print-config")
	require.Equal(t, 0, r.code, r.stderr)
	require.Contains(t, r.stdout, "WEARHOUSE_SECRET_KEY is empty: the key in data/secret.key is used")
}
