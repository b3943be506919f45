package api

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
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

const ouraSubscriptionsPath = "/api/v1/providers/oura/subscriptions"

// ouraSubsBundle is an API server whose Oura webhook route and
// subscriptions route serve one subscription manager, kept against an
// Oura simulator over real HTTP.
type ouraSubsBundle struct {
	*testBundle
	sim   *simoura.Server
	clock *simkit.FakeClock
	subs  *oura.Subscriptions
	// simURL is the simulator's base URL.
	simURL string
	// refuse makes the webhook route reject Oura's verification GET.
	refuse atomic.Bool
}

// report is the manager's state as the server hands it to the API
// (internal/server's ouraReport does the same in production).
func (b *ouraSubsBundle) report() OuraSubscriptionsReport {
	st := b.subs.State()
	out := OuraSubscriptionsReport{Missing: b.subs.Missing(), CallbackURL: st.CallbackURL, CheckedAt: st.CheckedAt, Error: st.Error,
		Removed: st.Removed}
	for _, p := range st.Subscriptions {
		out.Subscriptions = append(out.Subscriptions, OuraSubscriptionReport{DataType: p.DataType, EventType: p.EventType,
			ID: p.ID, ExpiresAt: p.ExpiresAt, Action: p.Action, Error: p.Error})
	}
	return out
}

// setupOuraSubs wires the bundle; token is the verification token the
// manager registers ("" leaves subscriptions unconfigured).
func setupOuraSubs(t *testing.T, token string) *ouraSubsBundle {
	t.Helper()
	w, err := truth.Generate(truth.Options{Users: 1, Days: 2, Seed: 5})
	require.NoError(t, err)
	b := &ouraSubsBundle{clock: simkit.NewFakeClock(w.Now())}
	b.sim, err = simoura.New(simoura.Config{World: w, Clock: b.clock, SubscriptionTTL: 90 * 24 * time.Hour})
	require.NoError(t, err)
	hs := httptest.NewServer(b.sim.Handler())
	t.Cleanup(func() {
		b.sim.Close()
		hs.Close()
	})
	b.simURL = hs.URL
	client := provider.NewClient(provider.ClientOptions{Now: b.clock.Now})
	reg, err := provider.NewRegistry(oura.New(oura.Options{APIURL: hs.URL, ClientID: b.sim.ClientID(),
		ClientSecret: b.sim.ClientSecret(), Client: client, Now: b.clock.Now}))
	require.NoError(t, err)
	challenge := func(q url.Values) (int, []byte) {
		if b.refuse.Load() {
			return http.StatusUnauthorized, nil
		}
		return b.subs.AnswerChallenge(q)
	}
	b.testBundle = setupWithOptions(t, Options{Store: storetest.NewSQLite(t), Now: b.clock.Now, Sync: SyncServices{Registry: reg,
		Challenges: map[string]ChallengeFunc{"oura": challenge}, OuraSubscriptions: b.report}})
	b.subs = oura.NewSubscriptions(oura.SubscriptionOptions{APIURL: hs.URL, ClientID: b.sim.ClientID(), ClientSecret: b.sim.ClientSecret(),
		CallbackURL: b.http.URL + oura.WebhookPath, VerificationToken: token, Client: client, Now: b.clock.Now})
	return b
}

// ouraSubscriptionsBody is the route's answer as a client reads it.
type ouraSubscriptionsBody struct {
	Configured    bool       `json:"configured"`
	Missing       []string   `json:"missing"`
	CallbackURL   string     `json:"callback_url"`
	CheckedAt     *time.Time `json:"checked_at"`
	Error         *string    `json:"error"`
	Removed       []string   `json:"removed"`
	Subscriptions []struct {
		DataType       string     `json:"data_type"`
		EventType      string     `json:"event_type"`
		ID             *string    `json:"id"`
		CallbackURL    string     `json:"callback_url"`
		ExpirationTime *time.Time `json:"expiration_time"`
		Action         string     `json:"action"`
		Error          *string    `json:"error"`
	} `json:"subscriptions"`
}

func (b *ouraSubsBundle) get(t *testing.T) ouraSubscriptionsBody {
	t.Helper()
	res := b.do(t, http.MethodGet, ouraSubscriptionsPath, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var out ouraSubscriptionsBody
	res.json(t, &out)
	return out
}

// TestOuraSubscriptionsRouteShowsLastEnsure ensures the subscriptions
// against the Oura simulator (which verifies each new one through the
// API's webhook route) at several points of a moving clock, and checks
// after each that the route shows what the check found and did, every
// answer validated against the spec.
func TestOuraSubscriptionsRouteShowsLastEnsure(t *testing.T) {
	t.Parallel()
	b := setupOuraSubs(t, "verify-me")
	pairs := len(oura.WebhookTypes()) * len(oura.EventTypes())

	before := b.get(t)
	require.True(t, before.Configured)
	require.Empty(t, before.Missing)
	require.Nil(t, before.CheckedAt, "no check has run yet")
	require.Empty(t, before.Subscriptions)

	steps := []struct {
		name    string
		advance time.Duration
		refuse  bool
		action  string
	}{
		{"Created", 0, false, "created"},
		{"Kept", 30 * 24 * time.Hour, false, "kept"},
		{"RenewedInsideMargin", 50 * 24 * time.Hour, false, "renewed"},
	}
	for _, step := range steps {
		b.clock.Advance(step.advance)
		_, err := b.subs.Ensure(t.Context())
		require.NoError(t, err, step.name)
		got := b.get(t)
		require.True(t, got.Configured, step.name)
		require.Equal(t, b.http.URL+oura.WebhookPath, got.CallbackURL)
		require.NotNil(t, got.CheckedAt, step.name)
		require.True(t, got.CheckedAt.Equal(b.clock.Now()), step.name)
		require.Nil(t, got.Error, step.name)
		require.Len(t, got.Subscriptions, pairs, step.name)
		live := map[string]simoura.Subscription{}
		for _, s := range b.sim.Subscriptions() {
			live[s.ID] = s
		}
		for _, s := range got.Subscriptions {
			require.Equal(t, step.action, s.Action, "%s %s/%s", step.name, s.DataType, s.EventType)
			require.NotNil(t, s.ID)
			at, ok := live[*s.ID]
			require.True(t, ok, "%s: subscription %s is live at Oura", step.name, *s.ID)
			require.Equal(t, s.DataType+"/"+s.EventType, at.DataType+"/"+at.EventType)
			require.Equal(t, got.CallbackURL, s.CallbackURL)
			require.NotNil(t, s.ExpirationTime)
			require.Equal(t, at.ExpirationTime, s.ExpirationTime.UTC().Format(time.RFC3339))
			require.Nil(t, s.Error)
		}
	}

	// Oura loses every subscription and the verification GET is refused:
	// each pair is recreated, fails, and says why.
	for _, s := range b.sim.Subscriptions() {
		req, err := http.NewRequest(http.MethodDelete, b.simURL+"/v2/webhook/subscription/"+s.ID, nil)
		require.NoError(t, err)
		req.Header.Set("x-client-id", b.sim.ClientID())
		req.Header.Set("x-client-secret", b.sim.ClientSecret())
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		require.Less(t, res.StatusCode, 300)
	}
	b.refuse.Store(true)
	_, err := b.subs.Ensure(t.Context())
	require.Error(t, err)
	got := b.get(t)
	require.NotNil(t, got.Error)
	require.Len(t, got.Subscriptions, pairs)
	for _, s := range got.Subscriptions {
		require.Equal(t, "failed", s.Action)
		require.Nil(t, s.ID)
		require.Nil(t, s.ExpirationTime)
		require.NotNil(t, s.Error)
		require.Contains(t, *s.Error, s.DataType+"/"+s.EventType)
	}
}

func TestOuraSubscriptionsRouteAnswers(t *testing.T) {
	t.Parallel()
	t.Run("Unconfigured", func(t *testing.T) {
		t.Parallel()
		b := setupOuraSubs(t, "")
		_, err := b.subs.Ensure(t.Context())
		require.ErrorIs(t, err, provider.ErrNotConfigured)
		got := b.get(t)
		require.False(t, got.Configured)
		require.Equal(t, []string{"verification_token"}, got.Missing)
		require.Empty(t, got.Subscriptions)
		require.Empty(t, b.sim.Subscriptions())
	})
	t.Run("NotServed", func(t *testing.T) {
		t.Parallel()
		b := setup(t)
		res := b.do(t, http.MethodGet, ouraSubscriptionsPath, nil)
		require.Equal(t, http.StatusNotFound, res.Status)
		require.Contains(t, res.detail(t), "Oura webhook subscriptions")
	})
	t.Run("NeedsAPIKey", func(t *testing.T) {
		t.Parallel()
		b := setupOuraSubs(t, "verify-me")
		res := b.doWith(t, http.MethodGet, ouraSubscriptionsPath, nil, nil)
		require.Equal(t, http.StatusUnauthorized, res.Status)
	})
}
