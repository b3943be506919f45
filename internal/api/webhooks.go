package api

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// ReceiveProviderWebhook implements POST /api/v1/providers/{provider}/webhooks:
// verify with the provider's scheme over the raw body, record the fetches
// as durable jobs, answer 202 at once.
func (s *Server) ReceiveProviderWebhook(ctx context.Context, req apigen.ReceiveProviderWebhookRequestObject) (apigen.ReceiveProviderWebhookResponseObject, error) {
	if s.sync.Syncer == nil {
		return nil, unavailable("provider webhooks")
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		return nil, fmt.Errorf("api: read webhook: %w", err)
	}
	var h http.Header
	if r := requestFrom(ctx); r != nil {
		h = r.Header
	}
	if t := req.Params.Token; t != nil {
		h = h.Clone()
		if h == nil {
			h = http.Header{}
		}
		h.Set(WebhookTokenHeader, *t)
	}
	n, err := s.sync.Syncer.Receive(ctx, domain.Provider(req.Provider), h, body)
	switch {
	case errors.Is(err, provider.ErrUnknownProvider):
		return nil, notFound("unknown provider %q", req.Provider)
	case errors.Is(err, provider.ErrBadSignature):
		return nil, &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "webhook signature rejected"}
	case errors.Is(err, syncer.ErrBadWebhook):
		return nil, badRequest("unreadable webhook body")
	case err != nil:
		return nil, fmt.Errorf("api: webhook: %w", err)
	}
	return apigen.ReceiveProviderWebhook202JSONResponse{Status: "accepted", Events: n}, nil
}
