package api

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// labsError is the error body with its code.
type labsError struct {
	Detail string `json:"detail"`
	Code   string `json:"code"`
}

func TestWhoopLabsReads(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setupLabs(t, st, labsPartner)

		var got struct {
			ID              string `json:"id"`
			UserID          *string
			ServiceRequests []struct {
				ID, Code        string
				TaskDescription *string `json:"task_description"`
			} `json:"service_requests"`
			Patient struct {
				ID    string  `json:"id"`
				Email *string `json:"email"`
			} `json:"patient"`
			Appointments []struct {
				ServiceRequestIDs []string  `json:"service_request_ids"`
				StartTime         time.Time `json:"start_time"`
				CollectionAddress *struct {
					Emirate string  `json:"emirate"`
					FlatNo  *string `json:"flat_no"`
				} `json:"collection_address"`
			} `json:"appointments"`
		}
		res := b.do(t, http.MethodGet, labsPath+"/requisitions/"+b.mine.ID, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, &got)
		require.Equal(t, b.mine.ID, got.ID)
		require.Equal(t, b.mine.Patient.ID, got.Patient.ID)
		require.Equal(t, b.mine.Patient.Email, *got.Patient.Email)
		require.Len(t, got.ServiceRequests, len(b.mine.ServiceRequests))
		require.Equal(t, b.mine.ServiceRequests[0].Code, got.ServiceRequests[0].Code)
		require.Equal(t, b.mine.ServiceRequests[0].TaskDescription, *got.ServiceRequests[0].TaskDescription)
		require.Len(t, got.Appointments, 1)
		require.Equal(t, b.mine.Appointments[0].ServiceRequestIDs, got.Appointments[0].ServiceRequestIDs)
		require.Equal(t, "Dubai", got.Appointments[0].CollectionAddress.Emirate)
		require.Equal(t, b.mine.Appointments[0].CollectionAddress.FlatNo, *got.Appointments[0].CollectionAddress.FlatNo)
		require.Contains(t, string(res.Body), `"user_id":"`+b.user+`"`, "the patient maps to the user with that WHOOP connection")

		res = b.do(t, http.MethodGet, labsPath+"/requisitions/"+b.unmapped.ID, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		require.Contains(t, string(res.Body), `"user_id":null`, "no connection, no user")

		res = b.do(t, http.MethodGet, labsPath+"/service-requests/"+b.mine.ServiceRequests[1].ID, nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		require.Contains(t, string(res.Body), `"task_business_status":null`)
		require.Zero(t, b.sim.RequestCount(simwhoop.RouteServiceRequest), "served from the requisition's cached copy")
		for range 3 {
			require.Equal(t, http.StatusOK, b.do(t, http.MethodGet, labsPath+"/requisitions/"+b.mine.ID, nil).Status)
		}
		require.Equal(t, 2, b.sim.RequestCount(simwhoop.RouteRequisition), "repeated reads are cached")
		require.Equal(t, 1, b.sim.RequestCount(simwhoop.RoutePartnerToken), "one partner token serves every call")

		// WHOOP's verdicts are answered back with its status and message.
		for _, tc := range []struct {
			name, method, path string
			body               any
			status             int
			code, detail       string
		}{
			{"another partner's requisition", http.MethodGet, "/requisitions/" + b.theirs.ID, nil,
				http.StatusNotFound, CodeNotFound, "WHOOP answered 404 to get requisition: not found"},
			{"another partner's service request", http.MethodGet, "/service-requests/" + b.theirs.ServiceRequests[0].ID, nil,
				http.StatusNotFound, CodeNotFound, "WHOOP answered 404 to get service request: not found"},
			{"writing another partner's service request", http.MethodPost, "/service-requests/" + b.theirs.ServiceRequests[0].ID + "/status",
				map[string]any{"task_business_status": "ORDER_CONFIRMED"}, http.StatusForbidden, CodeForbidden,
				"WHOOP answered 403 to update service request status: partner is not an owner of " + b.theirs.ServiceRequests[0].ID},
			{"reporting on another partner's service request", http.MethodPost, "/service-requests/" + b.theirs.ServiceRequests[0].ID + "/diagnostic-reports",
				map[string]any{"status": "final"}, http.StatusForbidden, CodeForbidden, "partner is not an owner of"},
			{"an unknown requisition", http.MethodPost, "/requisitions/00000000-0000-4000-8000-000000000000/status",
				map[string]any{"task_business_status": "ORDER_CONFIRMED"}, http.StatusNotFound, CodeNotFound, "WHOOP answered 404"},
		} {
			res := b.doWith(t, tc.method, labsPath+tc.path, tc.body, map[string]string{"X-Open-Wearables-API-Key": b.key})
			require.Equal(t, tc.status, res.Status, "%s: %s", tc.name, res.Body)
			var e labsError
			res.json(t, &e)
			require.Equal(t, tc.code, e.Code, tc.name)
			require.Contains(t, e.Detail, tc.detail, tc.name)
		}
		require.Empty(t, b.sim.DiagnosticReports(b.theirs.ServiceRequests[0].ID))
		require.Empty(t, b.sim.Requisitions(b.sim.Partners()[1].ClientID)[0].ServiceRequests[0].TaskBusinessStatus)
	})
}

func TestWhoopLabsWrites(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setupLabs(t, st, labsPartner)
		req, sr := b.mine.ID, b.mine.ServiceRequests[0].ID

		// The requisition's status, retried with its key: sent once.
		status := map[string]any{"task_business_status": "ORDER_CONFIRMED", "reason": "slot booked"}
		for range 2 {
			res := b.post(t, labsPath+"/requisitions/"+req+"/status", "req-status-1", status)
			require.Equal(t, http.StatusNoContent, res.Status, string(res.Body))
		}
		require.Equal(t, 1, b.sim.RequestCount(simwhoop.RouteRequisitionStatus), "the retry is answered without sending")
		for _, s := range b.sim.Requisitions(b.sim.Partners()[0].ClientID)[0].ServiceRequests {
			require.Equal(t, "ORDER_CONFIRMED", s.TaskBusinessStatus)
		}
		res := b.do(t, http.MethodGet, labsPath+"/requisitions/"+req, nil)
		require.Contains(t, string(res.Body), `"task_business_status":"ORDER_CONFIRMED"`, "the write dropped the cached copy")

		// One service request's status answers it as WHOOP now has it.
		var got struct {
			ID                 string `json:"id"`
			TaskBusinessStatus string `json:"task_business_status"`
		}
		res = b.post(t, labsPath+"/service-requests/"+sr+"/status", "", map[string]any{"task_business_status": "Specimen collected"})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, &got)
		require.Equal(t, sr, got.ID)
		require.Equal(t, "Specimen collected", got.TaskBusinessStatus)
		require.Equal(t, "Specimen collected", b.sim.Requisitions(b.sim.Partners()[0].ClientID)[0].ServiceRequests[0].TaskBusinessStatus)

		// A diagnostic report, retried with its key: one report at WHOOP,
		// the same answer twice.
		report := map[string]any{"status": "final", "observations": []map[string]any{
			{"code": "LDL", "value_numeric": 96.5, "unit": "mg/dL", "status": "final"},
			{"code": "HIV", "value_text": "negative"}}}
		first := b.post(t, labsPath+"/service-requests/"+sr+"/diagnostic-reports", "report-1", report)
		require.Equal(t, http.StatusCreated, first.Status, string(first.Body))
		again := b.post(t, labsPath+"/service-requests/"+sr+"/diagnostic-reports", "report-1", report)
		require.Equal(t, http.StatusCreated, again.Status, string(again.Body))
		require.JSONEq(t, string(first.Body), string(again.Body))
		reports := b.sim.DiagnosticReports(sr)
		require.Len(t, reports, 1, "the retry created no second report")
		require.Contains(t, string(first.Body), `"id":"`+reports[0].ID+`"`)
		require.Equal(t, 96.5, *reports[0].Observations[0].ValueNumeric)
		require.Equal(t, "negative", *reports[0].Observations[1].ValueText)

		// The same key with another body is refused, nothing sent.
		before := b.sent()
		amended := map[string]any{"status": "amended"}
		res = b.post(t, labsPath+"/service-requests/"+sr+"/diagnostic-reports", "report-1", amended)
		require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
		var e labsError
		res.json(t, &e)
		require.Equal(t, CodeIdempotencyKey, e.Code)
		require.Equal(t, before, b.sent())

		// WHOOP failing is a 502 naming it; the key is not burnt by it.
		require.NoError(t, b.sim.Kit().Faults.Set(simwhoop.RouteServiceRequestResults, simkit.Fault{Kind: simkit.FaultStatus, Status: http.StatusBadGateway}))
		res = b.post(t, labsPath+"/service-requests/"+sr+"/diagnostic-reports", "report-2", amended)
		require.Equal(t, http.StatusBadGateway, res.Status, string(res.Body))
		res.json(t, &e)
		require.Equal(t, CodeUpstream, e.Code)
		require.Contains(t, e.Detail, "WHOOP answered 502 to create diagnostic report")
		res = b.post(t, labsPath+"/service-requests/"+sr+"/diagnostic-reports", "report-2", amended)
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		require.Len(t, b.sim.DiagnosticReports(sr), 2)

		// WHOOP's own refusal comes back with WHOOP's status, and a retry
		// with the same key gets it again without asking WHOOP twice.
		require.NoError(t, b.sim.Kit().Faults.Set(simwhoop.RouteServiceRequestStatus, simkit.Fault{Kind: simkit.FaultStatus, Status: http.StatusUnprocessableEntity}))
		sentBefore := b.sim.RequestCount(simwhoop.RouteServiceRequestStatus)
		for range 2 {
			res = b.post(t, labsPath+"/service-requests/"+sr+"/status", "status-422", map[string]any{"task_business_status": "RESULTS_READY"})
			require.Equal(t, http.StatusUnprocessableEntity, res.Status, string(res.Body))
			res.json(t, &e)
			require.Equal(t, CodeValidation, e.Code)
			require.Contains(t, e.Detail, "WHOOP answered 422 to update service request status: ")
		}
		require.Equal(t, sentBefore+1, b.sim.RequestCount(simwhoop.RouteServiceRequestStatus))

		// WHOOP's rate limit comes back as a 429 with its Retry-After.
		require.NoError(t, b.sim.Kit().Faults.Set(simwhoop.RouteServiceRequest, simkit.Fault{Kind: simkit.FaultRateLimit, Delay: 30 * time.Second}))
		res = b.do(t, http.MethodGet, labsPath+"/service-requests/00000000-0000-4000-8000-000000000001", nil)
		require.Equal(t, http.StatusTooManyRequests, res.Status, string(res.Body))
		require.Equal(t, "30", res.Header.Get("Retry-After"))
		res.json(t, &e)
		require.Equal(t, CodeRateLimited, e.Code)
	})
}

// TestWhoopLabsValidatesBeforeSending: every malformed request is a 400
// naming the problem, and none reaches WHOOP.
func TestWhoopLabsValidatesBeforeSending(t *testing.T) {
	t.Parallel()
	b := setupLabs(t, storetest.NewSQLite(t), labsPartner)
	sr := b.mine.ServiceRequests[0].ID
	reports := labsPath + "/service-requests/" + sr + "/diagnostic-reports"
	for _, tc := range []struct {
		name, path, key string
		body            any
		detail          string
	}{
		{"two values", reports, "", map[string]any{"status": "final", "observations": []map[string]any{{"code": "LDL", "value_numeric": 1, "value_text": "1"}}},
			"observations[0] needs exactly one of value_numeric and value_text"},
		{"no value", reports, "", map[string]any{"status": "final", "observations": []map[string]any{{"code": "LDL"}}},
			"observations[0] needs exactly one of value_numeric and value_text"},
		{"blank code", reports, "", map[string]any{"status": "final", "observations": []map[string]any{{"code": "  ", "value_text": "x"}}},
			"observations[0].code is required"},
		{"unknown report status", reports, "", map[string]any{"status": "done"}, "status"},
		{"no report status", reports, "", map[string]any{}, "status"},
		{"unknown field", reports, "", map[string]any{"status": "final", "notes": "x"}, "notes"},
		{"blank business status", labsPath + "/service-requests/" + sr + "/status", "", map[string]any{"task_business_status": "   "},
			"task_business_status is required"},
		{"empty business status", labsPath + "/requisitions/" + b.mine.ID + "/status", "", map[string]any{"task_business_status": ""},
			"task_business_status"},
		{"long reason", labsPath + "/requisitions/" + b.mine.ID + "/status", "", map[string]any{"task_business_status": "X", "reason": strings.Repeat("r", 1001)},
			"reason"},
		{"not a uuid", labsPath + "/requisitions/nope/status", "", map[string]any{"task_business_status": "X"}, "requisition_id"},
		{"key with a space", reports, "a key", map[string]any{"status": "final"}, "Idempotency-Key"},
		{"key too long", reports, strings.Repeat("k", 256), map[string]any{"status": "final"}, "Idempotency-Key"},
		{"not JSON", reports, "", "{", "body"},
	} {
		res := b.post(t, tc.path, tc.key, tc.body)
		require.Equal(t, http.StatusBadRequest, res.Status, "%s: %s", tc.name, res.Body)
		var e labsError
		res.json(t, &e)
		require.Equal(t, CodeValidation, e.Code, tc.name)
		require.Contains(t, e.Detail, tc.detail, tc.name)
	}
	require.Zero(t, b.sent(), "nothing reached WHOOP")
	require.Equal(t, http.StatusBadRequest, b.do(t, http.MethodGet, labsPath+"/service-requests/12", nil).Status)
	require.Zero(t, b.sent())
}

// TestWhoopLabsWithoutPartner: a server without partner credentials
// answers 503 naming the settings, and one whose credentials WHOOP
// refuses answers 502 saying so — never a 401 the caller would take for
// its own API key.
func TestWhoopLabsWithoutPartner(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		creds  labsCredentials
		status int
		code   string
		detail string
	}{
		{"no credentials", labsUnconfigured, http.StatusServiceUnavailable, CodeUnavailable, "set WEARHOUSE_WHOOP_PARTNER_CLIENT_ID and WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET"},
		{"no service", labsNoService, http.StatusServiceUnavailable, CodeUnavailable, "WEARHOUSE_WHOOP_PARTNER_CLIENT_ID"},
		{"refused secret", labsWrongSecret, http.StatusBadGateway, CodeUpstream, "WHOOP refused the lab partner credentials (WHOOP answered 401 to token: invalid client credentials)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setupLabs(t, storetest.NewSQLite(t), tc.creds)
			for _, r := range []struct {
				method, path string
				body         any
			}{
				{http.MethodGet, "/requisitions/" + b.mine.ID, nil},
				{http.MethodGet, "/service-requests/" + b.mine.ServiceRequests[0].ID, nil},
				{http.MethodPost, "/requisitions/" + b.mine.ID + "/status", map[string]any{"task_business_status": "X"}},
				{http.MethodPost, "/service-requests/" + b.mine.ServiceRequests[0].ID + "/status", map[string]any{"task_business_status": "X"}},
				{http.MethodPost, "/service-requests/" + b.mine.ServiceRequests[0].ID + "/diagnostic-reports", map[string]any{"status": "final"}},
			} {
				res := b.doWith(t, r.method, labsPath+r.path, r.body, map[string]string{"X-Open-Wearables-API-Key": b.key})
				require.Equal(t, tc.status, res.Status, "%s %s: %s", r.method, r.path, res.Body)
				var e labsError
				res.json(t, &e)
				require.Equal(t, tc.code, e.Code)
				require.Contains(t, e.Detail, tc.detail)
			}
			if tc.creds != labsWrongSecret {
				require.Zero(t, b.sent())
			}
			require.Empty(t, b.sim.DiagnosticReports(b.mine.ServiceRequests[0].ID))
			// The routes need an API key like every other.
			res := b.doWith(t, http.MethodGet, labsPath+"/requisitions/"+b.mine.ID, nil, nil)
			require.Equal(t, http.StatusUnauthorized, res.Status)
		})
	}
}
