// Package cli is wearhouse's command line and composition root: it parses
// flags and WEARHOUSE_* variables into one config, builds the logger, and
// runs a subcommand. It is the only package that knows every concrete type.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"

	"github.com/wearhouse/wearhouse/internal/config"
)

// Version is set at build time with -ldflags "-X …/cli.Version=v1.2.3".
var Version = "dev"

// Env is the process environment the CLI reads.
type Env struct {
	Args   []string
	Getenv func(string) string
	// Stdin is read by commands that take a secret on standard input.
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
}

type command struct {
	name, usage string
	run         func(ctx context.Context, env Env, args []string) error
}

func commands() []command {
	return []command{
		{"demo", "try everything: simulated WHOOP, Oura and Withings users, synced into a local wearhouse", runDemo},
		{"serve", "run the server (API, sync workers, webhooks)", runServe},
		{"migrate", "apply database migrations and exit", runMigrate},
		{"backup", "backup --to FILE: consistent copy of the SQLite database and its secret key", runBackup},
		{"users", "users create [--email E --first-name F --last-name L]", runUsers},
		{"apikeys", apikeysUsage, runAPIKeys},
		{"admin", adminUsage, runAdmin},
		{"import", "import apple-health FILE --user ID: load a Health app export (export.zip or export.xml)", runImport},
		{"simulate", "serve the WHOOP, Oura and Withings simulators on local ports", runSimulate},
		{"bench", "bench <name>: run a benchmark (see docs/benchmarks.md)", runBench},
		{"version", "print the version", runVersion},
	}
}

// errUsage marks a usage error: exit code 2 and the usage text.
var errUsage = errors.New("usage")

// Main runs the command line and returns the process exit code.
func Main(ctx context.Context, env Env) int {
	if len(env.Args) == 0 {
		usage(env.Stderr)
		return 2
	}
	name, rest := env.Args[0], env.Args[1:]
	for _, c := range commands() {
		if c.name != name {
			continue
		}
		err := c.run(ctx, env, rest)
		switch {
		case err == nil:
			return 0
		case errors.Is(err, flag.ErrHelp):
			return 0
		case errors.Is(err, errUsage):
			fmt.Fprintf(env.Stderr, "wearhouse %s: %v\n", name, err)
			return 2
		default:
			fmt.Fprintf(env.Stderr, "wearhouse %s: %v\n", name, err)
			return 1
		}
	}
	if name == "-h" || name == "--help" || name == "help" {
		usage(env.Stdout)
		return 0
	}
	fmt.Fprintf(env.Stderr, "wearhouse: unknown command %q\n", name)
	usage(env.Stderr)
	return 2
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: wearhouse <command> [flags]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.usage)
	}
	fmt.Fprintln(w, "\nEvery flag also reads WEARHOUSE_<NAME> from the environment; see docs/configuration.md.")
}

// loadConfig parses args (config flags plus any extra flags the command
// registered on fs) into a validated config.
func loadConfig(fs *flag.FlagSet, env Env, args []string) (config.Config, error) {
	build := config.RegisterFlags(fs, env.Getenv)
	if err := fs.Parse(args); err != nil {
		return config.Config{}, err
	}
	cfg, err := build()
	if err != nil {
		return config.Config{}, fmt.Errorf("invalid configuration:\n%w", err)
	}
	return cfg, nil
}

func newFlagSet(name string, env Env) *flag.FlagSet {
	fs := flag.NewFlagSet("wearhouse "+name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	return fs
}

// newLogger writes to stderr so stdout stays clean for command output
// (an API key printed by `apikeys create` must be the only thing there).
func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	var lvl slog.Level
	_ = lvl.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel)))
	opts := &slog.HandlerOptions{Level: lvl}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

func runVersion(_ context.Context, env Env, _ []string) error {
	fmt.Fprintf(env.Stdout, "wearhouse %s\n", Version)
	return nil
}

// OSEnv is the real process environment.
func OSEnv() Env {
	return Env{Args: os.Args[1:], Getenv: os.Getenv, Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr}
}

// defaultsWithLevel is the default configuration at a log level, for
// commands that take no configuration flags.
func defaultsWithLevel(level string) config.Config {
	c := config.Defaults()
	c.LogLevel = level
	return c
}
