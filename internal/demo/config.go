package demo

import (
	"path/filepath"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/simulator"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// redirectPath is where the demo's own OAuth round trips end: the hosted
// connect result page, so a browser following one lands on a real page.
const redirectPath = console.ResultPath

// demoConfig points a default configuration at the demo's directory and
// the running simulators.
func demoConfig(o Options, base string, c *simulator.Cluster) config.Config {
	cfg := config.Defaults()
	cfg.DatabaseURL = filepath.Join(o.Dir, "wearhouse.db")
	cfg.BaseURL = base
	cfg.LogLevel = "warn"
	cfg.BackfillDays = o.Days
	cfg.SyncInterval = time.Minute
	cfg.RedirectAllowlist = []string{base + redirectPath}
	cfg.Webhooks.AllowLoopback = true // the demo's receiver is local
	for _, e := range c.Endpoints {
		pc := cfg.Providers[e.Name]
		pc.APIURL, pc.AuthURL, pc.TokenURL = e.API, e.Authorize, e.Token
		pc.ClientID, pc.ClientSecret = e.ClientID, e.ClientSecret
		pc.APIURL = strings.TrimRight(pc.APIURL, "/")
		pc.RateLimit = "1000/1s" // the simulators are local and unmetered
		cfg.Providers[e.Name] = pc
		if e.Name == "whoop" {
			// The simulator's first lab partner, so the demo serves the
			// /api/v1/labs/whoop/… routes too.
			lab := simwhoop.DefaultPartners()[0]
			cfg.WhoopPartner = config.WhoopPartnerConfig{APIURL: pc.APIURL, ClientID: lab.ClientID, ClientSecret: lab.ClientSecret}
		}
	}
	return cfg
}
