// Command wearhouse is the single binary: server, migrations, admin
// commands, provider simulators, demo and benchmarks.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/wearhouse/wearhouse/internal/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Main(ctx, cli.OSEnv())
	stop()
	os.Exit(code)
}
