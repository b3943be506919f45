package server

import (
	"log/slog"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/secret"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// personalRig is an Oura simulator and the configuration of a wearhouse
// process that syncs one simulated person through a personal access token.
type personalRig struct {
	world  *truth.World
	sim    *simoura.Server
	clock  *simkit.FakeClock
	person *truth.Person
	cfg    config.Config
}

func newPersonalRig(t *testing.T) *personalRig {
	t.Helper()
	w, err := truth.Generate(truth.Options{Seed: 23, Users: 2, Days: 6})
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	sim, err := simoura.New(simoura.Config{World: w, Clock: clock})
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		sim.Close()
		hs.Close()
	})
	person := w.Person(1)
	cfg := config.Defaults()
	cfg.SecretKey = secret.NewKey()
	cfg.BackfillDays = 8
	cfg.Providers["oura"].Extra[oura.SettingPersonalToken] = sim.PersonalAccessToken(person)
	oc := cfg.Providers["oura"]
	oc.APIURL, oc.AuthURL, oc.TokenURL = hs.URL, hs.URL+"/oauth/authorize", hs.URL+"/oauth/token"
	cfg.Providers["oura"] = oc
	return &personalRig{world: w, sim: sim, clock: clock, person: person, cfg: cfg}
}

// start wires a process on st as `wearhouse serve` would, without
// listening: the same store across calls is a restart.
func (r *personalRig) start(t *testing.T, st store.Store) *Server {
	t.Helper()
	srv, err := New(r.cfg, st, slog.New(slog.DiscardHandler), WithClock(r.clock.Now))
	require.NoError(t, err)
	return srv
}

// TestOuraPersonalTokenRestarts starts a process with
// WEARHOUSE_OURA_PERSONAL_TOKEN twice on the same store: the first start
// creates one user and one active connection whose backfill stores the
// person's data; the second reuses both, and so does a start after the
// connection was disconnected.
func TestOuraPersonalTokenRestarts(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		r := newPersonalRig(t)
		ctx := t.Context()

		first := r.start(t, st)
		c, created, err := first.ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.True(t, created)
		require.Equal(t, r.person.OuraUserID, c.ProviderUserID)
		require.Equal(t, domain.ConnectionActive, c.Status)
		require.Empty(t, c.RefreshToken, "a personal token is never refreshed")
		run, err := first.sync.services.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
		require.NoError(t, err)
		require.Equal(t, domain.SyncSuccess, run.Status, run.Error)

		second := r.start(t, st)
		again, created, err := second.ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.False(t, created, "a restart reuses the connection")
		require.Equal(t, c.ID, again.ID)
		require.Equal(t, c.UserID, again.UserID)

		require.NoError(t, st.SetConnectionStatus(ctx, c.ID, domain.ConnectionRevoked, "user_disconnected"))
		third, created, err := r.start(t, st).ensureOuraPersonal(ctx)
		require.NoError(t, err)
		require.False(t, created)
		require.Equal(t, c.ID, third.ID)
		require.Equal(t, domain.ConnectionActive, third.Status, "the configured token makes it active again")

		users, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
		require.NoError(t, err)
		require.Equal(t, 1, total, "exactly one user")
		require.Equal(t, "oura:"+r.person.OuraUserID, *users[0].ExternalUserID)
		conns, err := st.ListConnections(ctx, c.UserID)
		require.NoError(t, err)
		require.Len(t, conns, 1, "exactly one connection")
		active, err := st.ActiveConnections(ctx, domain.ProviderOura)
		require.NoError(t, err)
		require.Len(t, active, 1)

		sleeps, err := st.ListEvents(ctx, store.EventQuery{UserID: c.UserID, Category: domain.CategorySleep,
			Start: r.world.Start().AddDate(0, 0, -2), End: r.world.Now().AddDate(0, 0, 1), Page: store.Page{Limit: 100}})
		require.NoError(t, err)
		require.Len(t, sleeps, len(r.person.Sleeps(time.Time{}, time.Time{})), "the backfill stored the person's sleeps")
		scores, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Category: domain.ScoreReadiness})
		require.NoError(t, err)
		require.NotEmpty(t, scores)
	})
}

// TestOuraPersonalTokenRetries checks the start-up loop: a token Oura
// refuses creates nothing and is tried again after a backoff, and the
// loop ends once the connection exists.
func TestOuraPersonalTokenRetries(t *testing.T) {
	t.Parallel()
	r := newPersonalRig(t)
	st := storetest.NewSQLite(t)
	ctx := t.Context()
	srv := r.start(t, st)
	require.NoError(t, r.sim.Kit().Faults.Set(simoura.RoutePersonalInfo, simkit.Fault{Kind: simkit.FaultUnauthorized, Count: 2}))

	_, _, err := srv.ensureOuraPersonal(ctx)
	require.ErrorIs(t, err, provider.ErrUnauthorized)
	_, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
	require.NoError(t, err)
	require.Zero(t, total, "a refused token creates no user")

	var waits []time.Duration
	after := func(d time.Duration) <-chan time.Time {
		waits = append(waits, d)
		ch := make(chan time.Time, 1)
		ch <- r.clock.Advance(d)
		return ch
	}
	srv.keepOuraPersonal(ctx, after)
	require.Equal(t, []time.Duration{time.Minute}, waits, "one refusal left, then success")
	active, err := st.ActiveConnections(ctx, domain.ProviderOura)
	require.NoError(t, err)
	require.Len(t, active, 1)

	srv.keepOuraPersonal(ctx, after)
	require.Len(t, waits, 1, "an existing connection needs no retry")
	_, total, err = st.ListUsers(ctx, store.UserQuery{Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, total)
}

// TestOuraPersonalTokenUnset checks that without a token nothing is
// created and the start-up loop returns at once.
func TestOuraPersonalTokenUnset(t *testing.T) {
	t.Parallel()
	r := newPersonalRig(t)
	r.cfg.Providers["oura"].Extra[oura.SettingPersonalToken] = ""
	st := storetest.NewSQLite(t)
	srv := r.start(t, st)
	srv.keepOuraPersonal(t.Context(), func(time.Duration) <-chan time.Time {
		t.Fatal("no retry without a token")
		return nil
	})
	_, _, err := srv.ensureOuraPersonal(t.Context())
	require.ErrorIs(t, err, provider.ErrNotConfigured)
}

// TestOuraPersonalTokenKeepsOAuthConnection checks that a ring already
// connected through the OAuth app is not connected a second time: its
// active connection is returned untouched.
func TestOuraPersonalTokenKeepsOAuthConnection(t *testing.T) {
	t.Parallel()
	r := newPersonalRig(t)
	st := storetest.NewSQLite(t)
	ctx := t.Context()
	tok, err := r.sim.IssueToken(r.person.Index)
	require.NoError(t, err)
	u, err := st.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	oauth, err := st.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderOura, ProviderUserID: r.person.OuraUserID,
		Status: domain.ConnectionActive, AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, TokenExpiresAt: r.clock.Now().Add(time.Hour)})
	require.NoError(t, err)

	c, created, err := r.start(t, st).ensureOuraPersonal(ctx)
	require.NoError(t, err)
	require.False(t, created)
	require.Equal(t, oauth.ID, c.ID)
	require.Equal(t, oauth.TokenVersion, c.TokenVersion, "the OAuth tokens are left alone")
	_, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, total)
}

// TestOuraPersonalTokenRace settles two replicas of an earlier version
// that created the personal connection at once (the store now refuses a
// second active connection to one account; this state is left from
// before): the younger one removes its own user and both agree on the
// older connection.
func TestOuraPersonalTokenRace(t *testing.T) {
	t.Parallel()
	r := newPersonalRig(t)
	st := storetest.NewSQLite(t)
	ctx := t.Context()
	srv := r.start(t, st)
	conns := make([]domain.Connection, 2)
	for i := range conns {
		u, err := st.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		conns[i], err = st.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderOura,
			ProviderUserID: r.person.OuraUserID, Status: domain.ConnectionRevoked, AccessToken: r.cfg.Providers["oura"].Extra[oura.SettingPersonalToken],
			TokenExpiresAt: r.clock.Now().AddDate(1, 0, 0)})
		require.NoError(t, err)
		require.NoError(t, st.SetConnectionStatus(ctx, conns[i].ID, domain.ConnectionActive, ""))
	}
	keep := oldest(conns)
	drop := conns[0]
	if drop.ID == keep.ID {
		drop = conns[1]
	}
	got, err := srv.dropIfDuplicate(ctx, keep, true)
	require.NoError(t, err)
	require.Equal(t, keep.ID, got.ID, "the older connection stays")
	got, err = srv.dropIfDuplicate(ctx, drop, true)
	require.NoError(t, err)
	require.Equal(t, keep.ID, got.ID)
	_, err = st.User(ctx, drop.UserID)
	require.ErrorIs(t, err, store.ErrNotFound, "the younger replica removed the user it created")
	_, total, err := st.ListUsers(ctx, store.UserQuery{Limit: 10})
	require.NoError(t, err)
	require.Equal(t, 1, total)
}
