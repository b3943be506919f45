package api

import (
	"context"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
)

// OauthSuccess implements GET /api/v1/oauth/success, the page Open
// Wearables lands a browser on after a connection without its own
// redirect_uri: the outcome, echoed as JSON.
func (s *Server) OauthSuccess(_ context.Context, req apigen.OauthSuccessRequestObject) (apigen.OauthSuccessResponseObject, error) {
	p, u := req.Params.Provider, req.Params.UserId
	return apigen.OauthSuccess200JSONResponse{Status: apigen.OAuthLandingSuccess, Message: "Connected " + p + " for user " + u,
		Provider: &p, UserId: &u}, nil
}

// OauthError implements GET /api/v1/oauth/error: the failure, echoed.
func (s *Server) OauthError(_ context.Context, req apigen.OauthErrorRequestObject) (apigen.OauthErrorResponseObject, error) {
	return apigen.OauthError200JSONResponse{Status: apigen.OAuthLandingError, Message: deref(req.Params.Message, "OAuth authentication failed")}, nil
}

// ProbeOauthCallback implements HEAD on the OAuth callback: providers
// (Withings) check the URL answers before they accept it.
func (s *Server) ProbeOauthCallback(_ context.Context, req apigen.ProbeOauthCallbackRequestObject) (apigen.ProbeOauthCallbackResponseObject, error) {
	if err := s.knownProvider(req.Provider); err != nil {
		return nil, err
	}
	return apigen.ProbeOauthCallback200Response{}, nil
}

// providerSettingExtras are the 0.9.0 fields of a provider's entry in
// GET /oauth/providers: every provider of this build is a cloud API
// pulled on a schedule and pushed to by webhooks where it offers them.
func providerSettingExtras(out *apigen.ProviderSetting, name domain.Provider) {
	out.HasCloudApi = true
	out.IconUrl = "/static/provider-icons/" + string(name) + ".svg"
	out.LiveSyncMode.Set(apigen.LiveSyncWebhook)
	out.LiveSyncConfigurable = false
	out.DataGranularity.Set(apigen.GranularityRaw)
}

// maxHistoricalDays is the longest historical sync the API starts
// (the maximum of POST …/sync/historical's days).
const maxHistoricalDays = 365

// connectionCapabilities are 0.9.0's capability fields of a connection:
// every provider of this build is pulled over REST and notifies
// wearhouse's callback URL of changes, which wearhouse then fetches; a
// provider account belongs to one user at a time, so no other user is
// linked to it.
func connectionCapabilities(out *apigen.UserConnection, name domain.Provider) {
	out.IconUrl.Set("/static/provider-icons/" + string(name) + ".svg")
	out.LiveSyncMode.Set(apigen.ConnLiveSyncWebhook)
	out.RestPull, out.WebhookCallback, out.WebhookPing, out.WebhookStream = true, true, true, false
	out.MaxHistoricalDays.Set(maxHistoricalDays)
	out.LinkedUserIds = []openapi_types.UUID{}
}
