package api

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// jobLog records enqueued jobs instead of running them.
type jobLog struct {
	mu       sync.Mutex
	syncs    []string
	webhooks []provider.Target
}

func (j *jobLog) EnqueueSync(_ context.Context, id, source string, days int, _ time.Time) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.syncs = append(j.syncs, id+"/"+source+"/"+strconv.Itoa(days))
	return nil
}

func (j *jobLog) EnqueueWebhook(_ context.Context, _ domain.Provider, t provider.Target) error {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.webhooks = append(j.webhooks, t)
	return nil
}

type syncBundle struct {
	*testBundle
	rig  *syncertest.Rig
	jobs *jobLog
	user string
}

// setupSync is an API server with the connect-and-sync services wired to
// a WHOOP simulator over real HTTP.
func setupSync(t *testing.T) *syncBundle {
	t.Helper()
	return setupSyncWith(t, func(*Options) {})
}

// setupSyncWith is setupSync with the server's options adjusted by mod.
func setupSyncWith(t *testing.T, mod func(*Options)) *syncBundle {
	t.Helper()
	st := storetest.NewSQLite(t)
	jobs := &jobLog{}
	r, err := syncertest.New(syncertest.Options{Store: st, Users: 1, Days: 20, Seed: 21, RateLimits: []simkit.Window{}, Budget: provider.Unlimited{},
		BackfillDays: 14, Enqueue: jobs})
	require.NoError(t, err)
	t.Cleanup(r.Close)
	o := Options{Store: st, MaxBodyBytes: 1 << 16, Now: r.Clock.Now,
		Sync: SyncServices{Registry: r.Registry, Connect: r.Tokens, Syncer: r.Syncer, Enqueue: jobs}}
	mod(&o)
	b := setupWithOptions(t, o)
	u, err := st.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	return &syncBundle{testBundle: b, rig: r, jobs: jobs, user: u.ID}
}

// setupWithOptions is setupWithStore with full options.
func setupWithOptions(t *testing.T, o Options) *testBundle {
	t.Helper()
	o.Providers = catalog.Default() // as the server wires it
	srv, err := New(o)
	require.NoError(t, err)
	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	key, rec := apikey.Generate("test", time.Now())
	_, err = o.Store.CreateAPIKey(context.Background(), rec)
	require.NoError(t, err)
	spec, err := apigen.GetSwagger()
	require.NoError(t, err)
	spec.Servers = nil
	r, err := legacy.NewRouter(spec)
	require.NoError(t, err)
	return &testBundle{store: o.Store, server: srv, http: ts, key: key, router: r}
}

// raw sends a request without following redirects (OAuth answers are
// redirects to the provider or the app) and validates the response
// against the spec like doWith.
func (b *syncBundle) raw(t *testing.T, method, path, body string, headers map[string]string) response {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, b.http.URL+path, rd)
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	c := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := c.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	var reqBody []byte
	if body != "" {
		reqBody = []byte(body)
	}
	b.validate(t, req, reqBody, res, out)
	return response{Status: res.StatusCode, Header: res.Header, Body: out}
}

func (b *syncBundle) authorizePath(extra string) string {
	return "/api/v1/oauth/whoop/authorize?user_id=" + b.user + "&redirect_uri=" + url.QueryEscape("https://app.test/connected") + extra
}

// connect runs authorize → simulator approval → callback over HTTP.
func (b *syncBundle) connect(t *testing.T) {
	t.Helper()
	res := b.do(t, http.MethodGet, b.authorizePath(""), nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var auth struct {
		URL   string `json:"authorization_url"`
		State string `json:"state"`
	}
	res.json(t, &auth)
	code, state, err := b.rig.Approve(t.Context(), auth.URL, 0)
	require.NoError(t, err)
	require.Equal(t, auth.State, state)
	res = b.raw(t, http.MethodGet, "/api/v1/oauth/whoop/callback?code="+url.QueryEscape(code)+"&state="+url.QueryEscape(state), "", nil)
	require.Equal(t, http.StatusSeeOther, res.Status, string(res.Body))
	loc, err := url.Parse(res.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, "https://app.test/connected", loc.Scheme+"://"+loc.Host+loc.Path)
	require.Equal(t, url.Values{"provider": {"whoop"}, "user_id": {b.user}, "status": {"success"}}, loc.Query())
}

func TestProvidersList(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	res := b.doWith(t, http.MethodGet, "/api/v1/oauth/providers", nil, nil)
	require.Equal(t, http.StatusOK, res.Status)
	var ps []map[string]any
	res.json(t, &ps)
	require.Len(t, ps, 3)
	require.Equal(t, map[string]any{"provider": "whoop", "name": "Whoop", "is_enabled": true, "has_cloud_oauth": true, "has_cloud_api": true,
		"icon_url": "/static/provider-icons/whoop.svg", "live_sync_mode": "webhook", "live_sync_configurable": false, "data_granularity": "raw"}, ps[0])
	require.Equal(t, false, ps[1]["is_enabled"], "oura is not configured here")
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/providers?enabled_only=true", nil, nil)
	res.json(t, &ps)
	require.Len(t, ps, 1)
}

func TestAuthorizeNeedsKeyOrConnectLink(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	res := b.doWith(t, http.MethodGet, b.authorizePath(""), nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status, "a stranger cannot attach accounts")
	res = b.doWith(t, http.MethodGet, b.authorizePath(""), nil, map[string]string{"Authorization": "Bearer " + b.key})
	require.Equal(t, http.StatusOK, res.Status)

	res = b.do(t, http.MethodPost, "/api/v1/users/"+b.user+"/connect-link", map[string]any{"provider": "whoop", "ttl_seconds": 600,
		"redirect_uri": "https://app.test/connected"})
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	var link struct {
		Token string `json:"token"`
		URL   string `json:"url"`
	}
	res.json(t, &link)
	require.Contains(t, link.URL, "connect_token=")
	res = b.doWith(t, http.MethodGet, b.authorizePath("&connect_token="+url.QueryEscape(link.Token)), nil, nil)
	require.Equal(t, http.StatusOK, res.Status, "a connect link stands in for the key")
	res = b.raw(t, http.MethodGet, b.authorizePath("&redirect=true&connect_token="+url.QueryEscape(link.Token)), "", nil)
	require.Equal(t, http.StatusFound, res.Status)
	require.True(t, strings.HasPrefix(res.Header.Get("Location"), b.rig.SimURL+"/oauth/oauth2/auth?"))

	other, err := b.store.CreateUser(t.Context(), domain.User{})
	require.NoError(t, err)
	res = b.doWith(t, http.MethodGet, strings.Replace(b.authorizePath("&connect_token="+url.QueryEscape(link.Token)), b.user, other.ID, 1), nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status, "a link works for its own user only")
	res = b.doWith(t, http.MethodGet, b.authorizePath("&connect_token=forged.token"), nil, nil)
	require.Equal(t, http.StatusUnauthorized, res.Status)

	res = b.do(t, http.MethodGet, "/api/v1/oauth/whoop/authorize?user_id="+b.user+"&redirect_uri="+url.QueryEscape("https://evil.example/"), nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.detail(t), "ALLOWLIST")
	res = b.do(t, http.MethodGet, "/api/v1/oauth/garmin/authorize?user_id="+b.user, nil)
	require.Equal(t, http.StatusNotFound, res.Status)
	res = b.doWith(t, http.MethodGet, "/api/v1/oauth/whoop/callback?code=x&state=unknown-state", nil, nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
}

func TestConnectSyncWebhooksDisconnect(t *testing.T) {
	t.Parallel()
	b := setupSync(t)
	b.connect(t)
	require.Len(t, b.jobs.syncs, 1, "the callback enqueued the backfill")

	res := b.do(t, http.MethodGet, "/api/v1/users/"+b.user+"/connections", nil)
	require.Equal(t, http.StatusOK, res.Status)
	var conns []map[string]any
	res.json(t, &conns)
	require.Len(t, conns, 1)
	require.Equal(t, "active", conns[0]["status"])
	require.NotContains(t, string(res.Body), "token")

	res = b.do(t, http.MethodPost, "/api/v1/providers/whoop/users/"+b.user+"/sync?async=false", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var sync struct {
		Success bool           `json:"success"`
		Details map[string]any `json:"details"`
	}
	res.json(t, &sync)
	require.True(t, sync.Success)
	require.Greater(t, sync.Details["stored"].(float64), 10.0)

	res = b.do(t, http.MethodPost, "/api/v1/providers/whoop/users/"+b.user+"/sync", nil)
	require.Equal(t, http.StatusOK, res.Status)
	res = b.do(t, http.MethodPost, "/api/v1/providers/whoop/users/"+b.user+"/sync/historical?days=30", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	require.Len(t, b.jobs.syncs, 3)
	require.True(t, strings.HasSuffix(b.jobs.syncs[2], "/backfill/30"))

	for _, path := range []string{"/api/v1/users/" + b.user + "/sync/runs", "/api/v1/sync/runs?user_id=" + b.user} {
		res = b.do(t, http.MethodGet, path, nil)
		require.Equal(t, http.StatusOK, res.Status)
		var runs []map[string]any
		res.json(t, &runs)
		require.Len(t, runs, 1)
		require.Equal(t, "success", runs[0]["status"])
	}
	// Every run status is a filter value, the interrupted runs of a
	// stopped process included.
	for status, n := range map[string]int{"success": 1, "interrupted": 0, "in_progress": 0} {
		res = b.do(t, http.MethodGet, "/api/v1/sync/runs?status="+status+"&user_id="+b.user, nil)
		require.Equal(t, http.StatusOK, res.Status, "%s: %s", status, res.Body)
		var runs []map[string]any
		res.json(t, &runs)
		require.Len(t, runs, n, status)
	}

	// Webhooks: signed ones are accepted; forged, replayed and unsigned
	// ones are rejected before anything is recorded.
	body := []byte(`{"user_id":` + strconv.FormatInt(b.rig.World.Person(0).WhoopUserID, 10) + `,"id":"` + "0b0f5a1e-0000-4000-8000-000000000001" + `","type":"workout.deleted","trace_id":"t"}`)
	now := b.rig.Clock.Now()
	sign := func(at time.Time, secret string) map[string]string {
		ts := strconv.FormatInt(at.UnixMilli(), 10)
		return map[string]string{simwhoop.HeaderTimestamp: ts, simwhoop.HeaderSignature: simwhoop.Sign(secret, ts, body)}
	}
	res = b.doWith(t, http.MethodPost, "/api/v1/providers/whoop/webhooks", string(body), sign(now, b.rig.Sim.ClientSecret()))
	require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
	for name, h := range map[string]map[string]string{
		"forged":   sign(now, "not-the-secret"),
		"replayed": sign(now.Add(-10*time.Minute), b.rig.Sim.ClientSecret()),
		"unsigned": {},
	} {
		res = b.doWith(t, http.MethodPost, "/api/v1/providers/whoop/webhooks", string(body), h)
		require.Equal(t, http.StatusUnauthorized, res.Status, name)
	}
	require.Len(t, b.jobs.webhooks, 1)
	require.True(t, b.jobs.webhooks[0].Deleted)

	res = b.do(t, http.MethodDelete, "/api/v1/users/"+b.user+"/connections/whoop", nil)
	require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
	c, err := b.store.Connection(t.Context(), b.user, domain.ProviderWHOOP)
	require.NoError(t, err)
	require.Equal(t, domain.ConnectionRevoked, c.Status)
	require.Empty(t, c.AccessToken)
	res = b.do(t, http.MethodPost, "/api/v1/providers/whoop/users/"+b.user+"/sync", nil)
	require.Equal(t, http.StatusConflict, res.Status)

	res = b.do(t, http.MethodDelete, "/api/v1/users/"+b.user+"/connections/whoop/data", nil)
	require.Equal(t, http.StatusNoContent, res.Status)
	res = b.do(t, http.MethodGet, "/api/v1/users/"+b.user+"/connections", nil)
	res.json(t, &conns)
	require.Empty(t, conns)
	dss, err := b.store.ListDataSources(t.Context(), b.user)
	require.NoError(t, err)
	require.Empty(t, dss, "the provider's data is gone")
	res = b.do(t, http.MethodDelete, "/api/v1/users/"+b.user+"/connections/whoop", nil)
	require.Equal(t, http.StatusNotFound, res.Status)
}
