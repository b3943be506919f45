package api

import (
	"context"
	"errors"
	"net"
	"net/http"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/sdk"
)

// CreateSdkToken implements POST /api/v1/users/{user_id}/token.
func (s *Server) CreateSdkToken(ctx context.Context, req apigen.CreateSdkTokenRequestObject) (apigen.CreateSdkTokenResponseObject, error) {
	if b := req.Body; b != nil && (b.AppId.IsSpecified() || b.AppSecret.IsSpecified()) {
		return nil, badRequest("application credentials (app_id, app_secret) are not supported: authenticate this request with an API key")
	}
	t, err := s.sdk.Issue(ctx, req.UserId.String())
	if err != nil {
		return nil, err
	}
	return apigen.CreateSdkToken200JSONResponse(tokenResponse(t)), nil
}

// CreateInvitationCode implements POST /api/v1/users/{user_id}/invitation-code.
func (s *Server) CreateInvitationCode(ctx context.Context, req apigen.CreateInvitationCodeRequestObject) (apigen.CreateInvitationCodeResponseObject, error) {
	inv, err := s.sdk.NewInvitationCode(ctx, req.UserId.String())
	if err != nil {
		return nil, err
	}
	return apigen.CreateInvitationCode201JSONResponse{Id: mustUUID(inv.ID), Code: inv.Code, UserId: req.UserId,
		ExpiresAt: inv.ExpiresAt.UTC(), CreatedAt: inv.CreatedAt.UTC()}, nil
}

// RedeemInvitationCode implements POST /api/v1/invitation-code/redeem.
func (s *Server) RedeemInvitationCode(ctx context.Context, req apigen.RedeemInvitationCodeRequestObject) (apigen.RedeemInvitationCodeResponseObject, error) {
	t, err := s.sdk.Redeem(ctx, req.Body.Code, clientAddress(requestFrom(ctx)))
	if err != nil {
		return nil, err
	}
	r := tokenResponse(t)
	return apigen.RedeemInvitationCode200JSONResponse{AccessToken: r.AccessToken, TokenType: apigen.InvitationCodeRedeemResponseTokenType(r.TokenType),
		RefreshToken: r.RefreshToken, ExpiresIn: r.ExpiresIn, UserId: mustUUID(t.UserID)}, nil
}

// RefreshSdkToken implements POST /api/v1/token/refresh.
func (s *Server) RefreshSdkToken(ctx context.Context, req apigen.RefreshSdkTokenRequestObject) (apigen.RefreshSdkTokenResponseObject, error) {
	t, err := s.sdk.Refresh(ctx, req.Body.RefreshToken)
	if err != nil {
		return nil, err
	}
	return apigen.RefreshSdkToken200JSONResponse(tokenResponse(t)), nil
}

// RevokeSdkToken implements POST /api/v1/token/revoke.
func (s *Server) RevokeSdkToken(ctx context.Context, req apigen.RevokeSdkTokenRequestObject) (apigen.RevokeSdkTokenResponseObject, error) {
	err := s.sdk.Revoke(ctx, req.Body.RefreshToken)
	if errors.Is(err, sdk.ErrInvalidToken) {
		return nil, notFound("no such refresh token")
	}
	if err != nil {
		return nil, err
	}
	return apigen.RevokeSdkToken204Response{}, nil
}

func tokenResponse(t sdk.Tokens) apigen.TokenResponse {
	return apigen.TokenResponse{AccessToken: t.AccessToken, TokenType: apigen.TokenResponseTokenTypeBearer,
		RefreshToken: nullable.NewNullableWithValue(t.RefreshToken), ExpiresIn: nullable.NewNullableWithValue(t.ExpiresIn)}
}

// clientAddress is the caller's IP for rate limits. Behind a proxy every
// caller shares the proxy's address, so the per-client limit tightens
// into the process-wide one — never loosens.
func clientAddress(r *http.Request) string {
	if r == nil {
		return ""
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// sdkError maps the SDK service's errors.
func sdkError(err error) (*Error, bool) {
	switch {
	case errors.Is(err, sdk.ErrRateLimited):
		return &Error{Status: http.StatusTooManyRequests, Code: CodeRateLimited,
			Detail: "too many invitation code attempts; try again in a minute", RetryAfter: time.Minute}, true
	case errors.Is(err, sdk.ErrInvalidCode):
		return badRequest("invalid or expired invitation code"), true
	case errors.Is(err, sdk.ErrTokenReused):
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized,
			Detail: "this refresh token was already used: every token of its grant is now revoked; sign in again"}, true
	case errors.Is(err, sdk.ErrInvalidToken):
		return &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: "invalid, expired or revoked refresh token"}, true
	}
	if pe, ok := errors.AsType[*sdk.PayloadError](err); ok {
		return badRequest("%s", pe.Error()), true
	}
	return nil, false
}
