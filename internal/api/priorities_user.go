package api

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// GetUserPriorities implements GET /api/v1/users/{user_id}/priorities.
func (s *Server) GetUserPriorities(ctx context.Context, req apigen.GetUserPrioritiesRequestObject) (apigen.GetUserPrioritiesResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	ps, err := s.store.UserPriorities(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("api: user priorities: %w", err)
	}
	out := struct {
		Providers   []wirePriority `json:"providers"`
		DeviceTypes []wirePriority `json:"device_types"`
	}{Providers: []wirePriority{}, DeviceTypes: []wirePriority{}}
	for _, p := range ps.Providers {
		out.Providers = append(out.Providers, wirePriority{Name: string(p.Provider), Priority: p.Priority, Scope: p.Scope, UpdatedAt: timeOrNil(p.UpdatedAt)})
	}
	for _, d := range ps.DeviceTypes {
		out.DeviceTypes = append(out.DeviceTypes, wirePriority{Name: string(d.DeviceType), Priority: d.Priority, Scope: d.Scope, UpdatedAt: timeOrNil(d.UpdatedAt)})
	}
	return ok(out), nil
}

// SetUserProviderPriority implements PUT …/priorities/providers/{provider}.
func (s *Server) SetUserProviderPriority(ctx context.Context, req apigen.SetUserProviderPriorityRequestObject) (apigen.SetUserProviderPriorityResponseObject, error) {
	userID := req.UserId.String()
	if err := s.rankedProvider(req.Provider); err != nil {
		return nil, err
	}
	if err := validScope(deref(req.Params.Scope, "")); err != nil {
		return nil, err
	}
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	p, err := s.store.SetUserProviderPriority(ctx, userID, store.ProviderPriority{Scope: deref(req.Params.Scope, ""),
		Provider: domain.Provider(req.Provider), Priority: req.Body.Priority})
	if err != nil {
		return nil, priorityErr(err)
	}
	return ok(wirePriority{Name: string(p.Provider), Priority: p.Priority, Scope: p.Scope, UpdatedAt: timeOrNil(p.UpdatedAt)}), nil
}

// DeleteUserProviderPriority implements DELETE …/priorities/providers/{provider}.
func (s *Server) DeleteUserProviderPriority(ctx context.Context, req apigen.DeleteUserProviderPriorityRequestObject) (apigen.DeleteUserProviderPriorityResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	err := s.store.DeleteUserProviderPriority(ctx, userID, deref(req.Params.Scope, ""), domain.Provider(req.Provider))
	return jsonBody{status: 204}, priorityErr(err)
}

// SetUserDeviceTypePriority implements PUT …/priorities/device-types/{device_type}.
func (s *Server) SetUserDeviceTypePriority(ctx context.Context, req apigen.SetUserDeviceTypePriorityRequestObject) (apigen.SetUserDeviceTypePriorityResponseObject, error) {
	userID := req.UserId.String()
	if err := validScope(deref(req.Params.Scope, "")); err != nil {
		return nil, err
	}
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	d, err := s.store.SetUserDeviceTypePriority(ctx, userID, store.DeviceTypePriority{Scope: deref(req.Params.Scope, ""),
		DeviceType: domain.DeviceType(req.DeviceType), Priority: req.Body.Priority})
	if err != nil {
		return nil, priorityErr(err)
	}
	return ok(wirePriority{Name: string(d.DeviceType), Priority: d.Priority, Scope: d.Scope, UpdatedAt: timeOrNil(d.UpdatedAt)}), nil
}

// DeleteUserDeviceTypePriority implements DELETE …/priorities/device-types/{device_type}.
func (s *Server) DeleteUserDeviceTypePriority(ctx context.Context, req apigen.DeleteUserDeviceTypePriorityRequestObject) (apigen.DeleteUserDeviceTypePriorityResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	err := s.store.DeleteUserDeviceTypePriority(ctx, userID, deref(req.Params.Scope, ""), domain.DeviceType(req.DeviceType))
	return jsonBody{status: 204}, priorityErr(err)
}
