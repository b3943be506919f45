package oauthflow

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// linkVersion marks links that carry their provider and redirect URI.
// Links without it (minted before they were bound) are refused rather
// than honoured for any provider and redirect until they expire.
const linkVersion = 2

// LinkScope is what a connect link lets its bearer do: connect UserID to
// Provider (any provider when empty) and be sent back to exactly
// RedirectURI (nowhere when empty).
type LinkScope struct {
	UserID      string
	Provider    domain.Provider
	RedirectURI string
}

// linkClaims is the payload of a connect link. The redirect URI is held
// as its SHA-256, which keeps tokens short and the URI out of them.
type linkClaims struct {
	Version  int    `json:"v"`
	UserID   string `json:"u"`
	Provider string `json:"p,omitempty"`
	Redirect string `json:"r"`
	Expires  int64  `json:"e"`
}

// MintConnectLink returns a token that lets its bearer start a connect
// flow within scope until it expires. It is base64url(claims) "."
// base64url(HMAC-SHA256(claims)).
func (s *Service) MintConnectLink(scope LinkScope, ttl time.Duration) (string, time.Time) {
	exp := s.o.Now().Add(ttl).Truncate(time.Second)
	payload, _ := json.Marshal(linkClaims{Version: linkVersion, UserID: scope.UserID, Provider: string(scope.Provider),
		Redirect: redirectHash(scope.RedirectURI), Expires: exp.Unix()})
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.sign(p)), exp
}

// VerifyConnectLink checks a connect link against the flow it is used to
// start: signature (constant time), version, user and expiry
// (ErrLinkInvalid, ErrLinkOutdated), then the provider (ErrLinkProvider)
// and the redirect URI (ErrLinkRedirect).
func (s *Service) VerifyConnectLink(token string, want LinkScope) error {
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return ErrLinkInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.sign(p)) {
		return ErrLinkInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return ErrLinkInvalid
	}
	var c linkClaims
	if json.Unmarshal(raw, &c) != nil || c.UserID != want.UserID || !s.o.Now().Before(time.Unix(c.Expires, 0)) {
		return ErrLinkInvalid
	}
	switch {
	case c.Version != linkVersion:
		return ErrLinkOutdated
	case c.Provider != "" && c.Provider != string(want.Provider):
		return ErrLinkProvider
	case !hmac.Equal([]byte(c.Redirect), []byte(redirectHash(want.RedirectURI))):
		return ErrLinkRedirect
	}
	return nil
}

func (s *Service) sign(payload string) []byte {
	m := hmac.New(sha256.New, s.o.LinkKey)
	m.Write([]byte("connect-link\x00"))
	m.Write([]byte(payload))
	return m.Sum(nil)
}

// redirectHash is the claim a redirect URI is bound by.
func redirectHash(uri string) string {
	h := sha256.Sum256([]byte(uri))
	return base64.RawURLEncoding.EncodeToString(h[:])
}

// LinkInfo is what a genuine, current connect link says about itself.
type LinkInfo struct {
	UserID string
	// Provider is the one provider the link allows; empty allows any.
	Provider domain.Provider
	Expires  time.Time
}

// InspectConnectLink checks a link's signature (constant time), version
// and expiry and returns what it was minted for, so a hosted page can
// offer the flows VerifyConnectLink will accept. It authorizes nothing
// by itself: starting a flow still calls VerifyConnectLink.
func (s *Service) InspectConnectLink(token string) (LinkInfo, error) {
	p, sig, ok := strings.Cut(token, ".")
	if !ok {
		return LinkInfo{}, ErrLinkInvalid
	}
	got, err := base64.RawURLEncoding.DecodeString(sig)
	if err != nil || !hmac.Equal(got, s.sign(p)) {
		return LinkInfo{}, ErrLinkInvalid
	}
	raw, err := base64.RawURLEncoding.DecodeString(p)
	if err != nil {
		return LinkInfo{}, ErrLinkInvalid
	}
	var c linkClaims
	if json.Unmarshal(raw, &c) != nil || !s.o.Now().Before(time.Unix(c.Expires, 0)) {
		return LinkInfo{}, ErrLinkInvalid
	}
	if c.Version != linkVersion {
		return LinkInfo{}, ErrLinkOutdated
	}
	return LinkInfo{UserID: c.UserID, Provider: domain.Provider(c.Provider), Expires: time.Unix(c.Expires, 0).UTC()}, nil
}
