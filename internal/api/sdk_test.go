package api

import (
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

func bearer(tok string) map[string]string { return map[string]string{"Authorization": "Bearer " + tok} }

func (b *testBundle) sdkTokens(t *testing.T, user string) apigen.TokenResponse {
	t.Helper()
	res := b.do(t, http.MethodPost, "/api/v1/users/"+user+"/token", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var tok apigen.TokenResponse
	res.json(t, &tok)
	return tok
}

const minimalBatch = `{"provider":"apple","sdkVersion":"1.0.0","syncTimestamp":"2024-03-10T16:00:00Z","syncType":"live","data":{"records":[` +
	`{"type":"HKQuantityTypeIdentifierHeartRate","startDate":"2024-03-10T09:59:59Z","endDate":"2024-03-10T09:59:59Z",` +
	`"zoneOffset":"-08:00","source":{"name":"Ana’s Apple Watch","productType":"Watch6,2","deviceType":"watch"},"value":62,"unit":"count/min"}]}}`

// TestSDKTokensAreScopedToTheirUser: a token minted with an API key
// pushes data for its user only (403 elsewhere, 401 without or with a
// bad one); an API key may push for anyone; a refresh rotates the pair
// and presenting the old refresh token again revokes the grant; revoke
// logs out.
func TestSDKTokensAreScopedToTheirUser(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		ana := createUser(t, b, map[string]any{"first_name": "Ana"}).Id.String()
		bob := createUser(t, b, map[string]any{"first_name": "Bob"}).Id.String()
		tok := b.sdkTokens(t, ana)
		require.True(t, strings.HasPrefix(tok.AccessToken, "wsa_"))
		require.Equal(t, 3600, tok.ExpiresIn.MustGet())

		res := b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/sync", minimalBatch, bearer(tok.AccessToken))
		require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
		var up apigen.UploadDataResponse
		res.json(t, &up)
		require.Equal(t, 1, up.RecordsSaved)
		require.Equal(t, 1, up.RecordsInserted)
		require.Equal(t, []string{"heart_rate"}, up.Types)

		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+bob+"/sync", minimalBatch, bearer(tok.AccessToken))
		require.Equal(t, http.StatusForbidden, res.Status)
		require.Contains(t, res.detail(t), "another user")
		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+bob+"/logs",
			`{"sdkVersion":"1","events":[{"eventType":"device_state","timestamp":"2024-03-10T16:00:00Z"}]}`, bearer(tok.AccessToken))
		require.Equal(t, http.StatusForbidden, res.Status)
		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/sync", minimalBatch, nil)
		require.Equal(t, http.StatusUnauthorized, res.Status)
		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/sync", minimalBatch, bearer("wsa_"+strings.Repeat("x", 40)))
		require.Equal(t, http.StatusUnauthorized, res.Status)
		res = b.doWith(t, http.MethodGet, "/api/v1/users/"+ana, nil, bearer(tok.AccessToken))
		require.Equal(t, http.StatusUnauthorized, res.Status, "an SDK token reads nothing")
		res = b.do(t, http.MethodPost, "/api/v1/sdk/users/"+bob+"/sync", minimalBatch)
		require.Equal(t, http.StatusAccepted, res.Status, "an API key pushes for any user")

		res = b.doWith(t, http.MethodPost, "/api/v1/token/refresh", map[string]string{"refresh_token": tok.RefreshToken.MustGet()}, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var next apigen.TokenResponse
		res.json(t, &next)
		require.NotEqual(t, tok.RefreshToken.MustGet(), next.RefreshToken.MustGet())
		res = b.doWith(t, http.MethodPost, "/api/v1/token/refresh", map[string]string{"refresh_token": tok.RefreshToken.MustGet()}, nil)
		require.Equal(t, http.StatusUnauthorized, res.Status)
		require.Contains(t, res.detail(t), "already used")
		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/sync", minimalBatch, bearer(next.AccessToken))
		require.Equal(t, http.StatusUnauthorized, res.Status, "the reuse revoked the newest access token too")

		other := b.sdkTokens(t, ana)
		res = b.doWith(t, http.MethodPost, "/api/v1/token/revoke", map[string]string{"refresh_token": other.RefreshToken.MustGet()}, nil)
		require.Equal(t, http.StatusNoContent, res.Status)
		res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/logs",
			`{"sdkVersion":"1","events":[{"eventType":"device_state","timestamp":"2024-03-10T16:00:00Z"}]}`, bearer(other.AccessToken))
		require.Equal(t, http.StatusUnauthorized, res.Status, "revoked with its refresh token")
		res = b.doWith(t, http.MethodPost, "/api/v1/token/revoke", map[string]string{"refresh_token": "wsr_" + strings.Repeat("y", 40)}, nil)
		require.Equal(t, http.StatusNotFound, res.Status)

		res = b.do(t, http.MethodPost, "/api/v1/users/"+ana+"/token", map[string]any{"app_id": "a", "app_secret": "s"})
		require.Equal(t, http.StatusBadRequest, res.Status)
		require.Contains(t, res.detail(t), "API key")
		res = b.do(t, http.MethodPost, "/api/v1/users/0190a1b2-0000-7000-8000-000000000000/token", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
		res = b.doWith(t, http.MethodPost, "/api/v1/users/"+ana+"/token", nil, nil)
		require.Equal(t, http.StatusUnauthorized, res.Status)
	})
}

// TestInvitationCodeRedemption: a code is redeemed once, publicly, for
// tokens of its user; guesses are rate-limited per client before the code
// is looked at.
func TestInvitationCodeRedemption(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ana := createUser(t, b, map[string]any{"first_name": "Ana"}).Id.String()
	res := b.do(t, http.MethodPost, "/api/v1/users/"+ana+"/invitation-code", nil)
	require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
	var inv apigen.InvitationCodeRead
	res.json(t, &inv)
	require.Regexp(t, `^[A-HJ-NP-Z2-9]{8}$`, inv.Code)

	res = b.doWith(t, http.MethodPost, "/api/v1/invitation-code/redeem", map[string]string{"code": inv.Code}, nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var red apigen.InvitationCodeRedeemResponse
	res.json(t, &red)
	require.Equal(t, ana, red.UserId.String())
	res = b.doWith(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/sync", minimalBatch, bearer(red.AccessToken))
	require.Equal(t, http.StatusAccepted, res.Status)

	res = b.doWith(t, http.MethodPost, "/api/v1/invitation-code/redeem", map[string]string{"code": inv.Code}, nil)
	require.Equal(t, http.StatusBadRequest, res.Status, "single use")
	require.Contains(t, res.detail(t), "invalid or expired")
	res = b.doWith(t, http.MethodPost, "/api/v1/invitation-code/redeem", map[string]string{"code": "lower"}, nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	for range 3 {
		res = b.doWith(t, http.MethodPost, "/api/v1/invitation-code/redeem", map[string]string{"code": "AAAAAAAA"}, nil)
		require.Equal(t, http.StatusBadRequest, res.Status)
	}
	res = b.doWith(t, http.MethodPost, "/api/v1/invitation-code/redeem", map[string]string{"code": "AAAAAAAB"}, nil)
	require.Equal(t, http.StatusTooManyRequests, res.Status, "the sixth attempt within a minute")
	require.Equal(t, "60", res.Header.Get("Retry-After"))
}

// TestSDKSyncRefusesMalformedBatches: a defect is a 400 naming the
// member; an oversized batch is a 413; nothing of either is stored.
func TestSDKSyncRefusesMalformedBatches(t *testing.T) {
	t.Parallel()
	b := setup(t)
	ana := createUser(t, b, map[string]any{"first_name": "Ana"}).Id.String()
	path := "/api/v1/sdk/users/" + ana + "/sync"
	for body, want := range map[string]string{
		`{"provider":"apple"`: "malformed JSON",
		strings.Replace(minimalBatch, `"unit":"count/min"`, `"unit":"Hz"`, 1):           `data.records[0].unit`,
		strings.Replace(minimalBatch, `"zoneOffset":"-08:00"`, `"zoneOffset":"PST"`, 1): `data.records[0].zoneOffset`,
		strings.Replace(minimalBatch, `"provider":"apple"`, `"provider":"garmin"`, 1):   `provider`,
	} {
		res := b.do(t, http.MethodPost, path, body)
		require.Equal(t, http.StatusBadRequest, res.Status, body)
		require.Contains(t, res.detail(t), want)
	}
	huge := strings.Replace(minimalBatch, `"sdkVersion":"1.0.0"`, `"sdkVersion":"`+strings.Repeat("9", 300<<10)+`"`, 1)
	res := b.do(t, http.MethodPost, path, huge)
	require.Equal(t, http.StatusRequestEntityTooLarge, res.Status)
	res = b.do(t, http.MethodPost, "/api/v1/sdk/users/not-a-uuid/sync", minimalBatch)
	require.Equal(t, http.StatusBadRequest, res.Status)
	res = b.do(t, http.MethodPost, "/api/v1/sdk/users/0190a1b2-0000-7000-8000-000000000000/sync", minimalBatch)
	require.Equal(t, http.StatusNotFound, res.Status)
	srcs, err := b.store.ListDataSources(t.Context(), ana)
	require.NoError(t, err)
	require.Empty(t, srcs)

	res = b.do(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/logs", `{"sdkVersion":"1","events":[{"eventType":"reboot","timestamp":"2024-03-10T16:00:00Z"}]}`)
	require.Equal(t, http.StatusBadRequest, res.Status)
	res = b.do(t, http.MethodPost, "/api/v1/sdk/users/"+ana+"/logs", `{"sdkVersion":"1","events":[]}`)
	require.Equal(t, http.StatusBadRequest, res.Status)
}
