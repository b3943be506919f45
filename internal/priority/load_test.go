package priority_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestLoadFromStore(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, s store.Store) {
		ctx := t.Context()
		base := priority.Default(catalog.Default().Names()...)
		u, err := s.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		r, err := priority.Load(ctx, s, base, u.ID)
		require.NoError(t, err)
		require.Equal(t, base.Providers, r.Providers, "nothing stored: the defaults")

		_, err = s.SetProviderPriority(ctx, store.ProviderPriority{Provider: domain.ProviderOura, Priority: 1})
		require.NoError(t, err)
		_, err = s.SetUserProviderPriority(ctx, u.ID, store.ProviderPriority{Scope: "steps", Provider: domain.ProviderWHOOP, Priority: 1})
		require.NoError(t, err)
		ring := domain.DeviceRing
		band := domain.DeviceBand
		srcs := map[string]domain.DataSource{
			"ring": {ID: "ring", Provider: domain.ProviderOura, DeviceType: &ring},
			"band": {ID: "band", Provider: domain.ProviderWHOOP, DeviceType: &band},
		}
		ids := []string{"band", "ring"}

		global, err := priority.Load(ctx, s, base, "")
		require.NoError(t, err)
		require.Equal(t, "ring", global.Best("steps", ids, srcs), "the global order puts Oura first")
		mine, err := priority.Load(ctx, s, base, u.ID)
		require.NoError(t, err)
		require.Equal(t, "band", mine.Best("steps", ids, srcs), "the user's steps override")
		require.Equal(t, "ring", mine.Best("heart_rate", ids, srcs), "and only for steps")
	})
}
