package api

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
)

// ListConnections implements GET /api/v1/users/{user_id}/connections.
// Tokens never leave the store through the API.
func (s *Server) ListConnections(ctx context.Context, req apigen.ListConnectionsRequestObject) (apigen.ListConnectionsResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	cs, err := s.store.ListConnections(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("api: list connections: %w", err)
	}
	out := make(apigen.ListConnections200JSONResponse, 0, len(cs))
	for _, c := range cs {
		out = append(out, wireConnection(c))
	}
	return out, nil
}

func wireConnection(c domain.Connection) apigen.UserConnection {
	out := apigen.UserConnection{Id: mustUUID(c.ID), UserId: mustUUID(c.UserID), Provider: string(c.Provider),
		ProviderUserId: c.ProviderUserID, ProviderUsername: nstr(c.ProviderUsername), Status: apigen.UserConnectionStatus(c.Status),
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
	if c.Scope != "" {
		scope := c.Scope
		out.Scope = &scope
	}
	if c.StatusReason != "" {
		reason := c.StatusReason
		out.StatusReason = &reason
	}
	out.LastSyncedAt.SetNull()
	if c.LastSyncedAt != nil {
		out.LastSyncedAt.Set(c.LastSyncedAt.UTC())
	}
	connectionCapabilities(&out, c.Provider)
	return out
}

// DeleteConnection implements DELETE …/connections/{provider}.
func (s *Server) DeleteConnection(ctx context.Context, req apigen.DeleteConnectionRequestObject) (apigen.DeleteConnectionResponseObject, error) {
	if err := s.disconnect(ctx, req.UserId.String(), domain.Provider(req.Provider), false); err != nil {
		return nil, err
	}
	return apigen.DeleteConnection204Response{}, nil
}

// DeleteConnectionData implements DELETE …/connections/{provider}/data.
func (s *Server) DeleteConnectionData(ctx context.Context, req apigen.DeleteConnectionDataRequestObject) (apigen.DeleteConnectionDataResponseObject, error) {
	if err := s.disconnect(ctx, req.UserId.String(), domain.Provider(req.Provider), true); err != nil {
		return nil, err
	}
	return apigen.DeleteConnectionData204Response{}, nil
}

func (s *Server) disconnect(ctx context.Context, userID string, p domain.Provider, deleteData bool) error {
	if s.sync.Connect == nil {
		return unavailable("connecting providers")
	}
	if _, err := s.user(ctx, userID); err != nil {
		return err
	}
	if err := s.sync.Connect.Disconnect(ctx, userID, p, deleteData); err != nil {
		if isNotFound(err) {
			return notFound("User %s has no %s connection.", userID, p)
		}
		return fmt.Errorf("api: disconnect: %w", err)
	}
	return nil
}
