package postgres_test

import (
	"testing"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestConsoleConformance(t *testing.T) {
	t.Parallel()
	storetest.RunConsole(t, func(t *testing.T) store.Store { return storetest.NewPostgres(t) })
}
