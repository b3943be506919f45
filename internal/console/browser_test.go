package console_test

import (
	"context"
	"flag"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/wearhouse/wearhouse/internal/browsertest"
)

// updateShots rewrites docs/console/*.png from the browser test's run.
var updateShots = flag.Bool("update-screenshots", false, "write the browser test's screenshots to docs/console")

// playwright finds node and the browsertests directory's installed
// playwright-core (npm ci there; .ci/run does it), skipping like
// browsertest does when they are missing outside CI.
func playwright(t *testing.T) (node, dir string) {
	t.Helper()
	dir, err := filepath.Abs("browsertests")
	if err != nil {
		t.Fatal(err)
	}
	node, err = exec.LookPath("node")
	_, statErr := os.Stat(filepath.Join(dir, "node_modules", "playwright-core", "package.json"))
	if err != nil || statErr != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must run the browser tests: node %v, playwright-core %v (run npm ci in %s)", err, statErr, dir)
		}
		t.Skipf("no node or playwright-core: run `npm ci` in %s to run the browser tests", dir)
	}
	return node, dir
}

// TestConsoleInBrowser runs browsertests/console.spec.mjs in Debian's
// Chromium against a running demo: sign-in, every page, the charts drew
// data, an API key created and revoked (and refused by the API), a
// provider disconnected, a connect link followed through the OAuth flow to the result page, no
// console error.
func TestConsoleInBrowser(t *testing.T) {
	t.Parallel()
	chromium := browsertest.Chromium(t)
	node, dir := playwright(t)
	info := startDemo(t, 2, 7)
	shots := t.TempDir()
	if *updateShots {
		shots, _ = filepath.Abs(filepath.Join("..", "..", "docs", "console"))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 4*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "console.spec.mjs")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "CONSOLE_BASE_URL="+info.BaseURL, "CONSOLE_ADMIN="+info.AdminUsername,
		"CONSOLE_PASSWORD="+info.AdminPassword, "CONSOLE_FIRST_USER="+info.UserIDs[0], "CONSOLE_SECOND_USER="+info.UserIDs[1],
		"WEARHOUSE_TEST_CHROMIUM="+chromium, "CONSOLE_SCREENSHOTS="+shots)
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("browser test failed: %v", err)
	}
}
