package oura

import (
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// TestConnectBackfillMatchesTruth runs the whole path on the shared
// engine: OAuth connect through oauthflow, a backfill through syncer into
// a real SQLite store, then the stored sleeps and workouts are compared
// with the ground truth and a second sync stores nothing.
func TestConnectBackfillMatchesTruth(t *testing.T) {
	t.Parallel()
	const days = 20
	b := setup(t, truth.Options{Users: 1, Days: days}, simoura.Config{})
	ctx := t.Context()
	st := storetest.NewSQLite(t)
	reg, err := provider.NewRegistry(b.p)
	require.NoError(t, err)
	tokens, err := oauthflow.New(oauthflow.Options{Store: st, Registry: reg, BaseURL: "https://wearhouse.test",
		RedirectAllowlist: []string{"https://app.test/"}, Now: b.clock.Now})
	require.NoError(t, err)
	sy, err := syncer.New(syncer.Options{Store: st, Registry: reg, Tokens: tokens, BackfillDays: days + 2, Now: b.clock.Now})
	require.NoError(t, err)

	u, err := st.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	res, err := tokens.Authorize(ctx, domain.ProviderOura, u.ID, "https://app.test/connected")
	require.NoError(t, err)
	noFollow := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := noFollow.Get(res.AuthorizationURL + "&" + simoura.SimUserParam + "=0")
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	loc, err := url.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	cb, err := tokens.Callback(ctx, domain.ProviderOura, oauthflow.CallbackParams{Code: loc.Query().Get("code"), State: loc.Query().Get("state")})
	require.NoError(t, err)
	require.Equal(t, "success", cb.Status, cb.Error)
	person := b.world.Person(0)
	require.Equal(t, person.OuraUserID, cb.Connection.ProviderUserID)

	sync := func(source string) domain.SyncRun {
		for attempt := 0; ; attempt++ {
			run, err := sy.Sync(ctx, syncer.Request{ConnectionID: cb.Connection.ID, Source: source})
			if err == nil {
				return run
			}
			require.Less(t, attempt, 50, "sync never completed: %v", err)
			require.True(t, provider.Retryable(err) || errors.Is(err, provider.ErrUnauthorized), "unexpected error class: %v", err)
		}
	}
	run := sync(syncer.SourceBackfill)
	require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
	require.Positive(t, run.Stored)

	events := func(c domain.EventCategory) map[time.Time]domain.Event {
		evs, err := st.ListEvents(ctx, store.EventQuery{UserID: u.ID, Category: c, Start: b.world.Start().AddDate(0, 0, -2),
			End: b.world.Now().AddDate(0, 0, 1), Page: store.Page{Limit: 1000}})
		require.NoError(t, err)
		out := map[time.Time]domain.Event{}
		for _, ev := range evs {
			out[ev.StartTime.UTC()] = ev
		}
		return out
	}
	sleeps := events(domain.CategorySleep)
	want := person.Sleeps(time.Time{}, time.Time{})
	require.Len(t, sleeps, len(want))
	for _, s := range want {
		ev, ok := sleeps[s.Start.UTC()]
		require.True(t, ok, "sleep %s not stored", s.ID)
		require.Equal(t, s.Nap, ev.Sleep.IsNap)
		require.Equal(t, int64(s.DeepTime.Seconds()), *ev.Sleep.DeepSeconds)
		checkHypnogram(t, s, ev.Sleep)
	}
	workouts := events(domain.CategoryWorkout)
	require.Len(t, workouts, len(person.Workouts(time.Time{}, time.Time{})))

	again := sync(syncer.SourcePull)
	require.Equal(t, domain.SyncSuccess, again.Status, again.Error)
	require.Zero(t, again.Stored, "a second sync of the same data stores nothing new")
	require.Zero(t, again.Updated)
}
