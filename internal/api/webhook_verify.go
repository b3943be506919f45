package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
)

// WebhookTokenHeader carries a webhook URL's ?token= to the provider's
// VerifyWebhook, which sees headers and body only (Withings authenticates
// notifications by an unguessable token in the callback URL).
const WebhookTokenHeader = "X-Wearhouse-Webhook-Token"

// ChallengeFunc answers a provider's endpoint verification GET.
type ChallengeFunc func(q url.Values) (status int, body []byte)

// rawJSON is a response with a body rendered elsewhere.
type rawJSON struct {
	status int
	body   []byte
}

func (r rawJSON) VisitVerifyProviderWebhookResponse(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	_, err := w.Write(r.body)
	return err
}

// VerifyProviderWebhook implements GET …/providers/{provider}/webhooks:
// Oura's verification challenge, or a plain 200 for reachability checks.
func (s *Server) VerifyProviderWebhook(_ context.Context, req apigen.VerifyProviderWebhookRequestObject) (apigen.VerifyProviderWebhookResponseObject, error) {
	if err := s.knownProvider(req.Provider); err != nil {
		return nil, err
	}
	fn, ok := s.sync.Challenges[req.Provider]
	if !ok {
		st := "ok"
		return apigen.VerifyProviderWebhook200JSONResponse{Status: &st}, nil
	}
	q := url.Values{}
	if p := req.Params.VerificationToken; p != nil {
		q.Set("verification_token", *p)
	}
	if p := req.Params.Challenge; p != nil {
		q.Set("challenge", *p)
	}
	status, body := fn(q)
	if status != http.StatusOK {
		return nil, &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "webhook verification token rejected"}
	}
	return rawJSON{status: status, body: body}, nil
}

// ProbeProviderWebhook implements HEAD …/providers/{provider}/webhooks.
func (s *Server) ProbeProviderWebhook(_ context.Context, req apigen.ProbeProviderWebhookRequestObject) (apigen.ProbeProviderWebhookResponseObject, error) {
	if err := s.knownProvider(req.Provider); err != nil {
		return nil, err
	}
	return apigen.ProbeProviderWebhook200Response{}, nil
}

func (s *Server) knownProvider(name string) error {
	if s.sync.Registry == nil {
		return unavailable("provider webhooks")
	}
	if _, err := s.sync.Registry.Get(domain.Provider(name)); err != nil {
		return notFound("unknown provider %q", name)
	}
	return nil
}
