package server

import (
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
)

// newConsole builds the operator console and the hosted connect page on
// the process's connect service and providers.
func newConsole(cfg config.Config, st store.Store, sw *syncWiring, log *slog.Logger, now func() time.Time) (*console.Console, error) {
	return console.New(console.Options{Store: st, Connect: sw.services.Connect, Registry: sw.services.Registry,
		Catalog: catalog.Default(), BaseURL: cfg.BaseURL, AppName: cfg.AppName, Logger: log, Now: now})
}

// withConsole routes the console's paths to it and everything else to
// the API.
func withConsole(a http.Handler, c *console.Console) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == "/console" || strings.HasPrefix(p, "/console/") || strings.HasPrefix(p, "/connect/") {
			c.ServeHTTP(w, r)
			return
		}
		a.ServeHTTP(w, r)
	})
}

// redirectAllowlist is the configured allow-list plus the hosted connect
// result page: a flow started from the connect page without a redirect of
// the app's own comes back there.
func redirectAllowlist(cfg config.Config) []string {
	return append(append([]string(nil), cfg.RedirectAllowlist...), strings.TrimRight(cfg.BaseURL, "/")+console.ResultPath)
}
