package whoop

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// Partner API routes (WHOOP Trusted Partner API, seed 000).
const (
	RoutePartnerToken          = "POST /developer/v2/partner/token"
	RouteRequisition           = "GET /developer/v2/partner/requisition/{id}"
	RouteRequisitionStatus     = "PATCH /developer/v2/partner/requisition/{id}/status"
	RouteServiceRequest        = "GET /developer/v2/partner/service-request/{id}"
	RouteServiceRequestStatus  = "PATCH /developer/v2/partner/service-request/{id}/status"
	RouteServiceRequestResults = "POST /developer/v2/partner/service-request/{id}/results"
	// PartnerScope is the one scope a partner token carries.
	PartnerScope = "whoop-partner/token"
)

// ReportStatuses are the diagnostic report statuses WHOOP accepts.
func ReportStatuses() []string {
	return []string{"final", "partial", "preliminary", "amended", "corrected", "cancelled"}
}

// labs is the partner API's state: tokens, orders and submitted reports.
type labs struct {
	mu       sync.Mutex
	partners []Partner
	ttl      time.Duration
	tokens   map[string]partnerToken
	orders   []*labOrder
	reports  map[string][]DiagnosticReport // by service request id
}

type partnerToken struct {
	clientID string
	expires  time.Time
}

func (s *Server) partnerRoutes() {
	k := s.kit
	k.HandleFunc(RoutePartnerToken, s.partnerToken)
	k.HandleFunc(RouteRequisition, s.partner(s.getRequisition))
	k.HandleFunc(RouteRequisitionStatus, s.partner(s.patchRequisition))
	k.HandleFunc(RouteServiceRequest, s.partner(s.getServiceRequest))
	k.HandleFunc(RouteServiceRequestStatus, s.partner(s.patchServiceRequest))
	k.HandleFunc(RouteServiceRequestResults, s.partner(s.postResults))
}

// partnerToken exchanges partner client credentials (a JSON body, not a
// form) for a bearer token.
func (s *Server) partnerToken(w http.ResponseWriter, r *http.Request) {
	var req PartnerTokenRequest
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		writeError(w, r, http.StatusBadRequest, "body must be JSON with client_id and client_secret")
		return
	}
	if req.GrantType != "" && req.GrantType != "client_credentials" {
		writeError(w, r, http.StatusBadRequest, "unsupported grant_type "+req.GrantType)
		return
	}
	if req.Scope != "" && req.Scope != PartnerScope {
		writeError(w, r, http.StatusBadRequest, "unknown scope "+req.Scope)
		return
	}
	l := s.labs
	if !slices.Contains(l.partners, Partner{ClientID: req.ClientID, ClientSecret: req.ClientSecret}) || req.ClientID == "" {
		writeError(w, r, http.StatusUnauthorized, "invalid client credentials")
		return
	}
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	tok := "wpt_" + hex.EncodeToString(b)
	l.mu.Lock()
	l.tokens[tok] = partnerToken{clientID: req.ClientID, expires: s.clock.Now().Add(l.ttl)}
	l.mu.Unlock()
	simkit.WriteJSON(w, http.StatusOK, PartnerTokenResponse{AccessToken: tok, ExpiresIn: int(l.ttl / time.Second), TokenType: "bearer"})
}

// partnerHandler serves an authenticated partner request.
type partnerHandler func(w http.ResponseWriter, r *http.Request, partner, id string)

// partner authenticates the partner's bearer token, applies the rate
// limit and checks the path id is a UUID.
func (s *Server) partner(h partnerHandler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		raw, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		l := s.labs
		l.mu.Lock()
		tok, found := l.tokens[raw]
		l.mu.Unlock()
		if !ok || !found || !s.clock.Now().Before(tok.expires) {
			writeError(w, r, http.StatusUnauthorized, "missing, unknown or expired partner token")
			return
		}
		if !s.rateLimit(w, r, "partner:"+tok.clientID) {
			return
		}
		id := r.PathValue("id")
		if _, err := uuid.Parse(id); err != nil {
			writeError(w, r, http.StatusBadRequest, "id must be a UUID")
			return
		}
		h(w, r, tok.clientID, id)
	}
}

// find returns the order holding the requisition or service request id.
// A partner that does not own it gets 404 on reads (WHOOP does not
// confirm another partner's order exists) and 403 on writes.
func (l *labs) find(w http.ResponseWriter, r *http.Request, partner, id string, bySR bool) (*labOrder, int, bool) {
	for _, o := range l.orders {
		idx := -1
		if !bySR && o.req.ID == id {
			idx = 0
		}
		if bySR {
			idx = slices.IndexFunc(o.req.ServiceRequests, func(sr ServiceRequest) bool { return sr.ID == id })
		}
		if idx < 0 {
			continue
		}
		if o.owner != partner {
			if r.Method == http.MethodGet {
				break
			}
			writeError(w, r, http.StatusForbidden, "partner is not an owner of "+id)
			return nil, 0, false
		}
		return o, idx, true
	}
	writeError(w, r, http.StatusNotFound, "not found")
	return nil, 0, false
}

func (s *Server) getRequisition(w http.ResponseWriter, r *http.Request, partner, id string) {
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	if o, _, ok := l.find(w, r, partner, id, false); ok {
		simkit.WriteJSON(w, http.StatusOK, o.req)
	}
}

func (s *Server) getServiceRequest(w http.ResponseWriter, r *http.Request, partner, id string) {
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	if o, i, ok := l.find(w, r, partner, id, true); ok {
		simkit.WriteJSON(w, http.StatusOK, o.req.ServiceRequests[i])
	}
}

// statusBody decodes a status update; ok is false after writing 400.
func statusBody(w http.ResponseWriter, r *http.Request) (StatusUpdate, bool) {
	var u StatusUpdate
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&u); err != nil {
		writeError(w, r, http.StatusBadRequest, "invalid status update: "+err.Error())
		return u, false
	}
	if strings.TrimSpace(u.TaskBusinessStatus) == "" {
		writeError(w, r, http.StatusBadRequest, "task_business_status is required")
		return u, false
	}
	return u, true
}

func (s *Server) patchRequisition(w http.ResponseWriter, r *http.Request, partner, id string) {
	u, ok := statusBody(w, r)
	if !ok {
		return
	}
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	o, _, ok := l.find(w, r, partner, id, false)
	if !ok {
		return
	}
	for i := range o.req.ServiceRequests {
		o.req.ServiceRequests[i].TaskBusinessStatus = u.TaskBusinessStatus
	}
	o.req.UpdatedAt = wt(s.clock.Now())
	w.WriteHeader(http.StatusNoContent)
}

func (s *Server) patchServiceRequest(w http.ResponseWriter, r *http.Request, partner, id string) {
	u, ok := statusBody(w, r)
	if !ok {
		return
	}
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	o, i, ok := l.find(w, r, partner, id, true)
	if !ok {
		return
	}
	o.req.ServiceRequests[i].TaskBusinessStatus = u.TaskBusinessStatus
	o.req.UpdatedAt = wt(s.clock.Now())
	simkit.WriteJSON(w, http.StatusOK, o.req.ServiceRequests[i])
}

func (s *Server) postResults(w http.ResponseWriter, r *http.Request, partner, id string) {
	var req DiagnosticReportRequest
	dec := json.NewDecoder(r.Body)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&req); err != nil {
		writeError(w, r, http.StatusBadRequest, "invalid diagnostic report: "+err.Error())
		return
	}
	if !slices.Contains(ReportStatuses(), req.Status) {
		writeError(w, r, http.StatusBadRequest, "status must be one of "+strings.Join(ReportStatuses(), ", "))
		return
	}
	for _, ob := range req.Observations {
		if ob.Code == "" || (ob.ValueNumeric == nil && ob.ValueText == nil) {
			writeError(w, r, http.StatusBadRequest, "every observation needs a code and a value")
			return
		}
	}
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, _, ok := l.find(w, r, partner, id, true); !ok {
		return
	}
	rep := DiagnosticReport{ID: uuid.NewString(), ServiceRequestID: id, Status: req.Status, Observations: req.Observations}
	l.reports[id] = append(l.reports[id], rep)
	simkit.WriteJSON(w, http.StatusCreated, rep)
}

// Partners returns the registered lab partners.
func (s *Server) Partners() []Partner { return slices.Clone(s.labs.partners) }

// Requisitions returns the requisitions a partner owns, as stored now.
func (s *Server) Requisitions(clientID string) []LabRequisition {
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	var out []LabRequisition
	for _, o := range l.orders {
		if o.owner == clientID {
			cp := o.req
			cp.ServiceRequests = slices.Clone(o.req.ServiceRequests)
			out = append(out, cp)
		}
	}
	return out
}

// DiagnosticReports returns the reports submitted for a service request.
func (s *Server) DiagnosticReports(serviceRequestID string) []DiagnosticReport {
	l := s.labs
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.reports[serviceRequestID])
}
