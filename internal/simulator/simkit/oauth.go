package simkit

import (
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"
)

// OAuth errors. Simulators map them to their provider's error responses
// (for example RFC 6749 "invalid_grant").
var (
	ErrInvalidGrant  = errors.New("simkit: invalid or used grant")
	ErrInvalidClient = errors.New("simkit: client mismatch")
	ErrTokenExpired  = errors.New("simkit: access token expired")
	ErrTokenInvalid  = errors.New("simkit: access token unknown or revoked")
)

// Grant is what a user approved on the authorize page.
type Grant struct {
	ClientID string
	// Subject identifies the user in the provider's terms (a user id).
	Subject     string
	Scopes      []string
	RedirectURI string
	// Refreshable says whether tokens come with a refresh token (WHOOP
	// only issues one with the "offline" scope).
	Refreshable bool
}

// Token is an issued access token and, if the grant is refreshable, its
// refresh token.
type Token struct {
	Grant
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	IssuedAt     time.Time
}

// ExpiresIn is the lifetime in whole seconds the token response reports.
func (t Token) ExpiresIn() int { return int(t.ExpiresAt.Sub(t.IssuedAt) / time.Second) }

// HasScope reports whether the token was granted scope s.
func (t Token) HasScope(s string) bool { return slices.Contains(t.Scopes, s) }

// OAuthConfig configures an OAuthStore.
type OAuthConfig struct {
	Clock Clock
	// AccessTTL is the access-token lifetime (WHOOP 1 h, Withings 3 h).
	AccessTTL time.Duration
	// CodeTTL is how long an authorization code can be exchanged
	// (default 10 minutes).
	CodeTTL time.Duration
}

// OAuthStore issues and checks authorization codes and tokens. Refresh
// tokens rotate: using one returns a new pair and the old refresh token
// stops working at once, as WHOOP, Oura and Withings do.
type OAuthStore struct {
	cfg     OAuthConfig
	mu      sync.Mutex
	codes   map[string]code
	access  map[string]*Token
	refresh map[string]*Token
}

type code struct {
	grant   Grant
	expires time.Time
}

// NewOAuthStore returns an empty store.
func NewOAuthStore(cfg OAuthConfig) *OAuthStore {
	if cfg.Clock == nil {
		cfg.Clock = RealClock{}
	}
	if cfg.AccessTTL <= 0 {
		cfg.AccessTTL = time.Hour
	}
	if cfg.CodeTTL <= 0 {
		cfg.CodeTTL = 10 * time.Minute
	}
	return &OAuthStore{cfg: cfg, codes: map[string]code{}, access: map[string]*Token{}, refresh: map[string]*Token{}}
}

// randomToken returns 32 random bytes, base64url-encoded.
func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return base64.RawURLEncoding.EncodeToString(b)
}

// IssueCode stores a grant and returns a single-use authorization code.
func (s *OAuthStore) IssueCode(g Grant) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := randomToken()
	s.codes[c] = code{grant: g, expires: s.cfg.Clock.Now().Add(s.cfg.CodeTTL)}
	return c
}

// ExchangeCode trades a code for tokens. The code is consumed even when
// the exchange fails, like real servers do, so a replay always fails.
func (s *OAuthStore) ExchangeCode(clientID, c, redirectURI string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	entry, ok := s.codes[c]
	delete(s.codes, c)
	switch {
	case !ok || s.cfg.Clock.Now().After(entry.expires):
		return Token{}, fmt.Errorf("exchange code: %w", ErrInvalidGrant)
	case entry.grant.ClientID != clientID:
		return Token{}, fmt.Errorf("exchange code: %w", ErrInvalidClient)
	case redirectURI != "" && entry.grant.RedirectURI != redirectURI:
		return Token{}, fmt.Errorf("exchange code: redirect_uri mismatch: %w", ErrInvalidGrant)
	}
	return s.issue(entry.grant), nil
}

// Refresh rotates a refresh token: it returns a new pair and invalidates
// the old refresh token. Earlier access tokens stay valid until they
// expire.
func (s *OAuthStore) Refresh(clientID, refreshToken string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	old, ok := s.refresh[refreshToken]
	if !ok {
		return Token{}, fmt.Errorf("refresh: %w", ErrInvalidGrant)
	}
	if old.ClientID != clientID {
		return Token{}, fmt.Errorf("refresh: %w", ErrInvalidClient)
	}
	delete(s.refresh, refreshToken)
	return s.issue(old.Grant), nil
}

// issue creates a token pair; s.mu must be held.
func (s *OAuthStore) issue(g Grant) Token {
	now := s.cfg.Clock.Now()
	t := &Token{Grant: g, AccessToken: randomToken(), IssuedAt: now, ExpiresAt: now.Add(s.cfg.AccessTTL)}
	if g.Refreshable {
		t.RefreshToken = randomToken()
		s.refresh[t.RefreshToken] = t
	}
	s.access[t.AccessToken] = t
	return *t
}

// Authenticate checks an access token.
func (s *OAuthStore) Authenticate(accessToken string) (Token, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, ok := s.access[accessToken]
	if !ok {
		return Token{}, ErrTokenInvalid
	}
	if !s.cfg.Clock.Now().Before(t.ExpiresAt) {
		return Token{}, ErrTokenExpired
	}
	return *t, nil
}

// RevokeSubject revokes every access and refresh token a client holds for
// a user (WHOOP's DELETE /v2/user/access, a user disconnecting the app).
func (s *OAuthStore) RevokeSubject(clientID, subject string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, m := range []map[string]*Token{s.access, s.refresh} {
		for k, t := range m {
			if t.ClientID == clientID && t.Subject == subject {
				delete(m, k)
			}
		}
	}
}

// RevokeAll revokes every token (the admin "revoke" switch).
func (s *OAuthStore) RevokeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.access, s.refresh = map[string]*Token{}, map[string]*Token{}
}

// ExpireAll makes every current access token expired without touching
// refresh tokens, so a client must refresh.
func (s *OAuthStore) ExpireAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.cfg.Clock.Now()
	for _, t := range s.access {
		t.ExpiresAt = now
	}
}
