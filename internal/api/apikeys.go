package api

import (
	"context"
	"fmt"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
)

// defaultKeyName is the name of a key created without one, as in Open
// Wearables.
const defaultKeyName = "Default"

// ListApiKeys implements GET /api/v1/developer/api-keys.
func (s *Server) ListApiKeys(ctx context.Context, _ apigen.ListApiKeysRequestObject) (apigen.ListApiKeysResponseObject, error) {
	keys, err := s.store.ListAPIKeys(ctx)
	if err != nil {
		return nil, fmt.Errorf("api: list api keys: %w", err)
	}
	now := s.now()
	out := make(apigen.ListApiKeys200JSONResponse, len(keys))
	for i, k := range keys {
		out[i] = apiKeyRead(k, now)
	}
	return out, nil
}

// CreateApiKey implements POST /api/v1/developer/api-keys.
func (s *Server) CreateApiKey(ctx context.Context, req apigen.CreateApiKeyRequestObject) (apigen.CreateApiKeyResponseObject, error) {
	c, err := apikey.Create(ctx, s.store, deref(req.Body.Name, defaultKeyName), s.now())
	if err != nil {
		return nil, fmt.Errorf("api: create api key: %w", err)
	}
	return apigen.CreateApiKey201JSONResponse(apiKeyCreated(c, s.now())), nil
}

// RevokeApiKey implements DELETE /api/v1/developer/api-keys/{key_id}.
func (s *Server) RevokeApiKey(ctx context.Context, req apigen.RevokeApiKeyRequestObject) (apigen.RevokeApiKeyResponseObject, error) {
	now := s.now()
	k, err := apikey.Revoke(ctx, s.store, req.KeyId.String(), now)
	if err != nil {
		return nil, err
	}
	return apigen.RevokeApiKey200JSONResponse(apiKeyRead(k, now)), nil
}

// RotateApiKey implements POST /api/v1/developer/api-keys/{key_id}/rotate.
func (s *Server) RotateApiKey(ctx context.Context, req apigen.RotateApiKeyRequestObject) (apigen.RotateApiKeyResponseObject, error) {
	now := s.now()
	grace := time.Duration(deref(req.Params.GracePeriodSeconds, 0)) * time.Second
	c, err := apikey.Rotate(ctx, s.store, req.KeyId.String(), grace, now)
	if err != nil {
		return nil, err
	}
	return apigen.RotateApiKey201JSONResponse(apiKeyCreated(c, now)), nil
}

// apiKeyRead is a key's public view: never the hash, never the key.
func apiKeyRead(k domain.APIKey, now time.Time) apigen.ApiKeyRead {
	out := apigen.ApiKeyRead{Id: mustUUID(k.ID), Name: k.Name, Prefix: k.Prefix, CreatedAt: k.CreatedAt.UTC(),
		LastUsedAt: nullTime(k.LastUsedAt), RevokedAt: nullTime(k.RevokedAt), Status: apigen.ApiKeyReadStatusActive}
	switch {
	case k.RevokedAt == nil:
	case k.ActiveAt(now):
		out.Status = apigen.ApiKeyReadStatusExpiring
	default:
		out.Status = apigen.ApiKeyReadStatusRevoked
	}
	return out
}

// apiKeyCreated is a new key's view, the key included this once.
func apiKeyCreated(c apikey.Created, now time.Time) apigen.ApiKeyCreated {
	r := apiKeyRead(c.Record, now)
	out := apigen.ApiKeyCreated{Id: r.Id, Name: r.Name, Prefix: r.Prefix, CreatedAt: r.CreatedAt, LastUsedAt: r.LastUsedAt,
		RevokedAt: r.RevokedAt, Status: apigen.ApiKeyCreatedStatus(r.Status), Key: c.Key}
	if c.Replaces != nil {
		old := apiKeyRead(*c.Replaces, now)
		out.Replaces = &old
	}
	return out
}

// nullTime is an optional instant as a JSON null or a UTC time.
func nullTime(t *time.Time) nullable.Nullable[time.Time] {
	var out nullable.Nullable[time.Time]
	out.SetNull()
	if t != nil {
		out.Set(t.UTC())
	}
	return out
}
