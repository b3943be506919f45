package api

import (
	"context"
	"errors"
	"net/http"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/wearhouse/wearhouse/internal/sdk"
)

// sdkPrincipalKey carries the user an SDK access token belongs to.
type sdkPrincipalKey struct{}

// sdkUser returns the user of the SDK token that authenticated the
// request; ok is false for a request authenticated with an API key.
func sdkUser(ctx context.Context) (string, bool) {
	u, ok := ctx.Value(sdkPrincipalKey{}).(string)
	return u, ok
}

// acceptsSDKToken reports whether an operation's security names the SDK
// token scheme (the /api/v1/sdk routes): an SDK access token or an API
// key authorizes it.
func acceptsSDKToken(op *openapi3.Operation) bool {
	if op.Security == nil {
		return false
	}
	for _, req := range *op.Security {
		if _, ok := req["SdkToken"]; ok {
			return true
		}
	}
	return false
}

// authenticateSDK accepts an SDK access token (wsa_…) or, failing that,
// an API key. On success it replaces *r with a request carrying the
// principal; on failure it has written the 401.
func (s *Server) authenticateSDK(w http.ResponseWriter, r **http.Request) bool {
	req := *r
	key := presentedKey(req)
	if !sdk.IsAccessToken(key) {
		return s.authenticate(w, r)
	}
	tok, err := s.sdk.Verify(req.Context(), key)
	if errors.Is(err, sdk.ErrInvalidToken) {
		s.unauthorized(w, req, "invalid, expired or revoked SDK token: refresh it at /api/v1/token/refresh")
		return false
	}
	if err != nil {
		writeError(w, req, s.log, err)
		return false
	}
	*r = req.WithContext(context.WithValue(req.Context(), sdkPrincipalKey{}, tok.UserID))
	return true
}

// sdkAllowed refuses an SDK token acting on another user's route.
func sdkAllowed(ctx context.Context, userID string) error {
	if u, ok := sdkUser(ctx); ok && u != userID {
		return &Error{Status: http.StatusForbidden, Code: CodeForbidden, Detail: "this SDK token belongs to another user"}
	}
	return nil
}
