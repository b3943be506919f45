package demo

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// TestDemoConfiguresTheLabPartner: the demo logs in to the WHOOP
// simulator's partner API as its first lab partner, so the
// /api/v1/labs/whoop/… routes answer in the demo.
func TestDemoConfiguresTheLabPartner(t *testing.T) {
	t.Parallel()
	c := &simulator.Cluster{Endpoints: []simulator.Endpoint{{Name: "whoop",
		URLs:        simulator.URLs{API: "http://127.0.0.1:7001/developer/"},
		Credentials: simulator.Credentials{ClientID: "app", ClientSecret: "app-secret"}}}}
	cfg := demoConfig(withDefaults(Options{Dir: t.TempDir()}), "http://127.0.0.1:8080", c)
	lab := simwhoop.DefaultPartners()[0]
	require.True(t, cfg.WhoopPartner.Configured())
	require.Equal(t, "http://127.0.0.1:7001/developer", cfg.WhoopPartner.APIURL)
	require.Equal(t, lab.ClientID, cfg.WhoopPartner.ClientID)
	require.Equal(t, lab.ClientSecret, cfg.WhoopPartner.ClientSecret)
	require.NoError(t, cfg.Validate())
}
