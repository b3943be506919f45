// Package browsertest runs pages in a real headless Chromium for tests, the
// way a person's browser would load them: scripts run, styles apply, the
// DOM that results is what the test reads.
//
// The browser is found through WEARHOUSE_TEST_CHROMIUM (a path; .ci/run
// installs Debian's chromium and sets it). When the variable is unset and
// no chromium is on PATH the tests that need it are skipped, as the
// PostgreSQL runs are without WEARHOUSE_TEST_POSTGRES_URL; when it is set
// and the browser is missing they fail.
package browsertest

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// EnvChromium names the browser binary for tests.
const EnvChromium = "WEARHOUSE_TEST_CHROMIUM"

// Chromium returns the browser to use, skipping t when there is none.
func Chromium(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(EnvChromium); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s=%s: %v", EnvChromium, p, err)
		}
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skipf("no Chromium: set %s to run the browser tests", EnvChromium)
	return ""
}

// DumpDOM loads url in headless Chromium, lets its scripts run for up to
// budget of virtual time, and returns the serialized DOM.
func DumpDOM(t testing.TB, url string, budget time.Duration) string {
	t.Helper()
	bin := Chromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// The background-networking flags keep Chromium from calling home on
	// a machine with no internet; a fresh profile keeps runs independent.
	cmd := exec.CommandContext(ctx, bin, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
		"--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--disable-dev-shm-usage", "--user-data-dir="+t.TempDir(),
		"--virtual-time-budget="+strconv.FormatInt(budget.Milliseconds(), 10), "--dump-dom", url)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		t.Fatalf("chromium %s: %v\n%s", url, err, errb.String())
	}
	return out.String()
}
