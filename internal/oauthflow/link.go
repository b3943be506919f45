package oauthflow

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"strings"
	"time"
)

// linkClaims is the payload of a connect link: the user it may connect
// and when it stops working.
type linkClaims struct {
	UserID  string `json:"u"`
	Expires int64  `json:"e"`
}

// MintConnectLink returns a token that lets its bearer start a connect
// flow for userID (any provider) until it expires. It is
// base64url(claims) "." base64url(HMAC-SHA256(claims)).
func (s *Service) MintConnectLink(userID string, ttl time.Duration) (string, time.Time) {
	exp := s.o.Now().Add(ttl).Truncate(time.Second)
	payload, _ := json.Marshal(linkClaims{UserID: userID, Expires: exp.Unix()})
	p := base64.RawURLEncoding.EncodeToString(payload)
	return p + "." + base64.RawURLEncoding.EncodeToString(s.sign(p)), exp
}

// VerifyConnectLink checks a connect link for userID: signature (constant
// time), user and expiry.
func (s *Service) VerifyConnectLink(token, userID string) error {
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
	if json.Unmarshal(raw, &c) != nil || c.UserID != userID || !s.o.Now().Before(time.Unix(c.Expires, 0)) {
		return ErrLinkInvalid
	}
	return nil
}

func (s *Service) sign(payload string) []byte {
	m := hmac.New(sha256.New, s.o.LinkKey)
	m.Write([]byte("connect-link\x00"))
	m.Write([]byte(payload))
	return m.Sum(nil)
}
