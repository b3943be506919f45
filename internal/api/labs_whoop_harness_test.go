package api

import (
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
)

const labsPath = "/api/v1/labs/whoop"

// labsBundle is the API server on a real store, its WHOOP lab partner
// routes served by a whooplabs.Service logged in to a WHOOP simulator's
// partner API over real HTTP: the API -> whooplabs client -> simulator.
type labsBundle struct {
	*testBundle
	sim *simwhoop.Server
	// mine is the first partner's requisition for person 0, whose WHOOP
	// account is connected to user; unmapped is the first partner's
	// requisition for person 2, who has no connection; theirs belongs to
	// the other partner.
	mine, unmapped, theirs simwhoop.LabRequisition
	user                   string
}

// labsCredentials picks what the service logs in with.
type labsCredentials int

const (
	labsPartner      labsCredentials = iota // the simulator's first partner
	labsUnconfigured                        // no credentials
	labsWrongSecret                         // a secret WHOOP refuses
	labsNoService                           // no service at all
)

func setupLabs(t *testing.T, st store.Store, creds labsCredentials) *labsBundle {
	t.Helper()
	w, err := truth.Generate(truth.Options{Users: 3, Days: 2, Seed: 19})
	require.NoError(t, err)
	sim, err := simwhoop.New(simwhoop.Config{World: w, Seed: 19, RateLimits: []simkit.Window{}})
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sim.Close(); hs.Close() })
	ps := sim.Partners()
	b := &labsBundle{sim: sim}
	b.mine, b.unmapped = sim.Requisitions(ps[0].ClientID)[0], sim.Requisitions(ps[0].ClientID)[1]
	b.theirs = sim.Requisitions(ps[1].ClientID)[0]
	require.Equal(t, w.Person(0).Key, b.mine.Patient.ID)
	require.Equal(t, w.Person(2).Key, b.unmapped.Patient.ID)

	var svc *whooplabs.Service
	if creds != labsNoService {
		id, secret := ps[0].ClientID, ps[0].ClientSecret
		switch creds {
		case labsUnconfigured:
			id, secret = "", ""
		case labsWrongSecret:
			secret = "not-the-secret"
		}
		client := whooplabs.NewClient(whooplabs.ClientOptions{BaseURL: hs.URL + simwhoop.APIPrefix, ClientID: id, ClientSecret: secret, HTTP: hs.Client()})
		svc = whooplabs.NewService(whooplabs.Options{Client: client, Connections: st})
	}
	b.testBundle = setupWithOptions(t, Options{Store: st, WhoopLabs: svc})

	// Person 0 connected WHOOP as the connect flow stores it: WHOOP's
	// integer user id, the profile email as the username.
	u, err := st.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	p := w.Person(0)
	email := p.Profile.Email
	_, err = st.UpsertConnection(t.Context(), domain.Connection{UserID: u.ID, Provider: domain.ProviderWHOOP,
		ProviderUserID: strconv.FormatInt(p.WhoopUserID, 10), ProviderUsername: &email, Status: domain.ConnectionActive,
		AccessToken: "a", RefreshToken: "r", TokenExpiresAt: time.Now().Add(time.Hour)})
	require.NoError(t, err)
	b.user = u.ID
	return b
}

// post sends a JSON write with an optional Idempotency-Key.
func (b *labsBundle) post(t *testing.T, path, key string, body any) response {
	t.Helper()
	h := map[string]string{"X-Open-Wearables-API-Key": b.key}
	if key != "" {
		h["Idempotency-Key"] = key
	}
	return b.doWith(t, "POST", path, body, h)
}

// sent is how many requests the simulator has served (token requests
// included).
func (b *labsBundle) sent() int { return b.sim.Kit().Counters.Total() }
