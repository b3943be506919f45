package api

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/oapi-codegen/nullable"
	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ListUsers implements GET /api/v1/users.
func (s *Server) ListUsers(ctx context.Context, req apigen.ListUsersRequestObject) (apigen.ListUsersResponseObject, error) {
	p := req.Params
	q := store.UserQuery{Page: deref(p.Page, 1), Limit: deref(p.Limit, 20), SortBy: "created_at", SortOrder: "desc",
		Search: deref(p.Search, ""), Email: deref(p.Email, ""), External: deref(p.ExternalUserId, "")}
	if p.SortBy != nil {
		q.SortBy = string(*p.SortBy)
	}
	if p.SortOrder != nil {
		q.SortOrder = string(*p.SortOrder)
	}
	if err := userFilters(p, &q); err != nil {
		return nil, err
	}
	users, total, err := s.store.ListUsers(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: list users: %w", err)
	}
	pages := (total + q.Limit - 1) / q.Limit
	out := apigen.UserPage{Items: make([]apigen.UserRead, len(users)), Total: total, Page: q.Page, Limit: q.Limit,
		Pages: pages, HasNext: q.Page < pages, HasPrev: q.Page > 1}
	withConns := includesConnections(p.Include)
	for i, u := range users {
		out.Items[i] = userRead(u)
		if withConns {
			out.Items[i].Connections = connectionSummaries(u)
		}
	}
	return apigen.ListUsers200JSONResponse(out), nil
}

// userFilters adds Open Wearables 0.9.0's connection filters to q.
func userFilters(p apigen.ListUsersParams, q *store.UserQuery) error {
	for _, pr := range deref(p.Provider, nil) {
		q.Providers = append(q.Providers, domain.Provider(pr))
	}
	if p.ConnectionStatus != nil {
		q.ConnectionStatus = domain.ConnectionStatus(*p.ConnectionStatus)
	}
	q.HasActiveConnection = p.HasActiveConnection
	if p.LastSyncedBefore != nil {
		t, _, err := parseTime("last_synced_before", *p.LastSyncedBefore)
		if err != nil {
			return err
		}
		q.LastSyncedBefore = &t
	}
	return nil
}

// connectionSummaries renders include=connections: [] for a user without
// connections.
func connectionSummaries(u domain.User) nullable.Nullable[[]apigen.UserConnectionSummary] {
	out := make([]apigen.UserConnectionSummary, len(u.Connections))
	for i, c := range u.Connections {
		out[i] = apigen.UserConnectionSummary{Provider: string(c.Provider), Status: apigen.UserConnectionSummaryStatus(c.Status)}
		out[i].LastSyncedAt.SetNull()
		if c.LastSyncedAt != nil {
			out[i].LastSyncedAt.Set(c.LastSyncedAt.UTC())
		}
	}
	return nullable.NewNullableWithValue(out)
}

// CreateUser implements POST /api/v1/users.
func (s *Server) CreateUser(ctx context.Context, req apigen.CreateUserRequestObject) (apigen.CreateUserResponseObject, error) {
	b := req.Body
	u := domain.User{FirstName: optional(b.FirstName), LastName: optional(b.LastName),
		ExternalUserID: optional(b.ExternalUserId), CreatedAt: s.now()}
	if e, err := b.Email.Get(); err == nil {
		v := strings.TrimSpace(string(e))
		u.Email = &v
	}
	u, err := s.store.CreateUser(ctx, u)
	if err != nil {
		return nil, fmt.Errorf("api: create user: %w", err)
	}
	return apigen.CreateUser201JSONResponse(userRead(u)), nil
}

// GetUser implements GET /api/v1/users/{user_id}.
func (s *Server) GetUser(ctx context.Context, req apigen.GetUserRequestObject) (apigen.GetUserResponseObject, error) {
	u, err := s.user(ctx, req.UserId.String())
	if err != nil {
		return nil, err
	}
	out := userRead(u)
	if includesConnections(req.Params.Include) {
		out.Connections = connectionSummaries(u)
	}
	return apigen.GetUser200JSONResponse(userDetail(out)), nil
}

// includesConnections reports whether include= asks for connections.
func includesConnections(include *apigen.UserInclude) bool {
	return include != nil && slices.Contains(*include, string(apigen.GetUserParamsIncludeConnections))
}

// UpdateUser implements PATCH /api/v1/users/{user_id}.
func (s *Server) UpdateUser(ctx context.Context, req apigen.UpdateUserRequestObject) (apigen.UpdateUserResponseObject, error) {
	b := req.Body
	var email nullable.Nullable[string]
	if b.Email.IsSpecified() {
		email.SetNull()
		if v, err := b.Email.Get(); err == nil {
			email.Set(strings.TrimSpace(string(v)))
		}
	}
	patch := store.UserPatch{FirstName: patchField(b.FirstName), LastName: patchField(b.LastName),
		Email: patchField(email), ExternalUserID: patchField(b.ExternalUserId)}
	u, err := s.store.UpdateUser(ctx, req.UserId.String(), patch)
	if err != nil {
		return nil, userErr(req.UserId.String(), err)
	}
	return apigen.UpdateUser200JSONResponse(userRead(u)), nil
}

// DeleteUser implements DELETE /api/v1/users/{user_id}: every grant is
// deregistered at its provider (when connecting is enabled), then the
// user and all of their data go, in one transaction.
func (s *Server) DeleteUser(ctx context.Context, req apigen.DeleteUserRequestObject) (apigen.DeleteUserResponseObject, error) {
	del := s.store.DeleteUser
	if s.sync.Connect != nil {
		del = s.sync.Connect.DeleteUser
	}
	u, err := del(ctx, req.UserId.String())
	if err != nil {
		return nil, userErr(req.UserId.String(), err)
	}
	return apigen.DeleteUser200JSONResponse(userRead(u)), nil
}

// user loads a user or returns the API's 404.
func (s *Server) user(ctx context.Context, id string) (domain.User, error) {
	u, err := s.store.User(ctx, id)
	if err != nil {
		return domain.User{}, userErr(id, err)
	}
	return u, nil
}

func userErr(id string, err error) error {
	if isNotFound(err) {
		return notFound("User with ID: %s not found.", id)
	}
	return fmt.Errorf("api: user %s: %w", id, err)
}

func userRead(u domain.User) apigen.UserRead {
	out := apigen.UserRead{
		Id:                  mustUUID(u.ID),
		CreatedAt:           u.CreatedAt.UTC(),
		FirstName:           nstr(u.FirstName),
		LastName:            nstr(u.LastName),
		Email:               nemail(u.Email),
		ExternalUserId:      nstr(u.ExternalUserID),
		LastSyncedProvider:  nstr(u.LastSyncedProvider),
		HasActiveConnection: u.HasActiveConnection,
	}
	out.LastSyncedAt.SetNull()
	if u.LastSyncedAt != nil {
		out.LastSyncedAt.Set(u.LastSyncedAt.UTC())
	}
	return out
}

// patchField converts a JSON merge-patch field to the store's patch form:
// absent → nil (leave alone), null → pointer to nil (clear), value → set.
func patchField(n nullable.Nullable[string]) **string {
	if !n.IsSpecified() {
		return nil
	}
	var v *string
	if s, err := n.Get(); err == nil {
		v = &s
	}
	return &v
}

// optional reads a create-body field: absent and null both mean "not set".
func optional(n nullable.Nullable[string]) *string {
	v, err := n.Get()
	if err != nil {
		return nil
	}
	return &v
}

// nemail is an optional address as a JSON null or its value.
func nemail(p *string) nullable.Nullable[openapi_types.Email] {
	if p == nil {
		return nullable.NewNullNullable[openapi_types.Email]()
	}
	return nullable.NewNullableWithValue(openapi_types.Email(*p))
}
