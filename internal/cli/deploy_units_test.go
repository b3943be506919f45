package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/wearhouse/wearhouse/internal/config"
)

// unit is a parsed systemd unit file: section → key → values in order.
type unit map[string]map[string][]string

func (u unit) get(section, key string) string {
	vs := u[section][key]
	if len(vs) == 0 {
		return ""
	}
	return vs[len(vs)-1]
}

func parseUnit(t *testing.T, path string) unit {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	u := unit{}
	section := ""
	for _, line := range strings.Split(string(b), "\n") {
		line = strings.TrimSpace(line)
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "[") && strings.HasSuffix(line, "]"):
			section = line[1 : len(line)-1]
			u[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			require.True(t, ok, "%s: %q", path, line)
			require.NotEmpty(t, section, "%s: %q outside a section", path, line)
			u[section][k] = append(u[section][k], v)
		}
	}
	return u
}

// TestSystemdUnit checks the keys docs/deployment.md relies on: a
// dedicated user, the state directory as the only writable path, the
// environment file, the serve command, restart on failure, and a stop
// timeout longer than serve's 15-second drain.
func TestSystemdUnit(t *testing.T) {
	t.Parallel()
	u := parseUnit(t, filepath.Join(repoRoot, "deploy", "wearhouse.service"))
	want := map[string]string{
		"User":             "wearhouse",
		"Group":            "wearhouse",
		"StateDirectory":   "wearhouse",
		"WorkingDirectory": "/var/lib/wearhouse",
		"EnvironmentFile":  "/etc/wearhouse/wearhouse.env",
		"ExecStart":        "/usr/local/bin/wearhouse serve",
		"Restart":          "on-failure",
		"NoNewPrivileges":  "yes",
		"ProtectSystem":    "strict",
		"ReadWritePaths":   "/var/lib/wearhouse",
		"ProtectHome":      "yes",
		"PrivateTmp":       "yes",
		"UMask":            "0077",
	}
	for k, v := range want {
		require.Equal(t, v, u.get("Service", k), "[Service] %s", k)
	}
	require.Equal(t, "multi-user.target", u.get("Install", "WantedBy"))
	stop, err := time.ParseDuration(u.get("Service", "TimeoutStopSec"))
	require.NoError(t, err)
	require.Greater(t, stop, 15*time.Second)

	env := map[string]string{}
	for _, e := range u["Service"]["Environment"] {
		k, v, _ := strings.Cut(e, "=")
		env[k] = v
	}
	require.Equal(t, "/var/lib/wearhouse/wearhouse.db", env["WEARHOUSE_DATABASE_URL"], "the database lives in the state directory")
	cfg := loadEnv(t, env)
	require.Equal(t, "/var/lib/wearhouse", filepath.Dir(cfg.SQLitePath()))
	require.Equal(t, "127.0.0.1:8080", cfg.Addr, "only the local proxy reaches it")
}

// TestBackupTimerUnits checks the nightly backup runs `wearhouse backup`
// as the service user, on the service's database, into a writable path.
func TestBackupTimerUnits(t *testing.T) {
	t.Parallel()
	s := parseUnit(t, filepath.Join(repoRoot, "deploy", "wearhouse-backup.service"))
	require.Equal(t, "oneshot", s.get("Service", "Type"))
	require.Equal(t, "wearhouse", s.get("Service", "User"))
	require.Equal(t, "/etc/wearhouse/wearhouse.env", s.get("Service", "EnvironmentFile"))
	require.Contains(t, s.get("Service", "ExecStart"), "/usr/local/bin/wearhouse backup --to /var/backups/wearhouse/")
	rw := strings.Fields(s.get("Service", "ReadWritePaths"))
	require.ElementsMatch(t, []string{"/var/lib/wearhouse", "/var/backups/wearhouse"}, rw)
	server := parseUnit(t, filepath.Join(repoRoot, "deploy", "wearhouse.service"))
	require.Contains(t, server["Service"]["Environment"], s.get("Service", "Environment"), "the same database as the server")
	require.Equal(t, "WEARHOUSE_DATABASE_URL=/var/lib/wearhouse/wearhouse.db", s.get("Service", "Environment"))

	tm := parseUnit(t, filepath.Join(repoRoot, "deploy", "wearhouse-backup.timer"))
	require.NotEmpty(t, tm.get("Timer", "OnCalendar"))
	require.Equal(t, "timers.target", tm.get("Install", "WantedBy"))
}

// TestSystemdVerify runs systemd-analyze verify on the units when it is
// installed, with the binary path pointed at an existing executable.
func TestSystemdVerify(t *testing.T) {
	t.Parallel()
	analyze, err := exec.LookPath("systemd-analyze")
	if err != nil {
		t.Skip("systemd-analyze is not installed")
	}
	self, err := os.Executable()
	require.NoError(t, err)
	dir := t.TempDir()
	names := []string{"wearhouse.service", "wearhouse-backup.service", "wearhouse-backup.timer"}
	for _, n := range names {
		b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", n))
		require.NoError(t, err)
		fixed := strings.ReplaceAll(string(b), "/usr/local/bin/wearhouse ", self+" ")
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), []byte(fixed), 0o644))
	}
	cmd := exec.CommandContext(t.Context(), analyze, append([]string{"verify"}, names...)...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s", out)
	require.Empty(t, strings.TrimSpace(string(out)))
}

// TestDockerfile checks the image builds the binary statically with the
// module's Go version and a version stamp that reaches `wearhouse
// version`, and runs it as non-root with its database in /data.
func TestDockerfile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "Dockerfile"))
	require.NoError(t, err)
	df := string(b)
	mod, err := os.ReadFile(filepath.Join(repoRoot, "go.mod"))
	require.NoError(t, err)
	goVersion := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindStringSubmatch(string(mod))
	require.NotNil(t, goVersion)
	stages := regexp.MustCompile(`(?m)^FROM (\S+)`).FindAllStringSubmatch(df, -1)
	require.Len(t, stages, 2, "a build stage and a runtime stage")
	require.Equal(t, "golang:"+goVersion[1], stages[0][1], "the builder matches go.mod")
	require.Regexp(t, `^gcr\.io/distroless/static[-a-z0-9]*:nonroot$`, stages[1][1])

	require.Contains(t, df, "CGO_ENABLED=0 go build")
	require.Contains(t, df, "./cmd/wearhouse")
	pkg := reflect.TypeFor[Env]().PkgPath()
	require.Contains(t, df, "-X "+pkg+".Version=${VERSION}", "the version stamp names this package's Version")
	require.Regexp(t, `(?m)^USER 65532:65532$`, df)
	require.Regexp(t, `(?m)^VOLUME \["/data"\]$`, df)
	require.Contains(t, df, "--chown=65532:65532 /out/data /data")
	require.Contains(t, df, `ENTRYPOINT ["/usr/local/bin/wearhouse"]`)
	require.Contains(t, df, "COPY --from=build /out/wearhouse /usr/local/bin/wearhouse")
	require.Contains(t, df, `CMD ["serve"]`)

	env := map[string]string{}
	for _, m := range regexp.MustCompile(`(WEARHOUSE_[A-Z_]+)=(\S+)`).FindAllStringSubmatch(df, -1) {
		env[m[1]] = m[2]
	}
	cfg := loadEnv(t, env)
	require.Equal(t, "/data", filepath.Dir(cfg.SQLitePath()), "database and secret.key in the volume")
	require.Equal(t, ":8080", cfg.Addr)

	ignore, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "Dockerfile.dockerignore"))
	require.NoError(t, err)
	for _, line := range strings.Split(string(ignore), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		for _, needed := range []string{"go.mod", "go.sum", "cmd", "internal", "api"} {
			require.NotEqual(t, needed, line, "the build needs %s", needed)
		}
	}
}

// TestComposeFile parses deploy/compose.yaml and checks what the
// deployment page says about it: PostgreSQL with a health check that
// wearhouse waits for, the settings file, a database URL that makes a
// valid configuration with the example settings, and the second replica.
func TestComposeFile(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile(filepath.Join(repoRoot, "deploy", "compose.yaml"))
	require.NoError(t, err)
	var c struct {
		Services map[string]struct {
			Image       string            `yaml:"image"`
			Build       map[string]string `yaml:"build"`
			Command     []string          `yaml:"command"`
			Profiles    []string          `yaml:"profiles"`
			EnvFile     string            `yaml:"env_file"`
			Environment map[string]string `yaml:"environment"`
			Ports       []string          `yaml:"ports"`
			DependsOn   map[string]struct {
				Condition string `yaml:"condition"`
			} `yaml:"depends_on"`
			Healthcheck struct {
				Test []string `yaml:"test"`
			} `yaml:"healthcheck"`
		} `yaml:"services"`
		Volumes map[string]any `yaml:"volumes"`
	}
	require.NoError(t, yaml.Unmarshal(b, &c))
	pg, ok := c.Services["postgres"]
	require.True(t, ok)
	require.Contains(t, strings.Join(pg.Healthcheck.Test, " "), "pg_isready")
	require.Contains(t, c.Volumes, "postgres-data")

	example := envFile(t, filepath.Join(repoRoot, "deploy", "wearhouse.env.example"))
	example["WEARHOUSE_SECRET_KEY"] = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="
	for _, name := range []string{"wearhouse", "wearhouse-2"} {
		s, ok := c.Services[name]
		require.True(t, ok, name)
		require.Equal(t, []string{"serve"}, s.Command)
		require.Equal(t, "deploy/Dockerfile", s.Build["dockerfile"])
		require.Equal(t, "..", s.Build["context"])
		_, err := os.Stat(filepath.Join(repoRoot, "deploy", s.Build["context"], s.Build["dockerfile"]))
		require.NoError(t, err)
		require.Equal(t, "wearhouse.env", s.EnvFile)
		require.Equal(t, "service_healthy", s.DependsOn["postgres"].Condition)
		require.Len(t, s.Ports, 1)
		require.True(t, strings.HasPrefix(s.Ports[0], "127.0.0.1:"), "published for the local proxy only")

		env := map[string]string{}
		for k, v := range example {
			env[k] = v
		}
		for k, v := range s.Environment {
			env[k] = regexp.MustCompile(`\$\{POSTGRES_PASSWORD:\?[^}]*\}`).ReplaceAllString(v, "pw")
		}
		cfg := loadEnv(t, env)
		require.Equal(t, config.EnginePostgres, cfg.Engine(), name)
		require.Equal(t, "postgres://wearhouse:pw@postgres:5432/wearhouse?sslmode=disable", cfg.DatabaseURL)
	}
	require.Empty(t, c.Services["wearhouse"].Profiles, "the first replica always runs")
	require.Equal(t, []string{"replicas"}, c.Services["wearhouse-2"].Profiles)
}
