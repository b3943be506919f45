package oura

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// verificationToken is what the engine's webhook route expects Oura to
// echo when it verifies a subscription.
const verificationToken = "verify-me"

// engine is the connector on the shared sync engine over a real store,
// with wearhouse's real API (and so its webhook route) in front of it.
// Jobs are recorded instead of run by River, and drain runs them the way
// a worker would, so a test decides when webhook fetches happen.
type engine struct {
	*testBundle
	st     store.Store
	tokens *oauthflow.Service
	sy     *syncer.Syncer
	jobs   *jobQueue
	// api is the base URL of the API server; subs keeps Oura's
	// subscriptions pointed at its webhook route.
	api  string
	subs *Subscriptions
}

// jobQueue is a syncer.Enqueuer that records jobs.
type jobQueue struct {
	mu      sync.Mutex
	targets []provider.Target
	syncs   int
}

// EnqueueSync counts sync jobs (the connect hook's backfill); tests run
// syncs themselves.
func (q *jobQueue) EnqueueSync(context.Context, string, string, int, time.Time) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.syncs++
	return nil
}

// EnqueueWebhook records a webhook fetch.
func (q *jobQueue) EnqueueWebhook(_ context.Context, _ domain.Provider, t provider.Target) error {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.targets = append(q.targets, t)
	return nil
}

// take removes and returns the recorded webhook fetches.
func (q *jobQueue) take() []provider.Target {
	q.mu.Lock()
	defer q.mu.Unlock()
	out := q.targets
	q.targets = nil
	return out
}

// pending counts the recorded webhook fetches.
func (q *jobQueue) pending() int {
	q.mu.Lock()
	defer q.mu.Unlock()
	return len(q.targets)
}

func newEngine(t *testing.T, b *testBundle, st store.Store, backfillDays int) *engine {
	t.Helper()
	reg, err := provider.NewRegistry(b.p)
	require.NoError(t, err)
	e := &engine{testBundle: b, st: st, jobs: &jobQueue{}}
	e.tokens, err = oauthflow.New(oauthflow.Options{Store: st, Registry: reg, BaseURL: "https://wearhouse.test",
		RedirectAllowlist: []string{"https://app.test/"}, Now: b.clock.Now,
		OnConnect: func(ctx context.Context, c domain.Connection) error { return e.sy.OnConnect(ctx, c) }})
	require.NoError(t, err)
	e.sy, err = syncer.New(syncer.Options{Store: st, Registry: reg, Tokens: e.tokens, Enqueue: e.jobs,
		BackfillDays: backfillDays, Now: b.clock.Now})
	require.NoError(t, err)
	a, err := api.New(api.Options{Store: st, Now: b.clock.Now, Sync: api.SyncServices{Registry: reg, Connect: e.tokens, Syncer: e.sy,
		Enqueue: e.jobs, Challenges: map[string]api.ChallengeFunc{"oura": func(q url.Values) (int, []byte) {
			return e.subs.AnswerChallenge(q)
		}}}})
	require.NoError(t, err)
	hs := httptest.NewServer(a)
	t.Cleanup(hs.Close)
	e.api = hs.URL
	e.subs = NewSubscriptions(SubscriptionOptions{APIURL: b.url, ClientID: b.sim.ClientID(), ClientSecret: b.sim.ClientSecret(),
		CallbackURL: hs.URL + WebhookPath, VerificationToken: verificationToken, Client: b.p.o.Client, Now: b.clock.Now})
	return e
}

// connect runs the OAuth flow for simulated person i through oauthflow
// and the simulator's consent redirect.
func (e *engine) connect(t *testing.T, i int) domain.Connection {
	t.Helper()
	ctx := t.Context()
	u, err := e.st.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	res, err := e.tokens.Authorize(ctx, domain.ProviderOura, u.ID, "https://app.test/connected")
	require.NoError(t, err)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(res.AuthorizationURL + "&" + url.Values{simoura.SimUserParam: {e.world.Person(i).OuraUserID}}.Encode())
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	cb, err := e.tokens.Callback(ctx, domain.ProviderOura, oauthflow.CallbackParams{Code: loc.Query().Get("code"), State: loc.Query().Get("state")})
	require.NoError(t, err)
	require.Equal(t, "success", cb.Status, cb.Error)
	require.Equal(t, e.world.Person(i).OuraUserID, cb.Connection.ProviderUserID)
	return cb.Connection
}

// sync runs one sync of c to the end, retrying what a job would retry.
func (e *engine) sync(t *testing.T, c domain.Connection, source string) domain.SyncRun {
	t.Helper()
	for attempt := 0; ; attempt++ {
		run, err := e.sy.Sync(t.Context(), syncer.Request{ConnectionID: c.ID, Source: source})
		if err == nil {
			return run
		}
		require.Less(t, attempt, 50, "sync never completed: %v", err)
		require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
	}
}

// drain runs every recorded webhook job, as the workers would, until none
// is left, and returns the totals.
func (e *engine) drain(t *testing.T) syncer.Counts {
	t.Helper()
	var total syncer.Counts
	for _, tg := range e.jobs.take() {
		for attempt := 0; ; attempt++ {
			n, err := e.sy.HandleWebhook(t.Context(), domain.ProviderOura, tg)
			if err == nil {
				total.Fetched, total.Stored, total.Updated, total.Deleted = total.Fetched+n.Fetched, total.Stored+n.Stored,
					total.Updated+n.Updated, total.Deleted+n.Deleted
				break
			}
			require.Less(t, attempt, 20, "webhook job %s never completed: %v", tg.EventType, err)
			require.True(t, provider.Retryable(err), "webhook job %s: %v", tg.EventType, err)
		}
	}
	return total
}
