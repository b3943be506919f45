package api

import (
	"context"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
)

// The WHOOP lab partner routes (wearhouse extension, issue 19): thin
// handlers over whooplabs.Service, which caches the reads, validates the
// writes before sending, replays retried writes by their Idempotency-Key
// and maps the patient to a user. Its errors map to HTTP in errors.go
// (whoopLabsError).

// whoopLabs is the service, or ErrNotConfigured (503) when the server has
// no partner credentials.
func (s *Server) whoopLabs() (*whooplabs.Service, error) {
	if s.labs == nil || !s.labs.Configured() {
		return nil, whooplabs.ErrNotConfigured
	}
	return s.labs, nil
}

// GetWhoopLabRequisition implements GET
// /api/v1/labs/whoop/requisitions/{requisition_id}.
func (s *Server) GetWhoopLabRequisition(ctx context.Context, req apigen.GetWhoopLabRequisitionRequestObject) (apigen.GetWhoopLabRequisitionResponseObject, error) {
	svc, err := s.whoopLabs()
	if err != nil {
		return nil, err
	}
	r, err := svc.Requisition(ctx, req.RequisitionId.String())
	if err != nil {
		return nil, err
	}
	return apigen.GetWhoopLabRequisition200JSONResponse(wireRequisition(r)), nil
}

// GetWhoopLabServiceRequest implements GET
// /api/v1/labs/whoop/service-requests/{service_request_id}.
func (s *Server) GetWhoopLabServiceRequest(ctx context.Context, req apigen.GetWhoopLabServiceRequestRequestObject) (apigen.GetWhoopLabServiceRequestResponseObject, error) {
	svc, err := s.whoopLabs()
	if err != nil {
		return nil, err
	}
	sr, err := svc.ServiceRequest(ctx, req.ServiceRequestId.String())
	if err != nil {
		return nil, err
	}
	return apigen.GetWhoopLabServiceRequest200JSONResponse(wireServiceRequest(sr)), nil
}

// UpdateWhoopLabRequisitionStatus implements POST
// /api/v1/labs/whoop/requisitions/{requisition_id}/status.
func (s *Server) UpdateWhoopLabRequisitionStatus(ctx context.Context, req apigen.UpdateWhoopLabRequisitionStatusRequestObject) (apigen.UpdateWhoopLabRequisitionStatusResponseObject, error) {
	svc, err := s.whoopLabs()
	if err != nil {
		return nil, err
	}
	err = svc.UpdateRequisitionStatus(ctx, req.RequisitionId.String(), deref(req.Params.IdempotencyKey, ""), statusUpdate(req.Body))
	if err != nil {
		return nil, err
	}
	return apigen.UpdateWhoopLabRequisitionStatus204Response{}, nil
}

// UpdateWhoopLabServiceRequestStatus implements POST
// /api/v1/labs/whoop/service-requests/{service_request_id}/status.
func (s *Server) UpdateWhoopLabServiceRequestStatus(ctx context.Context, req apigen.UpdateWhoopLabServiceRequestStatusRequestObject) (apigen.UpdateWhoopLabServiceRequestStatusResponseObject, error) {
	svc, err := s.whoopLabs()
	if err != nil {
		return nil, err
	}
	sr, err := svc.UpdateServiceRequestStatus(ctx, req.ServiceRequestId.String(), deref(req.Params.IdempotencyKey, ""), statusUpdate(req.Body))
	if err != nil {
		return nil, err
	}
	return apigen.UpdateWhoopLabServiceRequestStatus200JSONResponse(wireServiceRequest(sr)), nil
}

// CreateWhoopLabDiagnosticReport implements POST
// /api/v1/labs/whoop/service-requests/{service_request_id}/diagnostic-reports.
func (s *Server) CreateWhoopLabDiagnosticReport(ctx context.Context, req apigen.CreateWhoopLabDiagnosticReportRequestObject) (apigen.CreateWhoopLabDiagnosticReportResponseObject, error) {
	svc, err := s.whoopLabs()
	if err != nil {
		return nil, err
	}
	id := req.ServiceRequestId.String()
	rep, err := svc.CreateDiagnosticReport(ctx, id, deref(req.Params.IdempotencyKey, ""), diagnosticReport(req.Body))
	if err != nil {
		return nil, err
	}
	out := apigen.CreateWhoopLabDiagnosticReport201JSONResponse{ServiceRequestId: id}
	out.Id.SetNull()
	if rep.ID != "" {
		out.Id.Set(rep.ID)
	}
	return out, nil
}

// statusUpdate is the body as the service takes it (the spec makes the
// body required, so the generated server never hands a nil one).
func statusUpdate(b *apigen.WhoopLabStatusUpdate) whooplabs.StatusUpdate {
	return whooplabs.StatusUpdate{TaskBusinessStatus: b.TaskBusinessStatus, Reason: b.Reason}
}

func diagnosticReport(b *apigen.WhoopLabDiagnosticReport) whooplabs.DiagnosticReport {
	d := whooplabs.DiagnosticReport{Status: string(b.Status)}
	for _, o := range deref(b.Observations, nil) {
		d.Observations = append(d.Observations, whooplabs.Observation{Code: o.Code, ValueNumeric: o.ValueNumeric, ValueText: o.ValueText,
			Unit: o.Unit, Status: o.Status})
	}
	return d
}

// wireRequisition renders a requisition; WHOOP's optional fields are
// always present, null when WHOOP left them out.
func wireRequisition(r whooplabs.RequisitionView) apigen.WhoopLabRequisition {
	out := apigen.WhoopLabRequisition{Id: r.ID, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC(),
		ServiceRequests: make([]apigen.WhoopLabServiceRequest, 0, len(r.ServiceRequests)),
		Appointments:    make([]apigen.WhoopLabAppointment, 0, len(r.Appointments)),
		Patient: apigen.WhoopLabPatient{Id: r.Patient.ID, FirstName: nstr(r.Patient.FirstName), LastName: nstr(r.Patient.LastName),
			BirthDate: nstr(r.Patient.BirthDate), Email: nstr(r.Patient.Email)}}
	for _, sr := range r.ServiceRequests {
		out.ServiceRequests = append(out.ServiceRequests, wireServiceRequest(sr))
	}
	for _, a := range r.Appointments {
		w := apigen.WhoopLabAppointment{ServiceRequestIds: append([]string{}, a.ServiceRequestIDs...), StartTime: a.StartTime.UTC(),
			SlotId: nstr(a.SlotID)}
		w.CollectionAddress.SetNull()
		if c := a.CollectionAddress; c != nil {
			w.CollectionAddress.Set(apigen.WhoopLabAddress{Building: c.Building, Area: c.Area, Emirate: c.Emirate,
				Landmark: nstr(c.Landmark), FlatNo: nstr(c.FlatNo)})
		}
		out.Appointments = append(out.Appointments, w)
	}
	out.UserId = nullable.NewNullNullable[uuid.UUID]()
	if u, err := uuid.Parse(r.UserID); err == nil {
		out.UserId.Set(u)
	}
	return out
}

func wireServiceRequest(sr whooplabs.ServiceRequest) apigen.WhoopLabServiceRequest {
	return apigen.WhoopLabServiceRequest{Id: sr.ID, Status: sr.Status, Intent: sr.Intent, Code: sr.Code,
		TaskBusinessStatus: nstr(sr.TaskBusinessStatus), TaskDescription: nstr(sr.TaskDescription)}
}
