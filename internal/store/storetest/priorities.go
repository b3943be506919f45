package storetest

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// names lists a priority set as "scope/name=priority" strings, in order.
func names(ps store.Priorities) (providers, devices []string) {
	for _, p := range ps.Providers {
		providers = append(providers, p.Scope+"/"+string(p.Provider)+"="+strconv.Itoa(p.Priority))
	}
	for _, d := range ps.DeviceTypes {
		devices = append(devices, d.Scope+"/"+string(d.DeviceType)+"="+strconv.Itoa(d.Priority))
	}
	return providers, devices
}

func testGlobalPriorities(t *testing.T, s store.Store) {
	ctx := t.Context()
	got, err := s.GlobalPriorities(ctx)
	require.NoError(t, err)
	require.Empty(t, got.Providers, "nothing stored: the built-in defaults apply")
	require.Empty(t, got.DeviceTypes)

	set := func(p domain.Provider, n int) {
		t.Helper()
		stored, err := s.SetProviderPriority(ctx, store.ProviderPriority{Provider: p, Priority: n})
		require.NoError(t, err)
		require.Equal(t, n, stored.Priority)
		require.False(t, stored.UpdatedAt.IsZero(), "the store stamps the write")
	}
	set(domain.ProviderWHOOP, 3)
	set(domain.ProviderOura, 1)
	set(domain.ProviderWithings, 3)
	set(domain.ProviderWHOOP, 2) // replaces
	_, err = s.SetDeviceTypePriority(ctx, store.DeviceTypePriority{DeviceType: domain.DeviceScale, Priority: 100})
	require.NoError(t, err)
	_, err = s.SetDeviceTypePriority(ctx, store.DeviceTypePriority{DeviceType: domain.DeviceRing, Priority: 1})
	require.NoError(t, err)

	got, err = s.GlobalPriorities(ctx)
	require.NoError(t, err)
	providers, devices := names(got)
	require.Equal(t, []string{"/oura=1", "/whoop=2", "/withings=3"}, providers, "by priority, then name")
	require.Equal(t, []string{"/ring=1", "/scale=100"}, devices)
	require.Equal(t, got.Providers[0].UpdatedAt.UTC(), got.Providers[0].UpdatedAt, "times come back in UTC")

	require.NoError(t, s.DeleteProviderPriority(ctx, domain.ProviderOura))
	require.ErrorIs(t, s.DeleteProviderPriority(ctx, domain.ProviderOura), store.ErrNotFound)
	require.NoError(t, s.DeleteDeviceTypePriority(ctx, domain.DeviceScale))
	require.ErrorIs(t, s.DeleteDeviceTypePriority(ctx, domain.DeviceScale), store.ErrNotFound)
	got, err = s.GlobalPriorities(ctx)
	require.NoError(t, err)
	providers, devices = names(got)
	require.Equal(t, []string{"/whoop=2", "/withings=3"}, providers)
	require.Equal(t, []string{"/ring=1"}, devices)

	// Refused values leave the stored ones alone.
	for _, p := range []store.ProviderPriority{
		{Provider: domain.ProviderWHOOP, Priority: 0},
		{Provider: domain.ProviderWHOOP, Priority: 101},
		{Provider: "", Priority: 1},
		{Provider: "Whoop ", Priority: 1},
		{Provider: domain.ProviderWHOOP, Priority: 1, Scope: "steps"}, // globals have no scope
	} {
		_, err := s.SetProviderPriority(ctx, p)
		require.ErrorIs(t, err, store.ErrInvalid, "%+v", p)
	}
	_, err = s.SetDeviceTypePriority(ctx, store.DeviceTypePriority{Priority: 5})
	require.ErrorIs(t, err, store.ErrInvalid, "a device type is required")
	again, err := s.GlobalPriorities(ctx)
	require.NoError(t, err)
	require.Equal(t, got, again)
}

func testUserPriorities(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	other, err := s.CreateUser(f.ctx, domain.User{})
	require.NoError(t, err)
	got, err := s.UserPriorities(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Empty(t, got.Providers)

	setP := func(user, scope string, p domain.Provider, n int) {
		t.Helper()
		_, err := s.SetUserProviderPriority(f.ctx, user, store.ProviderPriority{Scope: scope, Provider: p, Priority: n})
		require.NoError(t, err)
	}
	setP(f.user.ID, "", domain.ProviderOura, 2)
	setP(f.user.ID, "", domain.ProviderWHOOP, 1)
	setP(f.user.ID, "weight", domain.ProviderWithings, 1)
	setP(f.user.ID, "steps", domain.ProviderOura, 1)
	setP(f.user.ID, "steps", domain.ProviderOura, 4) // replaces within its scope only
	setP(other.ID, "", domain.ProviderWithings, 9)
	dt, err := s.SetUserDeviceTypePriority(f.ctx, f.user.ID, store.DeviceTypePriority{Scope: "weight", DeviceType: domain.DeviceScale, Priority: 1})
	require.NoError(t, err)
	require.Equal(t, "weight", dt.Scope)

	got, err = s.UserPriorities(f.ctx, f.user.ID)
	require.NoError(t, err)
	providers, devices := names(got)
	require.Equal(t, []string{"/whoop=1", "/oura=2", "steps/oura=4", "weight/withings=1"}, providers, "by scope, priority, name")
	require.Equal(t, []string{"weight/scale=1"}, devices)
	global, err := s.GlobalPriorities(f.ctx)
	require.NoError(t, err)
	require.Empty(t, global.Providers, "overrides are not global")
	theirs, err := s.UserPriorities(f.ctx, other.ID)
	require.NoError(t, err)
	providers, _ = names(theirs)
	require.Equal(t, []string{"/withings=9"}, providers)

	// Deletes address one (scope, name).
	require.NoError(t, s.DeleteUserProviderPriority(f.ctx, f.user.ID, "steps", domain.ProviderOura))
	require.ErrorIs(t, s.DeleteUserProviderPriority(f.ctx, f.user.ID, "steps", domain.ProviderOura), store.ErrNotFound)
	require.ErrorIs(t, s.DeleteUserProviderPriority(f.ctx, other.ID, "", domain.ProviderOura), store.ErrNotFound)
	require.NoError(t, s.DeleteUserDeviceTypePriority(f.ctx, f.user.ID, "weight", domain.DeviceScale))
	require.ErrorIs(t, s.DeleteUserDeviceTypePriority(f.ctx, f.user.ID, "weight", domain.DeviceScale), store.ErrNotFound)
	got, err = s.UserPriorities(f.ctx, f.user.ID)
	require.NoError(t, err)
	providers, devices = names(got)
	require.Equal(t, []string{"/whoop=1", "/oura=2", "weight/withings=1"}, providers)
	require.Empty(t, devices)

	// Validation, unknown users and transactions.
	for _, scope := range []string{"Heart Rate", "steps;drop", strings.Repeat("a", 65)} {
		_, err := s.SetUserProviderPriority(f.ctx, f.user.ID, store.ProviderPriority{Scope: scope, Provider: domain.ProviderOura, Priority: 1})
		require.ErrorIs(t, err, store.ErrInvalid, "scope %q", scope)
	}
	_, err = s.SetUserDeviceTypePriority(f.ctx, f.user.ID, store.DeviceTypePriority{DeviceType: domain.DeviceRing, Priority: 101})
	require.ErrorIs(t, err, store.ErrInvalid)
	for _, id := range []string{uuid.NewString(), "not-a-uuid"} {
		_, err = s.SetUserProviderPriority(f.ctx, id, store.ProviderPriority{Provider: domain.ProviderOura, Priority: 1})
		require.ErrorIs(t, err, store.ErrNotFound, id)
		_, err = s.SetUserDeviceTypePriority(f.ctx, id, store.DeviceTypePriority{DeviceType: domain.DeviceRing, Priority: 1})
		require.ErrorIs(t, err, store.ErrNotFound, id)
		none, err := s.UserPriorities(f.ctx, id)
		require.NoError(t, err)
		require.Empty(t, none.Providers)
		require.ErrorIs(t, s.DeleteUserProviderPriority(f.ctx, id, "", domain.ProviderOura), store.ErrNotFound)
	}
	errRollback := errors.New("roll back")
	err = s.InTx(f.ctx, func(tx store.Tx) error {
		_, err := tx.SetUserProviderPriority(f.ctx, f.user.ID, store.ProviderPriority{Provider: domain.ProviderWithings, Priority: 7})
		require.NoError(t, err)
		in, err := tx.UserPriorities(f.ctx, f.user.ID)
		require.NoError(t, err)
		require.Len(t, in.Providers, 4, "the transaction sees its own write")
		return errRollback
	})
	require.ErrorIs(t, err, errRollback)
	after, err := s.UserPriorities(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Equal(t, got, after)

	// Overrides belong to the user and go with them.
	_, err = s.DeleteUser(f.ctx, f.user.ID)
	require.NoError(t, err)
	gone, err := s.UserPriorities(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Empty(t, gone.Providers)
}
