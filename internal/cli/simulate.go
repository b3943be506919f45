package cli

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// simulateFlags are the settings of `wearhouse simulate`.
type simulateFlags struct {
	providers    []string
	users, days  int
	seed         int64
	host         string
	portBase     int
	wearhouseURL string
	whoopWebhook string
	asJSON       bool
}

// runSimulate serves the provider simulators on local ports until
// interrupted, and prints where they are and every setting a `wearhouse
// serve` needs to use them.
func runSimulate(ctx context.Context, env Env, args []string) error {
	f, err := parseSimulate(env, args)
	if err != nil {
		return err
	}
	c, err := simulator.Start(ctx, simulator.Options{Providers: f.providers, Users: f.users, Days: f.days, Seed: f.seed,
		Host: f.host, Ports: f.ports(), WebhookURLs: map[string]string{"whoop": f.whoopTarget()}})
	if err != nil {
		return err
	}
	defer func() {
		stopCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 5*time.Second)
		defer cancel()
		_ = c.Close(stopCtx)
	}()
	if f.asJSON {
		enc := json.NewEncoder(env.Stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(c.Endpoints); err != nil {
			return err
		}
	} else {
		// One write, so a reader sees the settings whole.
		var b bytes.Buffer
		printSimulateSettings(&b, c, f)
		if _, err := env.Stdout.Write(b.Bytes()); err != nil {
			return err
		}
	}
	<-ctx.Done()
	return nil
}

func parseSimulate(env Env, args []string) (simulateFlags, error) {
	fs := newFlagSet("simulate", env)
	providers := fs.String("providers", strings.Join(providerNames(), ","), "comma-separated providers to simulate")
	var f simulateFlags
	fs.IntVar(&f.users, "users", 3, "simulated people")
	fs.IntVar(&f.days, "days", 90, "days of history before today")
	fs.Int64Var(&f.seed, "seed", 1, "seed of the synthetic ground truth")
	fs.StringVar(&f.host, "host", "127.0.0.1", "address to listen on")
	fs.IntVar(&f.portBase, "port-base", 0, "first of consecutive fixed ports, one per provider in --providers order (0: any free ports)")
	fs.StringVar(&f.wearhouseURL, "wearhouse-url", "http://localhost:8080", "base URL of the wearhouse the simulators serve (webhook target, redirect allow-list)")
	fs.StringVar(&f.whoopWebhook, "whoop-webhook-url", "", "where the WHOOP simulator posts webhooks (default: <wearhouse-url>/api/v1/providers/whoop/webhooks)")
	fs.BoolVar(&f.asJSON, "json", false, "print the endpoints as JSON")
	if err := fs.Parse(args); err != nil {
		return f, err
	}
	for _, p := range strings.Split(*providers, ",") {
		if p = strings.TrimSpace(p); p != "" {
			f.providers = append(f.providers, p)
		}
	}
	f.wearhouseURL = strings.TrimRight(f.wearhouseURL, "/")
	return f, nil
}

// ports gives each provider its fixed port from --port-base, in flag order.
func (f simulateFlags) ports() map[string]int {
	if f.portBase <= 0 {
		return nil
	}
	m := make(map[string]int, len(f.providers))
	for i, p := range f.providers {
		m[p] = f.portBase + i
	}
	return m
}

func (f simulateFlags) whoopTarget() string {
	if f.whoopWebhook != "" {
		return f.whoopWebhook
	}
	return f.wearhouseURL + "/api/v1/providers/whoop/webhooks"
}

// printSimulateSettings prints, as shell exports, everything `wearhouse
// serve` needs to run against the simulators: the providers' endpoints and
// credentials, the public URL the simulators call back and the redirect
// allow-list. The Oura webhook verification token is not among them:
// serve derives it from its secret key, and the Oura simulator verifies a
// subscription with the token it was created with.
func printSimulateSettings(w io.Writer, c *simulator.Cluster, f simulateFlags) {
	fmt.Fprintf(w, "Simulating %d people from %s to %s on one shared clock. Ctrl-C stops.\n",
		len(c.World.People()), c.World.Start().Format(time.DateOnly), c.World.Now().Format(time.DateOnly))
	fmt.Fprintf(w, "Admin API on every simulator: /_sim/status, /_sim/requests, /_sim/advance?by=24h, /_sim/faults (docs/simulator.md).\n\n")
	fmt.Fprintf(w, "# wearhouse\nexport WEARHOUSE_BASE_URL=%s\nexport WEARHOUSE_REDIRECT_ALLOWLIST=%s/\n", f.wearhouseURL, f.wearhouseURL)
	for _, e := range c.Endpoints {
		up := strings.ToUpper(e.Name)
		fmt.Fprintf(w, "\n# %s  (admin: %s/_sim/)\n", e.Name, e.BaseURL)
		fmt.Fprintf(w, "export WEARHOUSE_%s_API_URL=%s\n", up, e.API)
		fmt.Fprintf(w, "export WEARHOUSE_%s_AUTH_URL=%s\n", up, e.Authorize)
		fmt.Fprintf(w, "export WEARHOUSE_%s_TOKEN_URL=%s\n", up, e.Token)
		fmt.Fprintf(w, "export WEARHOUSE_%s_CLIENT_ID=%s\n", up, e.ClientID)
		fmt.Fprintf(w, "export WEARHOUSE_%s_CLIENT_SECRET=%s\n", up, e.ClientSecret)
		switch e.Name {
		case "oura":
			fmt.Fprintf(w, "# Oura webhook verification token: derived from WEARHOUSE_SECRET_KEY (export WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN to choose one)\n")
		case "whoop":
			fmt.Fprintf(w, "# WHOOP webhooks are posted to %s\n", f.whoopTarget())
			lab := simwhoop.DefaultPartners()[0]
			fmt.Fprintf(w, "# the simulator's first lab partner (the /api/v1/labs/whoop/... routes)\n")
			fmt.Fprintf(w, "export WEARHOUSE_WHOOP_PARTNER_API_URL=%s\n", e.API)
			fmt.Fprintf(w, "export WEARHOUSE_WHOOP_PARTNER_CLIENT_ID=%s\n", lab.ClientID)
			fmt.Fprintf(w, "export WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET=%s\n", lab.ClientSecret)
		}
	}
	fmt.Fprintln(w)
}
