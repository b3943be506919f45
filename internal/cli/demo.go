package cli

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strconv"

	"github.com/wearhouse/wearhouse/internal/demo"
)

// runDemo is the README's first command: the whole product against the
// built-in provider simulators, on the embedded store.
func runDemo(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("demo", env)
	host := fs.String("host", "127.0.0.1", "address to bind (0.0.0.0 serves every interface)")
	port := fs.Int("port", 8080, "port to serve on (0 picks a free one)")
	seed := fs.Int64("seed", 1, "seed of the simulated people and their data")
	days := fs.Int("days", 90, "days of history to backfill")
	users := fs.Int("users", 3, "demo users, each connected to WHOOP, Oura and Withings")
	dir := fs.String("dir", filepath.Join("data", "demo"), "directory for the demo's database (reused next time)")
	fresh := fs.Bool("fresh", false, "start from an empty database")
	if err := fs.Parse(args); err != nil {
		return err
	}
	log := newLogger(defaultsWithLevel("warn"), env.Stderr)
	fmt.Fprintln(env.Stdout, "Starting the WHOOP, Oura and Withings simulators and wearhouse…")
	return demo.Run(ctx, demo.Options{Dir: *dir, Fresh: *fresh, Addr: net.JoinHostPort(*host, strconv.Itoa(*port)), Seed: *seed,
		Days: *days, Users: *users, Out: env.Stdout, Terminal: isTerminal(env.Stdout), Logger: log})
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
