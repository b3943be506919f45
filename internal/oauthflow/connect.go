package oauthflow

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"net/url"

	"golang.org/x/oauth2"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// AuthorizeResult is what GET /oauth/{provider}/authorize returns.
type AuthorizeResult struct {
	AuthorizationURL string
	State            string
}

// Authorize starts a connect flow for userID. The caller has already been
// authenticated (API key or connect link).
func (s *Service) Authorize(ctx context.Context, p domain.Provider, userID, redirectURI string) (AuthorizeResult, error) {
	prov, err := s.o.Registry.Configured(p)
	if err != nil {
		return AuthorizeResult{}, err
	}
	if !s.AllowedRedirect(redirectURI) {
		return AuthorizeResult{}, ErrRedirectNotAllowed
	}
	if _, err := s.o.Store.User(ctx, userID); err != nil {
		return AuthorizeResult{}, fmt.Errorf("oauthflow: authorize: %w", err)
	}
	settings := prov.OAuth()
	st := domain.OAuthState{State: rand.Text() + rand.Text(), UserID: userID, Provider: p, RedirectURI: redirectURI,
		ExpiresAt: s.o.Now().Add(StateTTL), CreatedAt: s.o.Now()}
	challenge := ""
	if settings.PKCE {
		st.CodeVerifier = oauth2.GenerateVerifier()
		challenge = oauth2.S256ChallengeFromVerifier(st.CodeVerifier)
	}
	if err := s.o.Store.PutOAuthState(ctx, st); err != nil {
		return AuthorizeResult{}, fmt.Errorf("oauthflow: authorize: %w", err)
	}
	return AuthorizeResult{AuthorizationURL: settings.AuthCodeURL(st.State, s.CallbackURL(p), challenge), State: st.State}, nil
}

// CallbackParams are the query parameters a provider redirects back with.
type CallbackParams struct {
	Code             string
	State            string
	Error            string
	ErrorDescription string
}

// CallbackResult says where to send the user and what happened.
type CallbackResult struct {
	Provider domain.Provider
	UserID   string
	// Status is "success" or "error"; Error names the failure.
	Status string
	Error  string
	// RedirectURL is the caller's redirect_uri with provider, user_id and
	// status (and error) added; empty when none was given.
	RedirectURL string
	Connection  domain.Connection
	// Err is why Status is "error" (nil on success); an account another
	// user holds is a *store.DuplicateError.
	Err error
}

// Callback completes a connect flow. An unknown or reused state is
// ErrStateInvalid (there is nobody to redirect to); any later failure is
// reported through the result so the user lands back on the app.
func (s *Service) Callback(ctx context.Context, p domain.Provider, q CallbackParams) (CallbackResult, error) {
	st, err := s.o.Store.TakeOAuthState(ctx, q.State, s.o.Now())
	if errors.Is(err, store.ErrNotFound) || (err == nil && st.Provider != p) {
		return CallbackResult{}, ErrStateInvalid
	}
	if err != nil {
		return CallbackResult{}, fmt.Errorf("oauthflow: callback: %w", err)
	}
	res := CallbackResult{Provider: p, UserID: st.UserID, Status: "success"}
	c, err := s.complete(ctx, p, st, q)
	if err != nil {
		s.o.Logger.WarnContext(ctx, "connect failed", slog.String("provider", string(p)), slog.String("user_id", st.UserID), slog.Any("error", err))
		res.Status, res.Error, res.Err = "error", errorCode(q, err), err
	} else {
		res.Connection = c
	}
	if st.RedirectURI != "" {
		res.RedirectURL = withQuery(st.RedirectURI, res)
	}
	return res, nil
}

// complete exchanges the code, identifies the user and stores the
// connection, then triggers the backfill.
func (s *Service) complete(ctx context.Context, p domain.Provider, st domain.OAuthState, q CallbackParams) (domain.Connection, error) {
	if q.Error != "" {
		return domain.Connection{}, fmt.Errorf("oauthflow: provider returned %q: %s", q.Error, q.ErrorDescription)
	}
	if q.Code == "" {
		return domain.Connection{}, errors.New("oauthflow: callback without code")
	}
	prov, err := s.o.Registry.Configured(p)
	if err != nil {
		return domain.Connection{}, err
	}
	// A person is waiting on this callback: its provider calls go before
	// backfills in the rate budget.
	ctx = provider.WithConnectPriority(ctx)
	tok, err := prov.Exchange(ctx, q.Code, s.CallbackURL(p), st.CodeVerifier)
	if err != nil {
		return domain.Connection{}, err
	}
	id, err := identity(ctx, prov, tok)
	if err != nil {
		return domain.Connection{}, err
	}
	// An account another user holds is refused when it is stored (the
	// store's rule); the tokens just obtained are dropped, not revoked:
	// revoking at the provider would end the holder's healthy grant too.
	want := domain.Connection{UserID: st.UserID, Provider: p, ProviderUserID: id.ProviderUserID,
		ProviderUsername: id.Username, Scope: tok.Scope, Status: domain.ConnectionActive, AccessToken: tok.AccessToken,
		RefreshToken: tok.RefreshToken, TokenExpiresAt: tok.ExpiresAt}
	var c domain.Connection
	if s.o.OnConnectTx != nil {
		err = s.o.Store.InTx(ctx, func(tx store.Tx) error {
			if c, err = tx.UpsertConnection(ctx, want); err != nil {
				return err
			}
			return s.o.OnConnectTx(ctx, tx, c)
		})
	} else {
		c, err = s.o.Store.UpsertConnection(ctx, want)
	}
	if err != nil {
		return domain.Connection{}, fmt.Errorf("oauthflow: store connection: %w", err)
	}
	if s.o.OnConnect != nil {
		if err := s.o.OnConnect(ctx, c); err != nil {
			return c, fmt.Errorf("oauthflow: start backfill: %w", err)
		}
	}
	return c, nil
}

// identity is who the token belongs to: named by the token answer when
// the provider has that capability, else read from the provider.
func identity(ctx context.Context, prov provider.Provider, tok provider.Token) (provider.Identity, error) {
	if ti, ok := prov.(provider.TokenIdentity); ok {
		if id, ok := ti.TokenIdentity(tok); ok {
			return id, nil
		}
	}
	return prov.Identity(ctx, tok.AccessToken)
}

// ErrorAccountLinked is the callback's error code when the provider
// account is already connected to another user.
const ErrorAccountLinked = "account_linked_to_another_user"

// errorCode is the short error name put on the redirect: the provider's
// own error when it sent one, otherwise a wearhouse code.
func errorCode(q CallbackParams, err error) string {
	if q.Error != "" {
		return q.Error
	}
	if _, ok := errors.AsType[*store.DuplicateError](err); ok {
		return ErrorAccountLinked
	}
	return "connect_failed"
}

// withQuery adds the result to the redirect URI, keeping its own query.
func withQuery(uri string, r CallbackResult) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	v := u.Query()
	v.Set("provider", string(r.Provider))
	v.Set("user_id", r.UserID)
	v.Set("status", r.Status)
	if r.Error != "" {
		v.Set("error", r.Error)
	}
	u.RawQuery = v.Encode()
	return u.String()
}
