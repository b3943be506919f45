package console

import (
	"net/http"
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// syncsData is the sync runs page's first render; the browser then
// refreshes it from GET /api/v1/sync/runs.
type syncsData struct {
	Runs []domain.SyncRun
}

func (c *Console) syncs(w http.ResponseWriter, r *http.Request, s session) {
	runs, err := c.o.Store.ListSyncRuns(r.Context(), store.SyncRunQuery{Limit: 100})
	if err != nil {
		c.fail(w, r, err)
		return
	}
	c.render(w, r, http.StatusOK, "syncs", s.view("Sync runs", "syncs", syncsData{Runs: runs}))
}

type keysData struct {
	Keys []domain.APIKey
}

func (c *Console) apiKeys(w http.ResponseWriter, r *http.Request, s session) {
	keys, err := c.o.Store.ListAPIKeys(r.Context())
	if err != nil {
		c.fail(w, r, err)
		return
	}
	slices.SortStableFunc(keys, func(a, b domain.APIKey) int { return b.CreatedAt.Compare(a.CreatedAt) })
	c.render(w, r, http.StatusOK, "apikeys", s.view("API keys", "api-keys", keysData{Keys: keys}))
}

func (c *Console) priorities(w http.ResponseWriter, r *http.Request, s session) {
	c.render(w, r, http.StatusOK, "priorities", s.view("Priorities", "priorities", nil))
}

// providerRow is one provider's settings status.
type providerRow struct {
	Name        domain.Provider
	Display     string
	Configured  bool
	CallbackURL string
	WebhookURL  string
	WebhookNote string
	Limits      []provider.Limit
	Subs        *provider.SubscriptionsReport
}

// webhookNotes say how each provider's webhooks get registered.
var webhookNotes = map[domain.Provider]string{
	domain.ProviderWHOOP:    "Register this URL as the webhook URL of your WHOOP app (developer dashboard); requests are signed with the client secret.",
	domain.ProviderOura:     "wearhouse creates and renews the Oura subscriptions itself; the verification token is derived from the secret key unless WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN is set.",
	domain.ProviderWithings: "wearhouse subscribes each connected user with this URL plus a per-user token; nothing to register by hand.",
}

func (c *Console) providers(w http.ResponseWriter, r *http.Request, s session) {
	var rows []providerRow
	for _, d := range c.o.Catalog.All() {
		row := providerRow{Name: d.Name, Display: d.DisplayName, Limits: d.Limits,
			WebhookURL: c.o.BaseURL + "/api/v1/providers/" + string(d.Name) + "/webhooks", WebhookNote: webhookNotes[d.Name]}
		if c.o.Connect != nil {
			row.CallbackURL = c.o.Connect.CallbackURL(d.Name)
		}
		if p, err := c.o.Registry.Get(d.Name); err == nil {
			row.Configured = p.Configured()
			if sr, ok := p.(provider.SubscriptionReporter); ok {
				rep := sr.SubscriptionsReport()
				row.Subs = &rep
			}
		}
		rows = append(rows, row)
	}
	c.render(w, r, http.StatusOK, "providers", s.view("Providers", "providers", rows))
}

// webhooks is the outgoing webhook endpoints' page: the browser reads and
// changes endpoints, messages and attempts through /api/v1/webhooks.
func (c *Console) webhooks(w http.ResponseWriter, r *http.Request, s session) {
	c.render(w, r, http.StatusOK, "webhooks", s.view("Webhooks", "webhooks", nil))
}
