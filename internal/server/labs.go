package server

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	"github.com/wearhouse/wearhouse/internal/store"
)

// whoopLabs builds the WHOOP lab partner service behind the
// /api/v1/labs/whoop/… routes. It is built even without credentials, so
// those routes answer 503 naming the settings to set rather than 404.
// The patient mapping reads the store's WHOOP connections. The cache and
// idempotency keys age on the process's clock (the demo's simulated one);
// the partner token stays on the wall clock, which is what
// golang.org/x/oauth2 judges its expiry by (a token the simulator expires
// earlier is answered 401 and replaced).
func whoopLabs(cfg config.WhoopPartnerConfig, st store.Store, now func() time.Time) *whooplabs.Service {
	client := whooplabs.NewClient(whooplabs.ClientOptions{BaseURL: cfg.APIURL, ClientID: cfg.ClientID, ClientSecret: cfg.ClientSecret})
	return whooplabs.NewService(whooplabs.Options{Client: client, Connections: st, Now: now})
}
