package console_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/console/consoletest"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// TestOverviewShowsBudgetUse: the overview shows how much of each window
// the shared rate budget has used, as the sync engine recorded it.
func TestOverviewShowsBudgetUse(t *testing.T) {
	t.Parallel()
	p := startPlain(t, false)
	p.operator(t, "ops", domain.AdminRoleAdmin, pw)
	x := store.SyncExtra(p.st)
	b := syncer.NewSharedBudget(x, "whoop", whoop.Limits(), time.Now, nil)
	for range 3 {
		require.NoError(t, b.Take(context.Background()))
	}
	c := consoletest.Client(t)
	consoletest.SignIn(t, c, p.base, "ops", pw)
	status, page := consoletest.Get(t, c, p.base+"/console/")
	require.Equal(t, http.StatusOK, status)
	require.Contains(t, page, "100 per 1m0s: 3 of 100 used until ")
	require.Contains(t, page, "10000 per 24h0m0s: 3 of 10000 used until ")
	require.Contains(t, page, `<span class="budget">120 per 1m0s</span>`, "Withings' budget was not counted")
}
