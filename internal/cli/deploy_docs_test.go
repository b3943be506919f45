package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
)

// repoRoot is the repository root, relative to this package.
var repoRoot = filepath.Join("..", "..")

// deploymentFiles are the operator-facing deployment files: everything in
// deploy/ and docs/deployment.md, keyed by their path from the root.
func deploymentFiles(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	entries, err := os.ReadDir(filepath.Join(repoRoot, "deploy"))
	require.NoError(t, err)
	for _, e := range entries {
		if e.IsDir() {
			continue
		}
		b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", e.Name()))
		require.NoError(t, err)
		files["deploy/"+e.Name()] = string(b)
	}
	b, err := os.ReadFile(filepath.Join(repoRoot, "docs", "deployment.md"))
	require.NoError(t, err)
	files["docs/deployment.md"] = string(b)
	return files
}

// TestDeploymentSettingsExist keeps the deployment files to real
// settings: every WEARHOUSE_* name they use is in the config table.
func TestDeploymentSettingsExist(t *testing.T) {
	t.Parallel()
	known := map[string]bool{}
	for _, s := range config.Settings() {
		known[s.Env] = true
	}
	name := regexp.MustCompile(`WEARHOUSE_[A-Z0-9_]*[A-Z0-9]`)
	for path, text := range deploymentFiles(t) {
		for _, n := range name.FindAllString(text, -1) {
			require.True(t, known[n], "%s uses %s, which is not a setting (internal/config/settings.go)", path, n)
		}
	}
}

// commandText is the part of a deployment file that holds commands: for
// Markdown, code blocks and inline code; for the deploy files, their
// non-comment lines and the indented example commands in their comments.
func commandText(path, text string) string {
	if strings.HasSuffix(path, ".md") {
		var b strings.Builder
		for _, m := range regexp.MustCompile("(?s)```[a-z]*\n(.*?)```").FindAllStringSubmatch(text, -1) {
			b.WriteString(m[1] + "\n")
		}
		prose := regexp.MustCompile("(?s)```.*?```").ReplaceAllString(text, "")
		for _, m := range regexp.MustCompile("`([^`\n]+)`").FindAllStringSubmatch(prose, -1) {
			b.WriteString(m[1] + "\n")
		}
		return b.String()
	}
	var b strings.Builder
	for _, line := range strings.Split(text, "\n") {
		if c, ok := strings.CutPrefix(line, "#"); ok && !strings.HasPrefix(c, "   ") {
			continue // prose comment
		}
		if strings.HasPrefix(line, "Description=") {
			continue
		}
		b.WriteString(strings.TrimPrefix(line, "#") + "\n")
	}
	return b.String()
}

// invocations returns the subcommands that follow the word wearhouse in
// commands. "wearhouse wearhouse apikeys" (compose's service, then the
// binary) yields apikeys; the user in "sudo -u wearhouse env …" is no
// invocation.
func invocations(cmds string) []string {
	re := regexp.MustCompile(`(?:^|[\s/"'\x60])wearhouse[ \t]+([a-z][a-z-]*)\b`)
	user := regexp.MustCompile(`(?:^|\s)-[ugo][ \t]*$`)
	var subs []string
	for i := 0; i < len(cmds); {
		loc := re.FindStringSubmatchIndex(cmds[i:])
		if loc == nil {
			break
		}
		start := i + loc[0] // the word, or the character before it
		if !strings.HasPrefix(cmds[start:], "wearhouse") {
			start++
		}
		before := cmds[:start]
		if sub := cmds[i+loc[2] : i+loc[3]]; sub != "wearhouse" && !user.MatchString(before) {
			subs = append(subs, sub)
		}
		i += loc[2] // overlap: the subcommand may itself be "wearhouse"
	}
	return subs
}

// TestDeploymentCommandsExist checks every `wearhouse <command>` in the
// deployment files against the command table.
func TestDeploymentCommandsExist(t *testing.T) {
	t.Parallel()
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	seen := map[string]bool{}
	for path, text := range deploymentFiles(t) {
		for _, sub := range invocations(commandText(path, text)) {
			require.Contains(t, names, sub, "%s runs `wearhouse %s`, which is not a command", path, sub)
			seen[sub] = true
		}
	}
	for _, want := range []string{"serve", "migrate", "backup", "apikeys", "version"} {
		require.True(t, seen[want], "the deployment docs show `wearhouse %s`", want)
	}
}

func TestInvocations(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{"ExecStart=/usr/local/bin/wearhouse serve", []string{"serve"}},
		{"docker compose exec wearhouse wearhouse apikeys create", []string{"apikeys"}},
		{"`wearhouse backup --to FILE`", []string{"backup"}},
		{"./wearhouse version", []string{"version"}},
		{"useradd --shell /usr/sbin/nologin wearhouse\ninstall -o wearhouse -m 0700", nil},
		{"docker build -t wearhouse .", nil},
		{"sudo -u wearhouse env X=1 /usr/local/bin/wearhouse apikeys create", []string{"apikeys"}},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, invocations(tt.in), tt.in)
	}
}

// TestDeploymentDocLinks checks that README and docs/ link the deployment
// page and that every relative link on it resolves.
func TestDeploymentDocLinks(t *testing.T) {
	t.Parallel()
	for _, page := range []string{"README.md", "docs/architecture.md"} {
		b, err := os.ReadFile(filepath.Join(repoRoot, page))
		require.NoError(t, err)
		require.Contains(t, string(b), "deployment.md", "%s links the deployment page", page)
	}
	doc, err := os.ReadFile(filepath.Join(repoRoot, "docs", "deployment.md"))
	require.NoError(t, err)
	anchors := map[string]bool{}
	for _, h := range regexp.MustCompile(`(?m)^#{2,3} (.+)$`).FindAllStringSubmatch(string(doc), -1) {
		anchors[anchor(h[1])] = true
	}
	for _, m := range regexp.MustCompile(`\]\(([^)]+)\)`).FindAllStringSubmatch(string(doc), -1) {
		target := m[1]
		switch {
		case strings.HasPrefix(target, "http://"), strings.HasPrefix(target, "https://"):
		case strings.HasPrefix(target, "#"):
			require.True(t, anchors[target[1:]], "anchor %s exists", target)
		default:
			file, _, _ := strings.Cut(target, "#") // another page's anchor: the page must exist
			_, err := os.Stat(filepath.Join(repoRoot, "docs", file))
			require.NoError(t, err, "link %s resolves", target)
		}
	}
}

// anchor is GitHub's anchor for a heading.
func anchor(heading string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(heading) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || ('a' <= r && r <= 'z') || ('0' <= r && r <= '9'):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// TestEnvExampleIsValid loads deploy/wearhouse.env.example as a
// deployment would, with its blanks filled, and expects a valid config.
func TestEnvExampleIsValid(t *testing.T) {
	t.Parallel()
	env := envFile(t, filepath.Join(repoRoot, "deploy", "wearhouse.env.example"))
	require.Contains(t, env, "WEARHOUSE_SECRET_KEY", "the example names the secret key")
	require.Contains(t, env, "WEARHOUSE_BASE_URL")
	env["WEARHOUSE_SECRET_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	cfg := loadEnv(t, env)
	require.Equal(t, "https://wearhouse.example.com", cfg.BaseURL)
	require.Equal(t, config.EngineSQLite, cfg.Engine())
	require.True(t, slices.Contains(cfg.RedirectAllowlist, "https://app.example.com/"))
}

// envFile parses KEY=VALUE lines, skipping comments and blanks.
func envFile(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	env := map[string]string{}
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		k, v, ok := strings.Cut(line, "=")
		require.True(t, ok, "%s: %q is KEY=VALUE", path, line)
		env[k] = v
	}
	return env
}

// loadEnv builds the config `wearhouse serve` would from env alone.
func loadEnv(t *testing.T, env map[string]string) config.Config {
	t.Helper()
	cfg, err := loadConfig(newFlagSet("serve", Env{Stderr: os.Stderr}), Env{Getenv: func(k string) string { return env[k] }}, nil)
	require.NoError(t, err)
	return cfg
}
