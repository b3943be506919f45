package whoop_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// testBundle is a running simulator with a fake clock and a client.
type testBundle struct {
	srv   *whoop.Server
	http  *httptest.Server
	clock *simkit.FakeClock
	world *truth.World
	api   string // base URL of the data API (".../developer")
}

// setup starts a simulator over a small deterministic world. mutate may
// adjust the config before the server is built.
func setup(t *testing.T, opts truth.Options, mutate func(*whoop.Config)) *testBundle {
	t.Helper()
	w, err := truth.Generate(opts)
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	cfg := whoop.Config{World: w, Clock: clock, Seed: 1}
	if mutate != nil {
		mutate(&cfg)
	}
	srv, err := whoop.New(cfg)
	require.NoError(t, err)
	hs := httptest.NewServer(srv.Handler())
	t.Cleanup(func() { srv.Close(); hs.Close() })
	return &testBundle{srv: srv, http: hs, clock: clock, world: w, api: hs.URL + whoop.APIPrefix}
}

// token issues an access token for person i with all scopes.
func (b *testBundle) token(t *testing.T, i int) string {
	t.Helper()
	tok, err := b.srv.IssueToken(i)
	require.NoError(t, err)
	return tok.AccessToken
}

// get performs an authenticated GET and returns status, body and headers.
func (b *testBundle) get(t *testing.T, token, path string, q url.Values) (int, []byte, http.Header) {
	t.Helper()
	u := b.api + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, u, nil)
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, body, resp.Header
}

// getJSON GETs and decodes a 200 response strictly into v.
func (b *testBundle) getJSON(t *testing.T, token, path string, q url.Values, v any) {
	t.Helper()
	status, body, _ := b.get(t, token, path, q)
	require.Equal(t, http.StatusOK, status, string(body))
	strictDecode(t, body, v)
}

// strictDecode decodes JSON refusing unknown fields.
func strictDecode(t *testing.T, body []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytesReader(body))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), string(body))
}
