package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testEventSourceFilters checks the Open Wearables 0.9.0 event filters:
// data sources, the exact workout type and naps.
func testEventSourceFilters(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ring := f.source(t, domain.ProviderOura, "Oura Ring 4")
	d := baseTime()
	night := f.sleep("night", d.Add(-8*time.Hour), 8*time.Hour)
	nap := f.sleep("nap", d.Add(5*time.Hour), 30*time.Minute)
	nap.Sleep.IsNap = true
	ringNight := f.sleep("ring-night", d.Add(-8*time.Hour), 7*time.Hour)
	ringNight.DataSourceID = ring.ID
	run := f.workout("run", "running", d.Add(time.Hour), time.Hour)
	trail := f.workout("trail", "trail_running", d.Add(3*time.Hour), time.Hour)
	ringRun := f.workout("ring-run", "running", d.Add(7*time.Hour), time.Hour)
	ringRun.DataSourceID = ring.ID
	_, err := s.UpsertEvents(f.ctx, []domain.Event{night, nap, ringNight, run, trail, ringRun})
	require.NoError(t, err)

	ids := func(q store.EventQuery) []string {
		t.Helper()
		es, err := s.ListEvents(f.ctx, q)
		require.NoError(t, err)
		out := []string{}
		for _, e := range es {
			out = append(out, e.ProviderRecordID)
		}
		n, err := s.CountEvents(f.ctx, q)
		require.NoError(t, err)
		require.Equal(t, len(out), n, "the count applies the same filters")
		return out
	}
	sleeps := store.EventQuery{UserID: f.user.ID, Category: domain.CategorySleep}
	workouts := store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout}
	with := func(q store.EventQuery, fn func(*store.EventQuery)) store.EventQuery { fn(&q); return q }

	cases := []struct {
		name string
		q    store.EventQuery
		want []string
	}{
		{"AllSleep", sleeps, []string{"night", "ring-night", "nap"}},
		{"Naps", with(sleeps, func(q *store.EventQuery) { q.IsNap = ptr(true) }), []string{"nap"}},
		{"MainSleeps", with(sleeps, func(q *store.EventQuery) { q.IsNap = ptr(false) }), []string{"night", "ring-night"}},
		{"OneSource", with(sleeps, func(q *store.EventQuery) { q.DataSourceIDs = []string{ring.ID} }), []string{"ring-night"}},
		{"TwoSources", with(sleeps, func(q *store.EventQuery) { q.DataSourceIDs = []string{ring.ID, f.ds.ID} }), []string{"night", "ring-night", "nap"}},
		{"SourceAndNap", with(sleeps, func(q *store.EventQuery) { q.DataSourceIDs = []string{ring.ID}; q.IsNap = ptr(true) }), []string{}},
		{"ExactType", with(workouts, func(q *store.EventQuery) { q.ExactType = "running" }), []string{"run", "ring-run"}},
		{"ExactTypeIsCaseSensitive", with(workouts, func(q *store.EventQuery) { q.ExactType = "Running" }), []string{}},
		{"SubstringType", with(workouts, func(q *store.EventQuery) { q.Type = "running" }), []string{"run", "trail", "ring-run"}},
		{"ExactTypeAndSource", with(workouts, func(q *store.EventQuery) { q.ExactType = "running"; q.DataSourceIDs = []string{f.ds.ID} }), []string{"run"}},
		{"WorkoutsAreNotNaps", with(workouts, func(q *store.EventQuery) { q.IsNap = ptr(false) }), []string{"run", "trail", "ring-run"}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, ids(c.q), c.name)
	}
}

// testUserConnectionFilters checks the user list's connection filters,
// the name sort and the connection summaries of a user read.
func testUserConnectionFilters(t *testing.T, s store.Store) {
	ctx := t.Context()
	mk := func(first, last *string) domain.User {
		u, err := s.CreateUser(ctx, domain.User{FirstName: first, LastName: last})
		require.NoError(t, err)
		return u
	}
	ada, bob, cy, none := mk(ptr("Ada"), ptr("Zed")), mk(ptr("Ada"), ptr("Byron")), mk(nil, ptr("cy")), mk(nil, nil)
	connect := func(u domain.User, p domain.Provider, synced *time.Time, revoked bool) {
		c, err := s.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: p, ProviderUserID: u.ID + string(p)})
		require.NoError(t, err)
		if synced != nil {
			require.NoError(t, s.MarkConnectionSynced(ctx, c.ID, *synced))
		}
		if revoked {
			require.NoError(t, s.SetConnectionStatus(ctx, c.ID, domain.ConnectionRevoked, "revoked by the user"))
		}
	}
	early, late := baseTime(), baseTime().Add(24*time.Hour)
	connect(ada, domain.ProviderWHOOP, &early, false)
	connect(ada, domain.ProviderOura, nil, true)
	connect(bob, domain.ProviderOura, &late, false)
	connect(cy, domain.ProviderWithings, &early, true)

	names := map[string]string{ada.ID: "ada", bob.ID: "bob", cy.ID: "cy", none.ID: "none"}
	list := func(q store.UserQuery) []string {
		t.Helper()
		q.Limit, q.SortBy, q.SortOrder = 100, "name", "asc"
		us, total, err := s.ListUsers(ctx, q)
		require.NoError(t, err)
		require.Len(t, us, total, "the total applies the same filters")
		out := []string{}
		for _, u := range us {
			out = append(out, names[u.ID])
		}
		return out
	}
	cases := []struct {
		name string
		q    store.UserQuery
		want []string
	}{
		{"NameSort", store.UserQuery{}, []string{"bob", "ada", "cy", "none"}},
		{"Provider", store.UserQuery{Providers: []domain.Provider{domain.ProviderOura}}, []string{"bob", "ada"}},
		{"Providers", store.UserQuery{Providers: []domain.Provider{domain.ProviderWithings, domain.ProviderWHOOP}}, []string{"ada", "cy"}},
		{"Revoked", store.UserQuery{ConnectionStatus: domain.ConnectionRevoked}, []string{"ada", "cy"}},
		{"Active", store.UserQuery{ConnectionStatus: domain.ConnectionActive}, []string{"bob", "ada"}},
		{"HasActive", store.UserQuery{HasActiveConnection: ptr(true)}, []string{"bob", "ada"}},
		{"HasNoActive", store.UserQuery{HasActiveConnection: ptr(false)}, []string{"cy", "none"}},
		{"SyncedBefore", store.UserQuery{LastSyncedBefore: ptr(early.Add(time.Hour))}, []string{"ada", "cy"}},
		{"SyncedBeforeAll", store.UserQuery{LastSyncedBefore: ptr(late.Add(time.Hour))}, []string{"bob", "ada", "cy"}},
		{"Combined", store.UserQuery{Providers: []domain.Provider{domain.ProviderOura}, LastSyncedBefore: ptr(early.Add(time.Hour))}, []string{"ada"}},
	}
	for _, c := range cases {
		require.Equal(t, c.want, list(c.q), c.name)
	}

	desc, _, err := s.ListUsers(ctx, store.UserQuery{Limit: 100, SortBy: "name", SortOrder: "desc"})
	require.NoError(t, err)
	require.Equal(t, []string{cy.ID, ada.ID, bob.ID, none.ID}, []string{desc[0].ID, desc[1].ID, desc[2].ID, desc[3].ID},
		"descending by name; unnamed users still last")

	got, err := s.User(ctx, ada.ID)
	require.NoError(t, err)
	require.Len(t, got.Connections, 2)
	require.Equal(t, domain.ProviderOura, got.Connections[0].Provider, "connections by provider name")
	require.Equal(t, domain.ConnectionRevoked, got.Connections[0].Status)
	require.Nil(t, got.Connections[0].LastSyncedAt)
	require.Equal(t, domain.ConnectionActive, got.Connections[1].Status)
	require.True(t, early.Equal(*got.Connections[1].LastSyncedAt))
	got, err = s.User(ctx, none.ID)
	require.NoError(t, err)
	require.Nil(t, got.Connections)
}
