package api

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// testBundle is one API server on a real store, with a valid API key.
type testBundle struct {
	store  store.Store
	server *Server
	http   *httptest.Server
	key    string
	router routers.Router
}

func setup(t *testing.T) *testBundle {
	t.Helper()
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	require.NoError(t, err)
	st, err := sqlite.Open(context.Background(), sqlite.Options{Path: filepath.Join(t.TempDir(), "api.db"), Box: box})
	require.NoError(t, err)
	require.NoError(t, st.Migrate(context.Background()))
	t.Cleanup(func() { _ = st.Close() })
	return setupWithStore(t, st)
}

// forEachEngine runs fn against an API server on each storage engine
// (Postgres when WEARHOUSE_TEST_POSTGRES_URL is set).
func forEachEngine(t *testing.T, fn func(t *testing.T, b *testBundle)) {
	t.Helper()
	storetest.ForEachEngine(t, func(t *testing.T, s store.Store) { fn(t, setupWithStore(t, s)) })
}

func setupWithStore(t *testing.T, st store.Store) *testBundle {
	t.Helper()
	return setupWithClock(t, st, func() time.Time { return time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC) })
}

// setupWithClock is setupWithStore with the server's clock.
func setupWithClock(t *testing.T, st store.Store, now func() time.Time) *testBundle {
	t.Helper()
	srv, err := New(Options{Store: st, MaxBodyBytes: 4096, Now: now, Providers: catalog.Default()})
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	key, rec := apikey.Generate("test", time.Now())
	_, err = st.CreateAPIKey(context.Background(), rec)
	require.NoError(t, err)
	spec, err := apigen.GetSwagger()
	require.NoError(t, err)
	spec.Servers = nil // match any host
	r, err := legacy.NewRouter(spec)
	require.NoError(t, err)
	return &testBundle{store: st, server: srv, http: ts, key: key, router: r}
}

type response struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r response) json(t *testing.T, v any) {
	t.Helper()
	require.NoError(t, json.Unmarshal(r.Body, v), string(r.Body))
}

// detail returns the error body's detail, checking the error shape.
func (r response) detail(t *testing.T) string {
	t.Helper()
	var e struct {
		Detail string `json:"detail"`
		Code   string `json:"code"`
	}
	r.json(t, &e)
	require.NotEmpty(t, e.Detail)
	require.NotEmpty(t, e.Code)
	return e.Detail
}

// do sends a request with the bundle's API key. Every response to a spec
// route is validated against api/openapi.yaml: a status or body the spec
// does not describe fails the test.
func (b *testBundle) do(t *testing.T, method, path string, body any) response {
	t.Helper()
	return b.doWith(t, method, path, body, map[string]string{"X-Open-Wearables-API-Key": b.key})
}

func (b *testBundle) doWith(t *testing.T, method, path string, body any, headers map[string]string) response {
	t.Helper()
	var rd io.Reader
	var raw []byte
	switch v := body.(type) {
	case nil:
	case string:
		raw = []byte(v)
	default:
		var err error
		raw, err = json.Marshal(v)
		require.NoError(t, err)
	}
	if raw != nil {
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequest(method, b.http.URL+path, rd)
	require.NoError(t, err)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	res, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	b.validate(t, req, raw, res, out)
	return response{Status: res.StatusCode, Header: res.Header, Body: out}
}

func (b *testBundle) validate(t *testing.T, req *http.Request, reqBody []byte, res *http.Response, body []byte) {
	t.Helper()
	vreq := req.Clone(context.Background())
	if reqBody != nil {
		vreq.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	route, params, err := b.router.FindRoute(vreq)
	if err != nil {
		return // not a spec route (system routes, 404s)
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: vreq, PathParams: params, Route: route,
			Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
		Status: res.StatusCode, Header: res.Header, Body: io.NopCloser(bytes.NewReader(body)),
		Options: &openapi3filter.Options{IncludeResponseStatus: true},
	}
	require.NoError(t, openapi3filter.ValidateResponse(context.Background(), in),
		"response to %s %s does not match the spec: %d %s", req.Method, req.URL.Path, res.StatusCode, body)
}
