package server

import (
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// TestWhoopLabRoutesFollowTheSettings: the process serves the WHOOP lab
// partner routes from WEARHOUSE_WHOOP_PARTNER_*: with credentials pointed
// at the simulator a requisition is read; without them the route answers
// 503.
func TestWhoopLabRoutesFollowTheSettings(t *testing.T) {
	t.Parallel()
	w, err := truth.Generate(truth.Options{Users: 1, Days: 2, Seed: 3})
	require.NoError(t, err)
	sim, err := simwhoop.New(simwhoop.Config{World: w, RateLimits: []simkit.Window{}})
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sim.Close(); hs.Close() })
	p := sim.Partners()[0]
	req := sim.Requisitions(p.ClientID)[0]

	for _, tc := range []struct {
		name        string
		id, secret  string
		status, got int
	}{
		{name: "configured", id: p.ClientID, secret: p.ClientSecret, status: http.StatusOK, got: 1},
		{name: "unconfigured", status: http.StatusServiceUnavailable},
	} {
		// Sequential: the cases count one simulator's requests.
		t.Run(tc.name, func(t *testing.T) {
			cfg := config.Defaults()
			cfg.DatabaseURL = filepath.Join(t.TempDir(), "w.db")
			cfg.WhoopPartner = config.WhoopPartnerConfig{APIURL: hs.URL + simwhoop.APIPrefix, ClientID: tc.id, ClientSecret: tc.secret}
			log := slog.New(slog.DiscardHandler)
			st, err := OpenStore(t.Context(), cfg, log)
			require.NoError(t, err)
			defer st.Close()
			srv, err := New(cfg, st, log)
			require.NoError(t, err)
			key, rec := apikey.Generate("test", time.Now())
			_, err = st.CreateAPIKey(t.Context(), rec)
			require.NoError(t, err)

			before := sim.RequestCount(simwhoop.RouteRequisition)
			r := httptest.NewRequest(http.MethodGet, "/api/v1/labs/whoop/requisitions/"+req.ID, nil)
			r.Header.Set("X-Open-Wearables-API-Key", key)
			rw := httptest.NewRecorder()
			srv.Handler().ServeHTTP(rw, r)
			require.Equal(t, tc.status, rw.Code, rw.Body.String())
			require.Equal(t, tc.got, sim.RequestCount(simwhoop.RouteRequisition)-before)
		})
	}
}
