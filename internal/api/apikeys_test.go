package api

import (
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

const apiKeysPath = "/api/v1/developer/api-keys"

// keyClock is a settable server clock.
type keyClock struct{ ns atomic.Int64 }

func (c *keyClock) now() time.Time          { return time.Unix(0, c.ns.Load()).UTC() }
func (c *keyClock) set(t time.Time)         { c.ns.Store(t.UnixNano()) }
func (c *keyClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// withKey sends a request authenticated with key instead of the bundle's.
func (b *testBundle) withKey(t *testing.T, key, method, path string, body any) response {
	t.Helper()
	return b.doWith(t, method, path, body, map[string]string{"Authorization": "Bearer " + key})
}

func createKey(t *testing.T, b *testBundle, name string) apigen.ApiKeyCreated {
	t.Helper()
	res := b.do(t, http.MethodPost, apiKeysPath, map[string]any{"name": name})
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	var c apigen.ApiKeyCreated
	res.json(t, &c)
	return c
}

func TestAPIKeysCreateAndList(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		c := createKey(t, b, "ci")
		require.Equal(t, "ci", c.Name)
		require.Regexp(t, `^wh_[0-9A-Za-z]{40}$`, c.Key)
		require.Equal(t, c.Key[:11], c.Prefix)
		require.Equal(t, apigen.ApiKeyCreatedStatusActive, c.Status)
		require.Nil(t, c.Replaces)
		require.Equal(t, http.StatusOK, b.withKey(t, c.Key, http.MethodGet, "/api/v1/users", nil).Status, "the new key works")

		res := b.do(t, http.MethodPost, apiKeysPath, map[string]any{})
		require.Equal(t, http.StatusCreated, res.Status)
		var d apigen.ApiKeyCreated
		res.json(t, &d)
		require.Equal(t, "Default", d.Name, "the name defaults as in Open Wearables")

		res = b.do(t, http.MethodGet, apiKeysPath, nil)
		require.Equal(t, http.StatusOK, res.Status)
		require.NotContains(t, string(res.Body), c.Key, "the key is never shown again")
		require.NotContains(t, string(res.Body), "hash")
		var keys []apigen.ApiKeyRead
		res.json(t, &keys)
		require.Len(t, keys, 3)
		require.Equal(t, "test", keys[0].Name)
		require.True(t, keys[0].LastUsedAt.IsSpecified() && !keys[0].LastUsedAt.IsNull(), "use is recorded")
		require.Equal(t, c.Id, keys[1].Id)
		require.True(t, keys[1].RevokedAt.IsNull())
	})
}

func TestAPIKeysBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	own := b.ownKeyID(t)
	tests := []struct {
		name, method, path string
		body               any
		status             int
		mention            string
	}{
		{"empty name", http.MethodPost, apiKeysPath, map[string]any{"name": ""}, http.StatusBadRequest, "name"},
		{"blank name", http.MethodPost, apiKeysPath, map[string]any{"name": "   "}, http.StatusBadRequest, "name"},
		{"long name", http.MethodPost, apiKeysPath, map[string]any{"name": strings.Repeat("k", 101)}, http.StatusBadRequest, "name"},
		{"unknown field", http.MethodPost, apiKeysPath, map[string]any{"name": "x", "scopes": []string{"all"}}, http.StatusBadRequest, "scopes"},
		{"no body", http.MethodPost, apiKeysPath, nil, http.StatusBadRequest, "body"},
		{"bad id", http.MethodDelete, apiKeysPath + "/wh_notanid", nil, http.StatusBadRequest, "key_id"},
		{"unknown id", http.MethodDelete, apiKeysPath + "/0190a3c5-7e4b-7f00-8000-000000000000", nil, http.StatusNotFound, "not found"},
		{"rotate unknown id", http.MethodPost, apiKeysPath + "/0190a3c5-7e4b-7f00-8000-000000000000/rotate", nil, http.StatusNotFound, "not found"},
		{"negative grace", http.MethodPost, apiKeysPath + "/" + own + "/rotate?grace_period_seconds=-1", nil, http.StatusBadRequest, "grace_period_seconds"},
		{"grace over a week", http.MethodPost, apiKeysPath + "/" + own + "/rotate?grace_period_seconds=604801", nil, http.StatusBadRequest, "grace_period_seconds"},
		{"revoke the last key", http.MethodDelete, apiKeysPath + "/" + own, nil, http.StatusConflict, "last active API key"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := b.do(t, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			require.Contains(t, res.detail(t), tt.mention)
		})
	}
	keys, err := b.store.ListAPIKeys(t.Context())
	require.NoError(t, err)
	require.Len(t, keys, 1, "nothing was stored")
	require.Nil(t, keys[0].RevokedAt, "nothing was revoked")
}

// ownKeyID is the id of the bundle's key.
func (b *testBundle) ownKeyID(t *testing.T) string {
	t.Helper()
	k, err := b.store.APIKeyByPrefix(t.Context(), b.key[:11])
	require.NoError(t, err)
	return k.ID
}

func TestAPIKeysRevoke(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		spare := createKey(t, b, "spare")
		own := b.ownKeyID(t)

		res := b.do(t, http.MethodDelete, apiKeysPath+"/"+own, nil)
		require.Equal(t, http.StatusOK, res.Status, "a key may revoke itself while another stays active")
		var k apigen.ApiKeyRead
		res.json(t, &k)
		require.Equal(t, apigen.ApiKeyReadStatusRevoked, k.Status)
		require.Equal(t, http.StatusUnauthorized, b.do(t, http.MethodGet, apiKeysPath, nil).Status, "revoked at once, while serving")

		res = b.withKey(t, spare.Key, http.MethodDelete, apiKeysPath+"/"+own, nil)
		require.Equal(t, http.StatusOK, res.Status, "revoking a revoked key answers it unchanged")
		res = b.withKey(t, spare.Key, http.MethodDelete, apiKeysPath+"/"+spare.Id.String(), nil)
		require.Equal(t, http.StatusConflict, res.Status, "the last active key stays")
		require.Equal(t, http.StatusOK, b.withKey(t, spare.Key, http.MethodGet, "/api/v1/users", nil).Status)
	})
}

func TestAPIKeysRotateWithGrace(t *testing.T) {
	t.Parallel()
	base := setup(t)
	clock := &keyClock{}
	clock.set(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC))
	b := setupWithClock(t, base.store, clock.now)
	own := b.ownKeyID(t)

	res := b.do(t, http.MethodPost, apiKeysPath+"/"+own+"/rotate?grace_period_seconds=3600", nil)
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	var c apigen.ApiKeyCreated
	res.json(t, &c)
	require.Equal(t, "test", c.Name, "the successor keeps the name")
	require.NotNil(t, c.Replaces)
	require.Equal(t, own, c.Replaces.Id.String())
	require.Equal(t, apigen.ApiKeyReadStatusExpiring, c.Replaces.Status)
	require.Equal(t, clock.now().Add(time.Hour), c.Replaces.RevokedAt.MustGet())

	require.Equal(t, http.StatusOK, b.do(t, http.MethodGet, "/api/v1/users", nil).Status, "the old key works during the grace period")
	require.Equal(t, http.StatusOK, b.withKey(t, c.Key, http.MethodGet, "/api/v1/users", nil).Status)
	res = b.do(t, http.MethodPost, apiKeysPath+"/"+own+"/rotate", nil)
	require.Equal(t, http.StatusConflict, res.Status, "a rotated key is not rotated twice")
	require.Contains(t, res.detail(t), "already revoked or rotated")

	clock.advance(time.Hour)
	require.Equal(t, http.StatusUnauthorized, b.do(t, http.MethodGet, "/api/v1/users", nil).Status, "the grace period is over")

	res = b.withKey(t, c.Key, http.MethodPost, apiKeysPath+"/"+c.Id.String()+"/rotate", nil)
	require.Equal(t, http.StatusCreated, res.Status)
	var d apigen.ApiKeyCreated
	res.json(t, &d)
	require.Equal(t, apigen.ApiKeyReadStatusRevoked, d.Replaces.Status, "no grace period: revoked at once")
	require.Equal(t, http.StatusUnauthorized, b.withKey(t, c.Key, http.MethodGet, "/api/v1/users", nil).Status)
	require.Equal(t, http.StatusOK, b.withKey(t, d.Key, http.MethodGet, "/api/v1/users", nil).Status)

	keys, err := b.store.ListAPIKeys(t.Context())
	require.NoError(t, err)
	require.Len(t, keys, 4, "two bundle keys and one successor per rotation")
}
