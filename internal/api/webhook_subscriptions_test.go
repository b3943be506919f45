package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// setupOuraProvider is an API server whose registry holds an Oura
// connector keeping its subscriptions at an Oura simulator over real
// HTTP, for the callback URL of this server; token "" leaves them
// unconfigured.
func setupOuraProvider(t *testing.T, token string) *testBundle {
	t.Helper()
	w, err := truth.Generate(truth.Options{Users: 1, Days: 2, Seed: 5})
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	sim, err := simoura.New(simoura.Config{World: w, Clock: clock, SubscriptionTTL: 90 * 24 * time.Hour})
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		sim.Close()
		hs.Close()
	})
	// The connector needs this server's URL before the server exists:
	// the front forwards to it once it is built.
	var api http.Handler
	front := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { api.ServeHTTP(w, r) }))
	t.Cleanup(front.Close)
	p := oura.New(oura.Options{APIURL: hs.URL, ClientID: sim.ClientID(), ClientSecret: sim.ClientSecret(), BaseURL: front.URL,
		VerificationToken: token, Client: provider.NewClient(provider.ClientOptions{Now: clock.Now}), Now: clock.Now})
	reg, err := provider.NewRegistry(p)
	require.NoError(t, err)
	b := setupWithOptions(t, Options{Store: storetest.NewSQLite(t), Now: clock.Now, Sync: SyncServices{Registry: reg,
		Challenges: map[string]ChallengeFunc{"oura": func(q url.Values) (int, []byte) { return p.AnswerChallenge(q) }}}})
	api = b.server
	return b
}

// TestProviderWebhookSubscriptions: 0.9.0's subscription routes over the
// subscriptions wearhouse keeps at Oura.
func TestProviderWebhookSubscriptions(t *testing.T) {
	t.Parallel()
	b := setupOuraProvider(t, "tok")
	const base = "/api/v1/providers/oura/webhooks/subscriptions"
	type subs struct {
		Subscriptions []struct {
			ID          string `json:"id"`
			DataType    string `json:"data_type"`
			CallbackURL string `json:"callback_url"`
		} `json:"subscriptions"`
	}
	var list subs
	res := b.do(t, http.MethodGet, base, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	res.json(t, &list)
	require.Empty(t, list.Subscriptions, "nothing checked yet")

	res = b.do(t, http.MethodPost, base+"/renew", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var renewal struct {
		Renewed   []map[string]any `json:"renewed"`
		Failed    []string         `json:"failed"`
		CheckedAt *string          `json:"checked_at"`
	}
	res.json(t, &renewal)
	require.Empty(t, renewal.Failed)
	require.NotEmpty(t, renewal.Renewed)
	require.NotNil(t, renewal.CheckedAt)

	res = b.do(t, http.MethodGet, base, nil)
	res.json(t, &list)
	require.Len(t, list.Subscriptions, len(renewal.Renewed))
	first := list.Subscriptions[0]
	require.NotEmpty(t, first.ID)
	require.Contains(t, first.CallbackURL, "/api/v1/providers/oura/webhooks")
	res = b.do(t, http.MethodGet, base+"/"+first.ID, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var one struct {
		Subscription struct {
			ID       string `json:"id"`
			DataType string `json:"data_type"`
		} `json:"subscription"`
	}
	res.json(t, &one)
	require.Equal(t, first.ID, one.Subscription.ID)
	require.Equal(t, first.DataType, one.Subscription.DataType)
	res = b.do(t, http.MethodGet, base+"/unknown", nil)
	require.Equal(t, http.StatusNotFound, res.Status)

	for _, r := range []struct{ method, path string }{{http.MethodPost, base + "?callback_url=https://elsewhere.example/hook"},
		{http.MethodPut, base + "/" + first.ID + "?callback_url=https://elsewhere.example/hook"}, {http.MethodDelete, base + "/" + first.ID}} {
		res = b.do(t, r.method, r.path, nil)
		require.Equal(t, http.StatusConflict, res.Status, r.method)
		require.Contains(t, res.detail(t), "WEARHOUSE_BASE_URL", r.method)
	}
	res = b.do(t, http.MethodPost, base, nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.detail(t), "callback_url")
	res = b.do(t, http.MethodGet, "/api/v1/providers/garmin/webhooks/subscriptions", nil)
	require.Equal(t, http.StatusNotFound, res.Status)
	res = b.doWith(t, http.MethodGet, base, nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status, "subscription routes need an API key")

	unset := setupOuraProvider(t, "")
	res = unset.do(t, http.MethodPost, base+"/renew", nil)
	require.Equal(t, http.StatusConflict, res.Status)
	require.Contains(t, res.detail(t), "verification_token")
}

// TestWebhookSubscriptionsOfProvidersWithout: WHOOP keeps its webhook URL
// in its dashboard, so it lists none and has nothing to renew.
func TestWebhookSubscriptionsOfProvidersWithout(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	res := b.do(t, http.MethodGet, "/api/v1/providers/whoop/webhooks/subscriptions", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.JSONEq(t, `{"subscriptions":[]}`, string(res.Body))
	res = b.do(t, http.MethodPost, "/api/v1/providers/whoop/webhooks/subscriptions/renew", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.JSONEq(t, `{"renewed":[],"failed":[],"checked_at":null}`, string(res.Body))
}
