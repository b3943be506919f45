package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator"
)

// runSimulate serves the provider simulators on local ports until
// interrupted, and prints where they are and how to point wearhouse at them.
func runSimulate(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("simulate", env)
	providers := fs.String("providers", strings.Join(providerNames(), ","), "comma-separated providers to simulate")
	users := fs.Int("users", 3, "simulated people")
	days := fs.Int("days", 90, "days of history before today")
	seed := fs.Int64("seed", 1, "seed of the synthetic ground truth")
	host := fs.String("host", "127.0.0.1", "address to listen on")
	asJSON := fs.Bool("json", false, "print the endpoints as JSON")
	if err := fs.Parse(args); err != nil {
		return err
	}
	var names []string
	for _, p := range strings.Split(*providers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			names = append(names, p)
		}
	}
	c, err := simulator.Start(ctx, simulator.Options{Providers: names, Users: *users, Days: *days, Seed: *seed, Host: *host})
	if err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = c.Close(stopCtx)
	}()
	if *asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c.Endpoints); err != nil {
			return err
		}
	} else {
		printEndpoints(env, c)
	}
	<-ctx.Done()
	return nil
}

func printEndpoints(env Env, c *simulator.Cluster) {
	fmt.Fprintf(env.Stdout, "Simulating %d people from %s to %s. Ctrl-C stops.\n\n", len(c.World.People()),
		c.World.Start().Format(time.DateOnly), c.World.Now().Format(time.DateOnly))
	for _, e := range c.Endpoints {
		up := strings.ToUpper(e.Name)
		fmt.Fprintf(env.Stdout, "# %s  (admin: %s/_sim/requests)\n", e.Name, e.BaseURL)
		fmt.Fprintf(env.Stdout, "export WEARHOUSE_%s_API_URL=%s\n", up, e.API)
		fmt.Fprintf(env.Stdout, "export WEARHOUSE_%s_AUTH_URL=%s\n", up, e.Authorize)
		fmt.Fprintf(env.Stdout, "export WEARHOUSE_%s_TOKEN_URL=%s\n", up, e.Token)
		fmt.Fprintf(env.Stdout, "export WEARHOUSE_%s_CLIENT_ID=%s\n", up, e.ClientID)
		fmt.Fprintf(env.Stdout, "export WEARHOUSE_%s_CLIENT_SECRET=%s\n\n", up, e.ClientSecret)
	}
}
