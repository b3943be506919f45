package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/oauthflow"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// SyncServices are what the connect and sync routes call. Each is
// optional so the API runs (and its tests pass) without them.
type SyncServices struct {
	Registry *provider.Registry
	Connect  *oauthflow.Service
	Syncer   *syncer.Syncer
	// Enqueue inserts sync jobs for async triggers.
	Enqueue syncer.Enqueuer
	// Challenges answer providers' webhook verification GETs, by
	// provider name (Oura).
	Challenges map[string]ChallengeFunc
	// OuraSubscriptions reports Oura's webhook subscriptions
	// (GET /api/v1/providers/oura/subscriptions).
	OuraSubscriptions func() OuraSubscriptionsReport
}

type requestKey struct{}

// withRequest hands the raw request to strict handlers, which need its
// headers (API key on public routes, webhook signatures).
func withRequest(f apigen.StrictHandlerFunc, _ string) apigen.StrictHandlerFunc {
	return func(ctx context.Context, w http.ResponseWriter, r *http.Request, req any) (any, error) {
		return f(context.WithValue(ctx, requestKey{}, r), w, r, req)
	}
}

func requestFrom(ctx context.Context) *http.Request {
	r, _ := ctx.Value(requestKey{}).(*http.Request)
	return r
}

// unavailable answers routes whose service this server runs without.
func unavailable(what string) error {
	return notFound("%s is not enabled on this server", what)
}

// ListOAuthProviders implements GET /api/v1/oauth/providers: every
// catalogued provider in catalogue order, with the display name Open
// Wearables uses, then any other registered one.
func (s *Server) ListOAuthProviders(_ context.Context, req apigen.ListOAuthProvidersRequestObject) (apigen.ListOAuthProvidersResponseObject, error) {
	out := apigen.ListOAuthProviders200JSONResponse{}
	names := s.catalog.Names()
	for _, n := range s.sync.Registry.Names() {
		if !slices.Contains(names, n) {
			names = append(names, n)
		}
	}
	for _, n := range names {
		enabled := false
		if p, err := s.sync.Registry.Get(n); err == nil {
			enabled = p.Configured()
		}
		if deref(req.Params.EnabledOnly, false) && !enabled {
			continue
		}
		name := string(n)
		if d, ok := s.catalog.Get(n); ok {
			name = d.DisplayName
		}
		e := apigen.ProviderSetting{Provider: string(n), Name: name, IsEnabled: enabled, HasCloudOauth: true}
		providerSettingExtras(&e, n)
		out = append(out, e)
	}
	return out, nil
}

// AuthorizeProvider implements GET /api/v1/oauth/{provider}/authorize.
// The route is public in the spec because a connect link may stand in
// for the API key; one of the two is checked here.
func (s *Server) AuthorizeProvider(ctx context.Context, req apigen.AuthorizeProviderRequestObject) (apigen.AuthorizeProviderResponseObject, error) {
	if s.sync.Connect == nil {
		return nil, unavailable("connecting providers")
	}
	p := req.Params
	scope := oauthflow.LinkScope{UserID: p.UserId.String(), Provider: domain.Provider(req.Provider), RedirectURI: deref(p.RedirectUri, "")}
	if err := s.authorizeCaller(ctx, scope, deref(p.ConnectToken, "")); err != nil {
		return nil, err
	}
	res, err := s.sync.Connect.Authorize(ctx, scope.Provider, scope.UserID, scope.RedirectURI)
	if err != nil {
		return nil, connectErr(err)
	}
	if deref(p.Redirect, false) {
		return apigen.AuthorizeProvider302Response{Headers: apigen.AuthorizeProvider302ResponseHeaders{Location: &res.AuthorizationURL}}, nil
	}
	return apigen.AuthorizeProvider200JSONResponse{AuthorizationUrl: res.AuthorizationURL, State: res.State}, nil
}

// authorizeCaller accepts a connect link minted for this flow (user,
// provider, redirect URI) or a valid API key; with PublicAuthorize, also
// a caller with neither (a connect link or key presented is still
// checked: a bad one is never silently ignored).
func (s *Server) authorizeCaller(ctx context.Context, scope oauthflow.LinkScope, token string) error {
	if token != "" {
		return linkErr(s.sync.Connect.VerifyConnectLink(token, scope), scope)
	}
	if r := requestFrom(ctx); s.publicAuthorize && (r == nil || presentedKey(r) == "") {
		return nil
	}
	r := requestFrom(ctx)
	key := ""
	if r != nil {
		key = presentedKey(r)
	}
	if key == "" {
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "authentication required: an API key or a connect_token"}
	}
	k, err := apikey.Verify(ctx, s.store, key)
	if errors.Is(err, apikey.ErrInvalid) {
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "invalid or revoked API key"}
	}
	if err != nil {
		return err
	}
	s.touchKey(ctx, k)
	return nil
}

// linkErr maps a connect link's refusal to API errors: a link that is
// not genuine, current and this user's authenticates nothing (401); a
// genuine one used for another provider is forbidden (403); one used with
// another redirect_uri names the parameter (400).
func linkErr(err error, scope oauthflow.LinkScope) error {
	switch {
	case err == nil:
		return nil
	case errors.Is(err, oauthflow.ErrLinkOutdated):
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
			Detail: "connect link was minted before links were bound to a provider and redirect_uri; mint a new one"}
	case errors.Is(err, oauthflow.ErrLinkProvider):
		return &Error{Status: http.StatusForbidden, Code: CodeForbidden,
			Detail: fmt.Sprintf("this connect link does not allow connecting provider %q", scope.Provider)}
	case errors.Is(err, oauthflow.ErrLinkRedirect):
		return badRequest("invalid query parameter \"redirect_uri\": not the redirect_uri this connect link was minted with")
	}
	return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "invalid or expired connect link"}
}

// connectErr maps connect-flow errors to API errors.
func connectErr(err error) error {
	switch {
	case errors.Is(err, oauthflow.ErrRedirectNotAllowed):
		return badRequest("redirect_uri is not in WEARHOUSE_REDIRECT_ALLOWLIST")
	case errors.Is(err, provider.ErrUnknownProvider):
		return notFound("unknown provider")
	case errors.Is(err, provider.ErrNotConfigured):
		return badRequest("provider is not configured: set its client id and secret")
	case errors.Is(err, oauthflow.ErrStateInvalid):
		return badRequest("invalid or expired state")
	case isNotFound(err):
		return notFound("not found")
	}
	return fmt.Errorf("api: connect: %w", err)
}

// OauthCallback implements GET /api/v1/oauth/{provider}/callback.
func (s *Server) OauthCallback(ctx context.Context, req apigen.OauthCallbackRequestObject) (apigen.OauthCallbackResponseObject, error) {
	if s.sync.Connect == nil {
		return nil, unavailable("connecting providers")
	}
	p := req.Params
	res, err := s.sync.Connect.Callback(ctx, domain.Provider(req.Provider), oauthflow.CallbackParams{Code: deref(p.Code, ""),
		State: p.State, Error: deref(p.Error, ""), ErrorDescription: deref(p.ErrorDescription, "")})
	if err != nil {
		return nil, connectErr(err)
	}
	if dup, ok := errors.AsType[*store.DuplicateError](res.Err); ok && res.RedirectURL == "" {
		return nil, dup // 409 naming the user the account belongs to
	}
	if res.RedirectURL != "" {
		return apigen.OauthCallback303Response{Headers: apigen.OauthCallback303ResponseHeaders{Location: &res.RedirectURL}}, nil
	}
	out := apigen.OauthCallback200JSONResponse{Provider: string(res.Provider), UserId: mustUUID(res.UserID), Status: apigen.CallbackResultStatus(res.Status)}
	if res.Error != "" {
		out.Error = &res.Error
	}
	return out, nil
}

// CreateConnectLink implements POST /api/v1/users/{user_id}/connect-link.
func (s *Server) CreateConnectLink(ctx context.Context, req apigen.CreateConnectLinkRequestObject) (apigen.CreateConnectLinkResponseObject, error) {
	if s.sync.Connect == nil {
		return nil, unavailable("connecting providers")
	}
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	var body apigen.ConnectLinkRequest
	if req.Body != nil {
		body = *req.Body
	}
	redirect := deref(body.RedirectUri, "")
	if !s.sync.Connect.AllowedRedirect(redirect) {
		return nil, badRequest("redirect_uri is not in WEARHOUSE_REDIRECT_ALLOWLIST")
	}
	p := domain.Provider(deref(body.Provider, ""))
	if _, err := s.sync.Registry.Get(p); p != "" && err != nil {
		return nil, badRequest("unknown provider %q", p)
	}
	ttl := time.Duration(deref(body.TtlSeconds, 86400)) * time.Second
	token, exp := s.sync.Connect.MintConnectLink(oauthflow.LinkScope{UserID: userID, Provider: p, RedirectURI: redirect}, ttl)
	out := apigen.CreateConnectLink201JSONResponse{Token: token, ExpiresAt: exp.UTC()}
	if p != "" {
		u := s.sync.Connect.AuthorizeLinkURL(p, userID, token, redirect)
		out.Url = &u
	}
	return out, nil
}
