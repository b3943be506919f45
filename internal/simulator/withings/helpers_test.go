package withings_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// testBundle is one simulator over a small world, served over real HTTP.
type testBundle struct {
	world *truth.World
	clock *simkit.FakeClock
	sim   *withings.Server
	srv   *httptest.Server
}

// setupOpts tunes setup.
type setupOpts struct {
	users, days int
	pageSize    int
	limits      []simkit.Window
	seed        int64
	deleteRate  float64
}

// setup builds a world, a server with a fake clock and an HTTP server.
func setup(t *testing.T, o setupOpts) *testBundle {
	t.Helper()
	if o.users == 0 {
		o.users = 3
	}
	if o.days == 0 {
		o.days = 8
	}
	if o.seed == 0 {
		o.seed = 7
	}
	w, err := truth.Generate(truth.Options{Seed: o.seed, Users: o.users, Days: o.days, DeleteRate: o.deleteRate})
	require.NoError(t, err)
	clock := simkit.NewFakeClock(w.Now())
	limits := o.limits
	if limits == nil {
		limits = []simkit.Window{} // unlimited unless a test asks
	}
	sim, err := withings.New(withings.Config{World: w, Clock: clock, PageSize: o.pageSize, RateLimits: limits})
	require.NoError(t, err)
	srv := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sim.Close(); srv.Close() })
	return &testBundle{world: w, clock: clock, sim: sim, srv: srv}
}

// token issues an access token for person i with every scope.
func (b *testBundle) token(t *testing.T, i int, scopes ...string) string {
	t.Helper()
	tok, err := b.sim.IssueToken(i, scopes...)
	require.NoError(t, err)
	return tok.AccessToken
}

// post sends a form-encoded POST with a bearer token and returns the raw
// body, requiring HTTP 200.
func (b *testBundle) post(t *testing.T, path, token string, form url.Values) []byte {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, b.srv.URL+path, strings.NewReader(form.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, string(body))
	return body
}

// status returns the envelope status of a raw answer.
func status(t *testing.T, raw []byte) int {
	t.Helper()
	var env struct {
		Status int `json:"status"`
	}
	require.NoError(t, json.Unmarshal(raw, &env), string(raw))
	return env.Status
}

// decodeStrict decodes raw into v rejecting unknown fields.
func decodeStrict(t *testing.T, raw []byte, v any) {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	require.NoError(t, dec.Decode(v), string(raw))
}

// call posts an action and decodes a successful body strictly.
func call[T any](t *testing.T, b *testBundle, path, token string, form url.Values) T {
	t.Helper()
	raw := b.post(t, path, token, form)
	var env withings.Response[T]
	decodeStrict(t, raw, &env)
	require.Equal(t, 0, env.Status, string(raw))
	return env.Body
}

// form builds url.Values from pairs.
func form(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Set(kv[i], kv[i+1])
	}
	return v
}

// unix formats a time as a Unix-seconds parameter.
func unix(t time.Time) string { return strings.TrimSpace(jsonNumber(t.Unix())) }

func jsonNumber(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}
