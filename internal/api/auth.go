package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
)

type principalKey struct{}

// SessionAuth authenticates a browser session of the operator console
// (internal/console) as an alternative to an API key. handled is false
// when the request carries no session at all (the API key rules apply);
// otherwise err is nil for a session allowed this request, or the *Error
// to answer (401 expired, 403 missing CSRF token or read-only role).
type SessionAuth interface {
	AuthenticateSession(r *http.Request) (handled bool, err error)
}

// principal returns the API key that authenticated the request.
func principal(ctx context.Context) (domain.APIKey, bool) {
	k, ok := ctx.Value(principalKey{}).(domain.APIKey)
	return k, ok
}

// presentedKey reads the key from X-Open-Wearables-API-Key or a Bearer
// Authorization header, as Open Wearables clients send it.
func presentedKey(r *http.Request) string {
	if k := r.Header.Get("X-Open-Wearables-API-Key"); k != "" {
		return strings.TrimSpace(k)
	}
	if h := r.Header.Get("Authorization"); len(h) > 7 && strings.EqualFold(h[:7], "bearer ") {
		return strings.TrimSpace(h[7:])
	}
	return ""
}

// authenticate checks the request's API key. On success it replaces *r
// with a request carrying the principal; on failure it has written the 401.
func (s *Server) authenticate(w http.ResponseWriter, r **http.Request) bool {
	req := *r
	key := presentedKey(req)
	if key == "" && s.sessions != nil {
		if handled, err := s.sessions.AuthenticateSession(req); handled {
			if err != nil {
				writeError(w, req, s.log, err)
			}
			return err == nil
		}
	}
	if key == "" {
		s.unauthorized(w, req, "authentication required: send X-Open-Wearables-API-Key or Authorization: Bearer <key>")
		return false
	}
	k, err := apikey.VerifyAt(req.Context(), s.store, key, s.now())
	if errors.Is(err, apikey.ErrInvalid) {
		s.unauthorized(w, req, "invalid or revoked API key")
		return false
	}
	if err != nil {
		writeError(w, req, s.log, err)
		return false
	}
	s.touchKey(req.Context(), k)
	*r = req.WithContext(context.WithValue(req.Context(), principalKey{}, k))
	return true
}

func (s *Server) unauthorized(w http.ResponseWriter, r *http.Request, detail string) {
	w.Header().Set("WWW-Authenticate", `Bearer realm="wearhouse"`)
	writeError(w, r, s.log, &Error{Status: http.StatusUnauthorized, Code: CodeUnauthorized, Detail: detail})
}

// touchKey records last use at most once a minute per key, so reads do
// not turn into a write per request.
func (s *Server) touchKey(ctx context.Context, k domain.APIKey) {
	now := s.now()
	if k.LastUsedAt != nil && now.Sub(*k.LastUsedAt) < time.Minute {
		return
	}
	if err := s.store.TouchAPIKey(ctx, k.ID, now); err != nil {
		s.log.WarnContext(ctx, "recording API key use failed", slog.String("api_key_id", k.ID), slog.Any("error", err))
	}
}
