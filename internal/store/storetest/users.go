package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

func testUserCreateReadUpdate(t *testing.T, s store.Store) {
	ctx := t.Context()
	u, err := s.CreateUser(ctx, domain.User{FirstName: ptr("Ada"), LastName: ptr("Lovelace"), Email: ptr("ada@example.com")})
	require.NoError(t, err)
	id, err := uuid.Parse(u.ID)
	require.NoError(t, err)
	require.Equal(t, uuid.Version(7), id.Version(), "ids are time-ordered UUIDv7")
	require.False(t, u.CreatedAt.IsZero())

	got, err := s.User(ctx, u.ID)
	require.NoError(t, err)
	require.Equal(t, u, got)

	// A pointer to nil clears a field; nil leaves it alone.
	var none *string
	upd, err := s.UpdateUser(ctx, u.ID, store.UserPatch{LastName: &none, ExternalUserID: ptr(ptr("ext-1"))})
	require.NoError(t, err)
	require.Nil(t, upd.LastName)
	require.Equal(t, "Ada", *upd.FirstName)
	require.Equal(t, "ext-1", *upd.ExternalUserID)
	got, err = s.User(ctx, u.ID)
	require.NoError(t, err)
	require.Equal(t, upd, got)

	explicit := uuid.Must(uuid.NewV7()).String()
	u2, err := s.CreateUser(ctx, domain.User{ID: explicit})
	require.NoError(t, err)
	require.Equal(t, explicit, u2.ID, "a given id is kept")

	_, err = s.UpdateUser(ctx, uuid.Must(uuid.NewV7()).String(), store.UserPatch{})
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testUserList(t *testing.T, s store.Store) {
	ctx := t.Context()
	names := []string{"Grace", "ada", "Linus", "Barbara", "Edsger", "Alan", "Margaret", "Ken", "Dennis", "Frances", "Niklaus", "Tony"}
	for i, n := range names {
		u := domain.User{FirstName: ptr(n), Email: ptr(fmt.Sprintf("%02d-%s@example.com", len(names)-i, n))}
		if i%4 == 3 {
			u.LastName = ptr("Zed" + n)
		}
		_, err := s.CreateUser(ctx, u)
		require.NoError(t, err)
	}
	_, err := s.CreateUser(ctx, domain.User{}) // no names at all: sorts last
	require.NoError(t, err)

	all, total, err := s.ListUsers(ctx, store.UserQuery{Limit: 100})
	require.NoError(t, err)
	require.Equal(t, 13, total)
	require.Len(t, all, 13)
	for i := 1; i < len(all); i++ { // default: created_at desc
		require.False(t, all[i].CreatedAt.After(all[i-1].CreatedAt))
	}

	// Pages of 5 cover everything once; total is the full count.
	seen := map[string]bool{}
	for page := 1; page <= 3; page++ {
		us, total, err := s.ListUsers(ctx, store.UserQuery{Page: page, Limit: 5, SortBy: "email", SortOrder: "asc"})
		require.NoError(t, err)
		require.Equal(t, 13, total)
		for _, u := range us {
			require.False(t, seen[u.ID])
			seen[u.ID] = true
		}
	}
	require.Len(t, seen, 13)

	byName, _, err := s.ListUsers(ctx, store.UserQuery{Limit: 100, SortBy: "first_name", SortOrder: "asc"})
	require.NoError(t, err)
	require.Nil(t, byName[len(byName)-1].FirstName, "NULLs sort last")
	require.Equal(t, "ada", *byName[0].FirstName, "names sort case-insensitively")
	require.Equal(t, "Alan", *byName[1].FirstName)
	byNameDesc, _, err := s.ListUsers(ctx, store.UserQuery{Limit: 100, SortBy: "first_name", SortOrder: "desc"})
	require.NoError(t, err)
	require.Equal(t, "Tony", *byNameDesc[0].FirstName)
	require.Equal(t, "ada", *byNameDesc[len(byNameDesc)-2].FirstName)
	require.Nil(t, byNameDesc[len(byNameDesc)-1].FirstName, "NULLs sort last in both directions")

	found, total, err := s.ListUsers(ctx, store.UserQuery{Search: "AdA"})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	require.Equal(t, "ada", *found[0].FirstName)
	found, total, err = s.ListUsers(ctx, store.UserQuery{Search: "zed"})
	require.NoError(t, err)
	require.Equal(t, 3, total, "search matches last names")
	require.Len(t, found, 3)

	exact, total, err := s.ListUsers(ctx, store.UserQuery{Email: "01-Tony@example.com"})
	require.NoError(t, err)
	require.Equal(t, 1, total)
	require.Equal(t, "Tony", *exact[0].FirstName)

	beyond, total, err := s.ListUsers(ctx, store.UserQuery{Page: 9, Limit: 5})
	require.NoError(t, err)
	require.Empty(t, beyond)
	require.Equal(t, 13, total)
}

func testUserSyncFields(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	u, err := s.User(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.False(t, u.HasActiveConnection)
	require.Nil(t, u.LastSyncedAt)

	w, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderWHOOP, ProviderUserID: "w1"})
	require.NoError(t, err)
	o, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderOura, ProviderUserID: "o1"})
	require.NoError(t, err)
	require.NoError(t, s.MarkConnectionSynced(f.ctx, w.ID, baseTime()))
	require.NoError(t, s.MarkConnectionSynced(f.ctx, o.ID, baseTime().Add(time.Hour)))
	require.NoError(t, s.SetConnectionStatus(f.ctx, o.ID, domain.ConnectionRevoked, "refresh rejected"))

	u, err = s.User(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.True(t, u.HasActiveConnection)
	require.True(t, baseTime().Add(time.Hour).Equal(*u.LastSyncedAt))
	require.Equal(t, "oura", *u.LastSyncedProvider)

	us, _, err := s.ListUsers(f.ctx, store.UserQuery{SortBy: "last_synced_at", SortOrder: "desc"})
	require.NoError(t, err)
	require.Equal(t, u.ID, us[0].ID)
	require.Equal(t, u.HasActiveConnection, us[0].HasActiveConnection)
	require.Equal(t, *u.LastSyncedProvider, *us[0].LastSyncedProvider)
	require.True(t, u.LastSyncedAt.Equal(*us[0].LastSyncedAt))
}

func testNotFound(t *testing.T, s store.Store) {
	ctx := t.Context()
	missing := uuid.Must(uuid.NewV7()).String()
	checks := map[string]error{}
	_, checks["User"] = s.User(ctx, missing)
	_, checks["UserMalformedID"] = s.User(ctx, "not-a-uuid")
	_, checks["DeleteUser"] = s.DeleteUser(ctx, missing)
	_, checks["ConnectionByID"] = s.ConnectionByID(ctx, missing)
	_, checks["Connection"] = s.Connection(ctx, missing, domain.ProviderOura)
	_, checks["Event"] = s.Event(ctx, missing, missing)
	_, checks["EventByProviderID"] = s.EventByProviderID(ctx, missing, domain.CategorySleep, "x")
	_, checks["Cursor"] = s.Cursor(ctx, missing, "sleep")
	checks["SetConnectionStatus"] = s.SetConnectionStatus(ctx, missing, domain.ConnectionRevoked, "")
	checks["MarkConnectionSynced"] = s.MarkConnectionSynced(ctx, missing, baseTime())
	checks["DeleteConnection"] = s.DeleteConnection(ctx, missing)
	checks["DeleteEvent"] = s.DeleteEvent(ctx, missing, missing)
	checks["FinishSyncRun"] = s.FinishSyncRun(ctx, domain.SyncRun{ID: missing, Status: domain.SyncFailed})
	checks["MarkRawDocumentDeleted"] = s.MarkRawDocumentDeleted(ctx, missing, domain.ProviderOura, "sleep", "x")
	_, checks["TakeOAuthState"] = s.TakeOAuthState(ctx, "nope", baseTime())
	for name, err := range checks {
		require.ErrorIs(t, err, store.ErrNotFound, name)
		require.NotEqual(t, store.ErrNotFound.Error(), err.Error(), "%s: the error names what was missing", name)
		require.False(t, errors.Is(err, store.ErrConflict), name)
	}
}
