package sqlite_test

import (
	"testing"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestSyncExtraConformance(t *testing.T) {
	t.Parallel()
	storetest.RunSyncExtra(t, func(t *testing.T) store.Store { return storetest.NewSQLite(t) })
}
