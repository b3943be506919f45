package whoop_test

import (
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/providertest"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestContract runs the provider contract against the WHOOP simulator.
func TestContract(t *testing.T) {
	t.Parallel()
	r, err := syncertest.New(syncertest.Options{Store: storetest.NewSQLite(t), Users: 2, Days: 60, Seed: 41, RateLimits: []simkit.Window{}, Budget: provider.Unlimited{}, SleepStream: true})
	require.NoError(t, err)
	t.Cleanup(r.Close)
	const callback = "https://wearhouse.test/api/v1/oauth/whoop/callback"
	now := r.Clock.Now()
	providertest.Run(t, providertest.Harness{
		Provider:     r.Provider,
		Rotates:      true,
		Window:       provider.Window{Start: now.AddDate(0, 0, -50), End: now},
		Now:          r.Clock.Now,
		Secret:       r.Sim.ClientSecret(),
		RawDataTypes: whoop.Descriptor().RawDataTypes(),
		Connect: func(t *testing.T) provider.Token {
			code, _, err := r.Approve(t.Context(), r.Provider.OAuth().AuthCodeURL("state-"+strconv.FormatInt(time.Now().UnixNano(), 10), callback, ""), 0)
			require.NoError(t, err)
			tok, err := r.Provider.Exchange(t.Context(), code, callback, "")
			require.NoError(t, err)
			return tok
		},
		Webhook: func(t *testing.T, at time.Time, secret string) (http.Header, []byte) {
			body := []byte(fmt.Sprintf(`{"user_id":%d,"id":"ecfc6a15-4661-442f-a9a4-f160dd7afae8","type":"sleep.updated","trace_id":"x"}`,
				r.World.Person(0).WhoopUserID))
			ts := strconv.FormatInt(at.UnixMilli(), 10)
			h := http.Header{}
			h.Set(simwhoop.HeaderTimestamp, ts)
			h.Set(simwhoop.HeaderSignature, simwhoop.Sign(secret, ts, body))
			return h, body
		},
	})
}
