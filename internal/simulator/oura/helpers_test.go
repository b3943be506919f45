package oura

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// tb is what the HTTP helpers need from *testing.T and *rapid.T.
type tb interface {
	require.TestingT
	Context() context.Context
}

// helper marks the caller as a helper when t supports it.
func helper(t tb) {
	if h, ok := t.(interface{ Helper() }); ok {
		h.Helper()
	}
}

// testBundle is a running simulator over a small world.
type testBundle struct {
	world *truth.World
	srv   *Server
	url   string
	clock *simkit.FakeClock
}

// testWorld generates a small reproducible world.
func testWorld(t *testing.T, users, days int) *truth.World {
	t.Helper()
	w, err := truth.Generate(truth.Options{Seed: 7, Users: users, Days: days})
	require.NoError(t, err)
	return w
}

// setup starts a server for cfg (a 2-person, 14-day world when cfg.World
// is nil) behind httptest.
func setup(t *testing.T, cfg Config) *testBundle {
	t.Helper()
	if cfg.World == nil {
		cfg.World = testWorld(t, 2, 14)
	}
	clock := simkit.NewFakeClock(cfg.World.Now())
	cfg.Clock = clock
	srv, err := New(cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() {
		srv.Close()
		hs.Close()
	})
	return &testBundle{world: cfg.World, srv: srv, url: hs.URL, clock: clock}
}

// pat returns person i's personal access token.
func (b *testBundle) pat(i int) string { return b.srv.PersonalAccessToken(b.world.Person(i)) }

// get sends an authenticated GET and decodes a 200 answer into out (when
// not nil); it returns the response with its body read into body.
func (b *testBundle) get(t tb, token, path string, q url.Values, out any) (*http.Response, []byte) {
	helper(t)
	u := b.url + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	if out != nil && resp.StatusCode == http.StatusOK {
		require.NoError(t, json.Unmarshal(body, out), "decode %s", body)
	}
	return resp, body
}

// mustGet is get that requires 200.
func (b *testBundle) mustGet(t tb, token, path string, q url.Values, out any) {
	helper(t)
	resp, body := b.get(t, token, path, q, out)
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s: %s", path, body)
}

// allPages follows next_token and returns every document of a list route
// as raw JSON, with the number of requests it took.
func (b *testBundle) allPages(t tb, token, path string, q url.Values) ([]json.RawMessage, int) {
	helper(t)
	var out []json.RawMessage
	for n := 1; ; n++ {
		var page Page[json.RawMessage]
		b.mustGet(t, token, path, q, &page)
		out = append(out, page.Data...)
		if page.NextToken == nil {
			return out, n
		}
		require.Less(t, n, 10000, "paging does not end")
		q = url.Values{"next_token": {*page.NextToken}}
	}
}

// window is a start_date/end_date query.
func window(start, end string) url.Values {
	return url.Values{"start_date": {start}, "end_date": {end}}
}

// everything is a window covering the whole test world.
func everything(w *truth.World) url.Values {
	return window(w.Start().AddDate(0, 0, -2).Format("2006-01-02"), w.Now().AddDate(0, 0, 3).Format("2006-01-02"))
}
