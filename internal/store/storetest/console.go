package storetest

import (
	"crypto/sha256"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// RunConsole is the conformance suite of store.Console (operator
// accounts, sessions, lock-out and the overview counts). Engines run it
// beside Run.
func RunConsole(t *testing.T, open func(t *testing.T) store.Store) {
	t.Helper()
	for _, b := range []behaviour{
		{"AdminCreateRead", testAdminCreateRead},
		{"AdminLockOutCountsEveryFailure", testAdminLockOut},
		{"AdminSessions", testAdminSessions},
		{"Overview", testOverview},
	} {
		t.Run(b.name, func(t *testing.T) {
			t.Parallel()
			b.fn(t, open(t))
		})
	}
}

func testAdminCreateRead(t *testing.T, s store.Store) {
	ctx, c := t.Context(), store.Console(s)
	a, err := c.CreateAdmin(ctx, domain.Admin{Username: "ops", PasswordHash: "$argon2id$x", Role: domain.AdminRoleAdmin})
	require.NoError(t, err)
	require.NotEmpty(t, a.ID)
	_, err = c.CreateAdmin(ctx, domain.Admin{Username: "ops", PasswordHash: "$argon2id$y", Role: domain.AdminRoleReadOnly})
	require.ErrorIs(t, err, store.ErrConflict, "usernames are unique")
	_, err = c.CreateAdmin(ctx, domain.Admin{Username: "x", PasswordHash: "h", Role: "root"})
	require.ErrorIs(t, err, store.ErrInvalid)
	v, err := c.CreateAdmin(ctx, domain.Admin{Username: "auditor", PasswordHash: "$argon2id$z", Role: domain.AdminRoleReadOnly})
	require.NoError(t, err)

	got, err := c.AdminByUsername(ctx, "ops")
	require.NoError(t, err)
	require.Equal(t, a, got)
	got, err = c.Admin(ctx, v.ID)
	require.NoError(t, err)
	require.Equal(t, domain.AdminRoleReadOnly, got.Role)
	all, err := c.ListAdmins(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"auditor", "ops"}, []string{all[0].Username, all[1].Username})

	require.NoError(t, c.SetAdminPassword(ctx, a.ID, "$argon2id$new"))
	got, err = c.Admin(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, "$argon2id$new", got.PasswordHash)
	_, err = c.AdminByUsername(ctx, "nobody")
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, c.SetAdminPassword(ctx, uuid.NewString(), "h"), store.ErrNotFound)
}

// testAdminLockOut: failures counted concurrently are all counted, the
// account locks at the limit, a good sign-in or a new password resets it.
func testAdminLockOut(t *testing.T, s store.Store) {
	ctx, c := t.Context(), store.Console(s)
	a, err := c.CreateAdmin(ctx, domain.Admin{Username: "ops", PasswordHash: "h", Role: domain.AdminRoleAdmin})
	require.NoError(t, err)
	until := baseTime().Add(15 * time.Minute)
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			_, err := c.AdminLoginFailed(ctx, a.ID, 5, until)
			require.NoError(t, err)
		})
	}
	wg.Wait()
	got, err := c.Admin(ctx, a.ID)
	require.NoError(t, err)
	require.Equal(t, 4, got.FailedLogins)
	require.False(t, got.LockedAt(baseTime()))
	got, err = c.AdminLoginFailed(ctx, a.ID, 5, until)
	require.NoError(t, err)
	require.True(t, got.LockedAt(baseTime()), "the fifth failure locks")
	require.True(t, until.Equal(*got.LockedUntil))
	require.False(t, got.LockedAt(until))

	require.NoError(t, c.AdminLoginSucceeded(ctx, a.ID, until))
	got, err = c.Admin(ctx, a.ID)
	require.NoError(t, err)
	require.Zero(t, got.FailedLogins)
	require.Nil(t, got.LockedUntil)
	require.True(t, until.Equal(*got.LastLoginAt))

	for range 5 {
		_, err = c.AdminLoginFailed(ctx, a.ID, 5, until)
		require.NoError(t, err)
	}
	require.NoError(t, c.SetAdminPassword(ctx, a.ID, "h2"))
	got, err = c.Admin(ctx, a.ID)
	require.NoError(t, err)
	require.False(t, got.LockedAt(baseTime()), "a new password lifts the lock")
	_, err = c.AdminLoginFailed(ctx, uuid.NewString(), 5, until)
	require.ErrorIs(t, err, store.ErrNotFound)
}

func testAdminSessions(t *testing.T, s store.Store) {
	ctx, c := t.Context(), store.Console(s)
	a, err := c.CreateAdmin(ctx, domain.Admin{Username: "ops", PasswordHash: "h", Role: domain.AdminRoleAdmin})
	require.NoError(t, err)
	h1, h2 := sha256.Sum256([]byte("one")), sha256.Sum256([]byte("two"))
	now := baseTime()
	require.NoError(t, c.CreateAdminSession(ctx, domain.AdminSession{TokenHash: h1[:], AdminID: a.ID, CSRF: "c1", CreatedAt: now, ExpiresAt: now.Add(time.Hour)}))
	require.NoError(t, c.CreateAdminSession(ctx, domain.AdminSession{TokenHash: h2[:], AdminID: a.ID, CSRF: "c2", CreatedAt: now, ExpiresAt: now.Add(time.Minute)}))
	require.ErrorIs(t, c.CreateAdminSession(ctx, domain.AdminSession{TokenHash: h2[:], AdminID: a.ID}), store.ErrInvalid)

	se, who, err := c.AdminSession(ctx, h1[:], now)
	require.NoError(t, err)
	require.Equal(t, "c1", se.CSRF)
	require.Equal(t, a.ID, who.ID)
	require.Equal(t, a.ID, se.AdminID)
	require.True(t, now.Add(time.Hour).Equal(se.ExpiresAt))
	_, _, err = c.AdminSession(ctx, h2[:], now.Add(time.Minute))
	require.ErrorIs(t, err, store.ErrNotFound, "an expired session signs nobody in")

	n, err := c.DeleteExpiredAdminSessions(ctx, now.Add(time.Minute))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.NoError(t, c.DeleteAdminSession(ctx, h1[:]))
	_, _, err = c.AdminSession(ctx, h1[:], now)
	require.ErrorIs(t, err, store.ErrNotFound, "a signed-out session is gone")
	require.NoError(t, c.DeleteAdminSession(ctx, h1[:]), "signing out twice is fine")
}

// testOverview: users, connections per state, runs since a time, and the
// connections needing a look (revoked, or whose latest run failed).
func testOverview(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c := store.Console(s)
	empty, err := c.Overview(f.ctx, baseTime())
	require.NoError(t, err)
	require.Equal(t, 1, empty.Users)
	require.Empty(t, empty.Connections)
	require.Empty(t, empty.Failing)

	w, err := s.UpsertConnection(f.ctx, f.connection())
	require.NoError(t, err)
	oc := f.connection()
	oc.Provider, oc.ProviderUserID = domain.ProviderOura, "oura-1"
	o, err := s.UpsertConnection(f.ctx, oc)
	require.NoError(t, err)
	other, err := s.CreateUser(f.ctx, domain.User{Email: ptr("bob@example.com")})
	require.NoError(t, err)
	bc := f.connection()
	bc.UserID, bc.ProviderUserID = other.ID, "whoop-bob"
	b, err := s.UpsertConnection(f.ctx, bc)
	require.NoError(t, err)
	require.NoError(t, s.SetConnectionStatus(f.ctx, b.ID, domain.ConnectionRevoked, "refresh token rejected"))

	run := func(conn domain.Connection, at time.Time, st domain.SyncRunStatus, msg string) {
		r, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: conn.UserID, ConnectionID: conn.ID, Provider: conn.Provider, Source: "pull", StartedAt: at})
		require.NoError(t, err)
		end := at.Add(time.Second)
		r.Status, r.Error, r.Fetched, r.EndedAt = st, msg, 10, &end
		require.NoError(t, s.FinishSyncRun(f.ctx, r))
	}
	run(w, baseTime().Add(-48*time.Hour), domain.SyncSuccess, "")
	run(w, baseTime().Add(time.Hour), domain.SyncFailed, "provider answered 500")
	run(o, baseTime().Add(time.Hour), domain.SyncFailed, "timeout")
	run(o, baseTime().Add(2*time.Hour), domain.SyncSuccess, "")

	got, err := c.Overview(f.ctx, baseTime())
	require.NoError(t, err)
	require.Equal(t, 2, got.Users)
	require.Equal(t, []store.ConnectionCount{
		{Provider: domain.ProviderOura, Status: domain.ConnectionActive, Count: 1},
		{Provider: domain.ProviderWHOOP, Status: domain.ConnectionActive, Count: 1},
		{Provider: domain.ProviderWHOOP, Status: domain.ConnectionRevoked, Count: 1},
	}, got.Connections)
	require.Equal(t, []store.RunCount{
		{Provider: domain.ProviderOura, Status: domain.SyncFailed, Count: 1, Fetched: 10},
		{Provider: domain.ProviderOura, Status: domain.SyncSuccess, Count: 1, Fetched: 10},
		{Provider: domain.ProviderWHOOP, Status: domain.SyncFailed, Count: 1, Fetched: 10},
	}, got.Runs, "the run before since is not counted")
	byUser := map[string]store.FailingConnection{}
	for _, fc := range got.Failing {
		byUser[fc.UserID] = fc
	}
	require.Len(t, got.Failing, 2, "oura recovered: its latest run succeeded")
	require.Equal(t, "provider answered 500", byUser[f.user.ID].LastError)
	require.Equal(t, domain.ConnectionActive, byUser[f.user.ID].Status)
	require.Equal(t, domain.ConnectionRevoked, byUser[other.ID].Status)
	require.Equal(t, "refresh token rejected", byUser[other.ID].Reason)
	require.Empty(t, byUser[other.ID].LastError)
	require.Empty(t, got.Budgets, "no shared budget counted yet")

	// The shared budget's windows as the sync engine counted them.
	x := store.SyncExtra(s)
	at := baseTime().Add(3 * time.Hour)
	buckets := []store.RateBucket{{Name: "1m0s", Limit: 95, Window: time.Minute}, {Name: "24h0m0s", Limit: 9500, Window: 24 * time.Hour}}
	for range 3 {
		wait, err := x.TakeRateBudget(f.ctx, "whoop", buckets, at)
		require.NoError(t, err)
		require.Zero(t, wait)
	}
	require.NoError(t, x.PauseRateBudget(f.ctx, "whoop", at.Add(time.Minute), at))
	got, err = c.Overview(f.ctx, baseTime())
	require.NoError(t, err)
	require.Len(t, got.Budgets, 2)
	for i, b := range buckets {
		u := got.Budgets[i]
		require.Equal(t, domain.ProviderWHOOP, u.Provider)
		require.Equal(t, b.Name, u.Bucket)
		require.Equal(t, b.Window, u.Window)
		require.Equal(t, b.Limit, u.Limit)
		require.Equal(t, 3, u.Used)
		require.NotNil(t, u.BlockedUntil)
		require.True(t, at.Add(time.Minute).Equal(*u.BlockedUntil), "blocked until %v", u.BlockedUntil)
		require.False(t, u.WindowStart.After(at))
	}
}
