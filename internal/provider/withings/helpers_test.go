package withings

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// testBundle is the connector wired to a running Withings simulator over
// real HTTP.
type testBundle struct {
	world *truth.World
	sim   *simwithings.Server
	url   string
	clock *simkit.FakeClock
	p     *Provider
}

// setup starts a simulator over a small world (rate limits off unless cfg
// sets them) and a connector pointed at it. base is WEARHOUSE_BASE_URL.
func setup(t *testing.T, opts truth.Options, cfg simwithings.Config, base string) *testBundle {
	t.Helper()
	if opts.Seed == 0 {
		opts.Seed = 7
	}
	if opts.Users == 0 {
		opts.Users = 1
	}
	if opts.Days == 0 {
		opts.Days = 10
	}
	w, err := truth.Generate(opts)
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	cfg.World, cfg.Clock = w, clock
	if cfg.RateLimits == nil {
		cfg.RateLimits = []simkit.Window{}
	}
	sim, err := simwithings.New(cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() {
		sim.Close()
		hs.Close()
	})
	client := provider.NewClient(provider.ClientOptions{Now: clock.Now, Timeout: 10 * time.Second})
	p := New(Options{APIURL: hs.URL, AuthURL: hs.URL + simwithings.RouteAuthorize, TokenURL: hs.URL + simwithings.RouteToken,
		ClientID: sim.ClientID(), ClientSecret: sim.ClientSecret(), Client: client, Now: clock.Now, BaseURL: base})
	return &testBundle{world: w, sim: sim, url: hs.URL, clock: clock, p: p}
}

// token grants person i every scope and returns the access token.
func (b *testBundle) token(t *testing.T, i int) string {
	t.Helper()
	tok, err := b.sim.IssueToken(i)
	require.NoError(t, err)
	return tok.AccessToken
}

// fetchAll fetches one data type over w and returns its documents,
// checking that every page but the last says how to resume.
func (b *testBundle) fetchAll(t *testing.T, token, dataType string, w provider.Window) []provider.Document {
	t.Helper()
	var docs []provider.Document
	var last string
	err := b.p.Fetch(context.Background(), token, dataType, w, "", func(pg provider.Page) error {
		docs = append(docs, pg.Docs...)
		last = pg.Resume
		return nil
	})
	require.NoError(t, err, dataType)
	require.Empty(t, last, "the last page of %s has no resume", dataType)
	return docs
}

// everything is a window covering the whole generated world.
func (b *testBundle) everything() provider.Window {
	return provider.Window{Start: b.world.Start().AddDate(0, 0, -60), End: b.world.Now()}
}

// normalizeAll normalizes documents in order, letting later ones see
// earlier ones as related documents (as the sync engine's store does).
func (b *testBundle) normalizeAll(t *testing.T, docs []provider.Document, seen map[string]provider.Document) provider.Records {
	t.Helper()
	var out provider.Records
	related := func(dataType, id string) (provider.Document, bool) {
		d, ok := seen[dataType+"/"+id]
		return d, ok
	}
	for _, d := range docs {
		seen[d.DataType+"/"+d.ID] = d
		r, err := b.p.Normalize(d, related)
		require.NoError(t, err, "%s %s", d.DataType, d.ID)
		out.Events = append(out.Events, r.Events...)
		out.Summaries = append(out.Summaries, r.Summaries...)
		out.Scores = append(out.Scores, r.Scores...)
		out.Series = append(out.Series, r.Series...)
	}
	return out
}

// valuesAt indexes samples by series type and time (Unix ms).
func valuesAt(recs provider.Records) map[string]map[int64]float64 {
	out := map[string]map[int64]float64{}
	for _, s := range recs.Series {
		m := out[s.TypeCode]
		if m == nil {
			m = map[int64]float64{}
			out[s.TypeCode] = m
		}
		for _, x := range s.Samples {
			m[x.T] = x.V
		}
	}
	return out
}
