package oura

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// testBundle is the connector wired to a running Oura simulator over
// real HTTP.
type testBundle struct {
	world *truth.World
	sim   *simoura.Server
	url   string
	clock *simkit.FakeClock
	p     *Provider
}

// setup starts a simulator over a small world and a connector pointed at
// it. cfg may set simulator options; World and Clock are filled in.
func setup(t *testing.T, opts truth.Options, cfg simoura.Config) *testBundle {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 11
	}
	w, err := truth.Generate(opts)
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	cfg.World, cfg.Clock = w, clock
	sim, err := simoura.New(cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		sim.Close()
		hs.Close()
	})
	client := provider.NewClient(provider.ClientOptions{Now: clock.Now, DefaultRetryAfter: time.Second})
	p := New(Options{APIURL: hs.URL, AuthURL: hs.URL + "/oauth/authorize", TokenURL: hs.URL + "/oauth/token",
		ClientID: sim.ClientID(), ClientSecret: sim.ClientSecret(), Client: client, Now: clock.Now})
	return &testBundle{world: w, sim: sim, url: hs.URL, clock: clock, p: p}
}

// token grants person i every scope and returns the access token.
func (b *testBundle) token(t *testing.T, i int) string {
	t.Helper()
	tok, err := b.sim.IssueToken(i)
	require.NoError(t, err)
	return tok.AccessToken
}

// fetchAll fetches one data type over w and returns its documents and
// deletions, checking that every page but the last says how to resume.
func (b *testBundle) fetchAll(t *testing.T, token, dataType string, w provider.Window) ([]provider.Document, []provider.Deletion) {
	t.Helper()
	var docs []provider.Document
	var dels []provider.Deletion
	var last string
	err := b.p.Fetch(context.Background(), token, dataType, w, "", func(pg provider.Page) error {
		docs = append(docs, pg.Docs...)
		dels = append(dels, pg.Deleted...)
		last = pg.Resume
		return nil
	})
	require.NoError(t, err, dataType)
	require.Empty(t, last, "the last page of %s has no resume", dataType)
	return docs, dels
}

// everything is a window covering the whole generated world.
func (b *testBundle) everything() provider.Window {
	return provider.Window{Start: b.world.Start().AddDate(0, 0, -1), End: b.world.Now()}
}
