package api

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wirePriority struct {
	Name      string  `json:"name"`
	Priority  int     `json:"priority"`
	Scope     string  `json:"scope"`
	IsDefault bool    `json:"is_default"`
	UpdatedAt *string `json:"updated_at"`
}

type wirePriorityList struct {
	Items []wirePriority `json:"items"`
	Total int            `json:"total"`
}

// ranker returns the priorities in force for a user: defaults, then the
// stored global priorities, then the user's overrides.
func (s *Server) rankerFor(ctx context.Context, userID string) (priority.Ranker, error) {
	r, err := priority.Load(ctx, s.store, s.ranks, userID)
	if err != nil {
		return priority.Ranker{}, fmt.Errorf("api: load priorities: %w", err)
	}
	return r, nil
}

// ListProviderPriorities implements GET /api/v1/priorities/providers.
func (s *Server) ListProviderPriorities(ctx context.Context, _ apigen.ListProviderPrioritiesRequestObject) (apigen.ListProviderPrioritiesResponseObject, error) {
	stored, err := s.store.GlobalPriorities(ctx)
	if err != nil {
		return nil, fmt.Errorf("api: global priorities: %w", err)
	}
	set := map[string]wirePriority{}
	for p, v := range s.ranks.Providers {
		set[string(p)] = wirePriority{Name: string(p), Priority: v, IsDefault: true}
	}
	for _, p := range stored.Providers {
		set[string(p.Provider)] = wirePriority{Name: string(p.Provider), Priority: p.Priority, UpdatedAt: timePtr(p.UpdatedAt)}
	}
	return ok(sortedPriorities(set)), nil
}

// ListDeviceTypePriorities implements GET /api/v1/priorities/device-types.
func (s *Server) ListDeviceTypePriorities(ctx context.Context, _ apigen.ListDeviceTypePrioritiesRequestObject) (apigen.ListDeviceTypePrioritiesResponseObject, error) {
	stored, err := s.store.GlobalPriorities(ctx)
	if err != nil {
		return nil, fmt.Errorf("api: global priorities: %w", err)
	}
	set := map[string]wirePriority{}
	for d, v := range s.ranks.DeviceTypes {
		set[string(d)] = wirePriority{Name: string(d), Priority: v, IsDefault: true}
	}
	for _, d := range stored.DeviceTypes {
		set[string(d.DeviceType)] = wirePriority{Name: string(d.DeviceType), Priority: d.Priority, UpdatedAt: timePtr(d.UpdatedAt)}
	}
	return ok(sortedPriorities(set)), nil
}

func sortedPriorities(set map[string]wirePriority) wirePriorityList {
	out := wirePriorityList{Items: make([]wirePriority, 0, len(set))}
	for _, p := range set {
		out.Items = append(out.Items, p)
	}
	sort.Slice(out.Items, func(i, j int) bool {
		a, b := out.Items[i], out.Items[j]
		if a.Priority != b.Priority {
			return a.Priority < b.Priority
		}
		return a.Name < b.Name
	})
	out.Total = len(out.Items)
	return out
}

// SetProviderPriority implements PUT /api/v1/priorities/providers/{provider}.
func (s *Server) SetProviderPriority(ctx context.Context, req apigen.SetProviderPriorityRequestObject) (apigen.SetProviderPriorityResponseObject, error) {
	if err := s.rankedProvider(req.Provider); err != nil {
		return nil, err
	}
	p, err := s.store.SetProviderPriority(ctx, store.ProviderPriority{Provider: domain.Provider(req.Provider), Priority: req.Body.Priority})
	if err != nil {
		return nil, priorityErr(err)
	}
	return ok(wirePriority{Name: string(p.Provider), Priority: p.Priority, UpdatedAt: timePtr(p.UpdatedAt)}), nil
}

// DeleteProviderPriority implements DELETE /api/v1/priorities/providers/{provider}.
func (s *Server) DeleteProviderPriority(ctx context.Context, req apigen.DeleteProviderPriorityRequestObject) (apigen.DeleteProviderPriorityResponseObject, error) {
	return jsonBody{status: 204}, priorityErr(s.store.DeleteProviderPriority(ctx, domain.Provider(req.Provider)))
}

// SetDeviceTypePriority implements PUT /api/v1/priorities/device-types/{device_type}.
func (s *Server) SetDeviceTypePriority(ctx context.Context, req apigen.SetDeviceTypePriorityRequestObject) (apigen.SetDeviceTypePriorityResponseObject, error) {
	d, err := s.store.SetDeviceTypePriority(ctx, store.DeviceTypePriority{DeviceType: domain.DeviceType(req.DeviceType), Priority: req.Body.Priority})
	if err != nil {
		return nil, priorityErr(err)
	}
	return ok(wirePriority{Name: string(d.DeviceType), Priority: d.Priority, UpdatedAt: timePtr(d.UpdatedAt)}), nil
}

// DeleteDeviceTypePriority implements DELETE /api/v1/priorities/device-types/{device_type}.
func (s *Server) DeleteDeviceTypePriority(ctx context.Context, req apigen.DeleteDeviceTypePriorityRequestObject) (apigen.DeleteDeviceTypePriorityResponseObject, error) {
	return jsonBody{status: 204}, priorityErr(s.store.DeleteDeviceTypePriority(ctx, domain.DeviceType(req.DeviceType)))
}

// rankedProvider refuses a provider the ranking does not know (Open
// Wearables' order plus the catalogue): a priority stored for it would
// never rank anything.
func (s *Server) rankedProvider(name string) error {
	if s.ranks.Ranked(domain.Provider(name)) {
		return nil
	}
	known := make([]string, 0, len(s.ranks.Providers))
	for _, p := range s.ranks.RankedProviders() {
		known = append(known, string(p))
	}
	return badRequest("invalid path parameter \"provider\": unknown provider %q; allowed: %s", name, strings.Join(known, ", "))
}

// validScope refuses a priority scope nothing is ranked by.
func validScope(scope string) error {
	if priority.ValidScope(scope) {
		return nil
	}
	return badRequest("invalid query parameter \"scope\": unknown metric %q; allowed: \"\" (every metric), %s", scope, strings.Join(priority.Scopes(), ", "))
}

// priorityErr maps the store's refusals: ErrInvalid names the field.
func priorityErr(err error) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, store.ErrInvalid):
		return badRequest("invalid priority: %s", err.Error())
	case isNotFound(err):
		return notFound("no such priority or user")
	}
	return fmt.Errorf("api: priorities: %w", err)
}

func timeOrNil(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	return timePtr(t)
}
