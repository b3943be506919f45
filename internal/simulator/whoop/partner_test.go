package whoop_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// call sends a JSON request to the partner API and returns status and body.
func (b *testBundle) call(t *testing.T, method, path, token string, body any) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, b.api+path, rd)
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

func (b *testBundle) partnerToken(t *testing.T, p whoop.Partner) string {
	t.Helper()
	status, body := b.call(t, http.MethodPost, "/v2/partner/token", "", whoop.PartnerTokenRequest{
		ClientID: p.ClientID, ClientSecret: p.ClientSecret, Scope: whoop.PartnerScope, GrantType: "client_credentials"})
	require.Equal(t, http.StatusOK, status, string(body))
	var tok whoop.PartnerTokenResponse
	strictDecode(t, body, &tok)
	require.Equal(t, 3600, tok.ExpiresIn)
	require.Equal(t, "bearer", tok.TokenType)
	return tok.AccessToken
}

func TestPartnerAPIOwnershipAndWrites(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 2, Days: 5, Seed: 3}, nil)
	ps := b.srv.Partners()
	mine, other := b.partnerToken(t, ps[0]), b.partnerToken(t, ps[1])
	reqs := b.srv.Requisitions(ps[0].ClientID)
	require.Len(t, reqs, 1)
	rq := reqs[0]
	sr := rq.ServiceRequests[0].ID
	require.Equal(t, b.world.Person(0).Key, rq.Patient.ID)
	require.Equal(t, b.world.Person(0).Profile.Email, rq.Patient.Email)
	require.Equal(t, whoop.LabRequisitionID(1, 0), rq.ID, "the ids are known from the seed")
	require.Equal(t, whoop.LabServiceRequestID(1, 0, 1), rq.ServiceRequests[1].ID)

	var got whoop.LabRequisition
	status, body := b.call(t, http.MethodGet, "/v2/partner/requisition/"+rq.ID, mine, nil)
	require.Equal(t, http.StatusOK, status)
	strictDecode(t, body, &got)
	require.Equal(t, rq, got)

	num := 185.0
	cases := []struct {
		name, method, path, token string
		body                      any
		want                      int
	}{
		{"bad credentials", http.MethodPost, "/v2/partner/token", "", whoop.PartnerTokenRequest{ClientID: ps[0].ClientID, ClientSecret: "nope"}, http.StatusUnauthorized},
		{"wrong grant", http.MethodPost, "/v2/partner/token", "", whoop.PartnerTokenRequest{ClientID: ps[0].ClientID, ClientSecret: ps[0].ClientSecret, GrantType: "password"}, http.StatusBadRequest},
		{"no token", http.MethodGet, "/v2/partner/requisition/" + rq.ID, "", nil, http.StatusUnauthorized},
		{"not a uuid", http.MethodGet, "/v2/partner/requisition/abc", mine, nil, http.StatusBadRequest},
		{"unknown", http.MethodGet, "/v2/partner/requisition/00000000-0000-4000-8000-000000000000", mine, nil, http.StatusNotFound},
		{"other partner reads", http.MethodGet, "/v2/partner/requisition/" + rq.ID, other, nil, http.StatusNotFound},
		{"other partner reads sr", http.MethodGet, "/v2/partner/service-request/" + sr, other, nil, http.StatusNotFound},
		{"other partner writes", http.MethodPatch, "/v2/partner/service-request/" + sr + "/status", other, whoop.StatusUpdate{TaskBusinessStatus: "ORDER_CONFIRMED"}, http.StatusForbidden},
		{"empty status", http.MethodPatch, "/v2/partner/requisition/" + rq.ID + "/status", mine, whoop.StatusUpdate{}, http.StatusBadRequest},
		{"requisition status", http.MethodPatch, "/v2/partner/requisition/" + rq.ID + "/status", mine, whoop.StatusUpdate{TaskBusinessStatus: "ORDER_CONFIRMED"}, http.StatusNoContent},
		{"sr status", http.MethodPatch, "/v2/partner/service-request/" + sr + "/status", mine, whoop.StatusUpdate{TaskBusinessStatus: "FULL_RESULTS_READY", Reason: "done"}, http.StatusOK},
		{"bad report status", http.MethodPost, "/v2/partner/service-request/" + sr + "/results", mine, whoop.DiagnosticReportRequest{Status: "done"}, http.StatusBadRequest},
		{"valueless observation", http.MethodPost, "/v2/partner/service-request/" + sr + "/results", mine, whoop.DiagnosticReportRequest{Status: "final", Observations: []whoop.Observation{{Code: "HDL"}}}, http.StatusBadRequest},
		{"report", http.MethodPost, "/v2/partner/service-request/" + sr + "/results", mine, whoop.DiagnosticReportRequest{Status: "final", Observations: []whoop.Observation{{Code: "HDL", ValueNumeric: &num, Unit: "mg/dL"}}}, http.StatusCreated},
	}
	for _, tc := range cases {
		status, body := b.call(t, tc.method, tc.path, tc.token, tc.body)
		require.Equal(t, tc.want, status, "%s: %s", tc.name, body)
	}
	now := b.srv.Requisitions(ps[0].ClientID)[0]
	require.Equal(t, "FULL_RESULTS_READY", now.ServiceRequests[0].TaskBusinessStatus)
	require.Equal(t, "ORDER_CONFIRMED", now.ServiceRequests[1].TaskBusinessStatus)
	require.Len(t, b.srv.DiagnosticReports(sr), 1)

	// Tokens expire on the simulator's clock.
	b.clock.Advance(time.Hour)
	status, _ = b.call(t, http.MethodGet, "/v2/partner/requisition/"+rq.ID, mine, nil)
	require.Equal(t, http.StatusUnauthorized, status)
}
