package sdk

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Token prefixes: an access token is never mistaken for a refresh token
// or an API key (wh_…), and secret scanners can recognise all three.
const (
	accessPrefix  = "wsa_"
	refreshPrefix = "wsr_"
	lookupLen     = 8
	secretLen     = 40
	alphabet      = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
)

// Sentinel errors.
var (
	// ErrInvalidToken is a token malformed, unknown, expired or revoked;
	// it deliberately does not say which.
	ErrInvalidToken = errors.New("sdk: invalid, expired or revoked token")
	// ErrTokenReused is a refresh token presented after it was exchanged:
	// its whole family has just been revoked.
	ErrTokenReused = errors.New("sdk: refresh token already used; every token of its grant is revoked")
	// ErrRateLimited is an invitation-code redemption over the limit.
	ErrRateLimited = errors.New("sdk: too many invitation code attempts")
	// ErrInvalidCode is an invitation code unknown, redeemed, replaced
	// or expired.
	ErrInvalidCode = errors.New("sdk: invalid or expired invitation code")
)

// Options configures the Service.
type Options struct {
	Store store.Store
	// Now is the clock (time.Now by default).
	Now func() time.Time
	// AccessTTL is an access token's life (default 1 hour, as Open
	// Wearables); RefreshTTL a refresh token's (default 90 days);
	// CodeTTL an invitation code's (default 7 days).
	AccessTTL, RefreshTTL, CodeTTL time.Duration
	// RedeemPerClient and RedeemGlobal cap invitation-code redemption
	// attempts per minute, per client address and for the process
	// (defaults 5 and 60).
	RedeemPerClient, RedeemGlobal int
}

// Service mints, verifies, rotates and revokes SDK credentials.
type Service struct {
	st                             store.Store
	now                            func() time.Time
	accessTTL, refreshTTL, codeTTL time.Duration
	redeem                         *limiter
}

// New builds the service.
func New(o Options) *Service {
	s := &Service{st: o.Store, now: o.Now, accessTTL: o.AccessTTL, refreshTTL: o.RefreshTTL, codeTTL: o.CodeTTL}
	if s.now == nil {
		s.now = time.Now
	}
	if s.accessTTL <= 0 {
		s.accessTTL = time.Hour
	}
	if s.refreshTTL <= 0 {
		s.refreshTTL = 90 * 24 * time.Hour
	}
	if s.codeTTL <= 0 {
		s.codeTTL = 7 * 24 * time.Hour
	}
	s.redeem = newLimiter(orInt(o.RedeemPerClient, 5), orInt(o.RedeemGlobal, 60))
	return s
}

func orInt(v, d int) int {
	if v > 0 {
		return v
	}
	return d
}

// Tokens is a grant's answer: the secrets, shown once.
type Tokens struct {
	UserID       string
	AccessToken  string
	RefreshToken string
	// ExpiresIn is the access token's life in seconds.
	ExpiresIn int
}

// Issue mints an access and a refresh token for a user that exists
// (store.ErrNotFound otherwise), starting a new family.
func (s *Service) Issue(ctx context.Context, userID string) (Tokens, error) {
	if _, err := s.st.User(ctx, userID); err != nil {
		return Tokens{}, fmt.Errorf("sdk: user %s: %w", userID, err)
	}
	return s.mint(ctx, userID, uuid.NewString())
}

// mint stores a new access and refresh token of family.
func (s *Service) mint(ctx context.Context, userID, family string) (Tokens, error) {
	now := s.now()
	access, a := generate(accessPrefix)
	refresh, r := generate(refreshPrefix)
	a.UserID, a.FamilyID, a.Kind, a.CreatedAt, a.ExpiresAt = userID, family, domain.SDKAccess, now, now.Add(s.accessTTL)
	r.UserID, r.FamilyID, r.Kind, r.CreatedAt, r.ExpiresAt = userID, family, domain.SDKRefresh, now, now.Add(s.refreshTTL)
	if _, err := s.st.CreateSDKTokens(ctx, []domain.SDKToken{a, r}); err != nil {
		return Tokens{}, fmt.Errorf("sdk: store tokens: %w", err)
	}
	return Tokens{UserID: userID, AccessToken: access, RefreshToken: refresh, ExpiresIn: int(s.accessTTL / time.Second)}, nil
}

// IsAccessToken reports whether s has an access token's form, so the
// API can tell it from an API key before looking anything up.
func IsAccessToken(s string) bool { return strings.HasPrefix(s, accessPrefix) }

// Verify checks an access token and returns it (ErrInvalidToken).
func (s *Service) Verify(ctx context.Context, presented string) (domain.SDKToken, error) {
	return s.lookup(ctx, presented, accessPrefix)
}

// Refresh exchanges a refresh token for a new pair of the same family.
// The old refresh token is used up; presenting it again (a copy in
// someone else's hands, or a client that lost the answer) revokes the
// family — access tokens included — and is ErrTokenReused.
func (s *Service) Refresh(ctx context.Context, presented string) (Tokens, error) {
	k, err := s.lookupAny(ctx, presented, refreshPrefix)
	if err != nil {
		return Tokens{}, err
	}
	now := s.now()
	if k.UsedAt != nil {
		if _, err := s.st.RevokeSDKTokenFamily(ctx, k.FamilyID, now); err != nil {
			return Tokens{}, fmt.Errorf("sdk: revoke reused family: %w", err)
		}
		return Tokens{}, ErrTokenReused
	}
	if !k.ActiveAt(now) {
		return Tokens{}, ErrInvalidToken
	}
	if err := s.st.UseSDKRefreshToken(ctx, k.ID, now); errors.Is(err, store.ErrConflict) {
		// Another request exchanged it a moment ago: a reuse all the same.
		if _, err := s.st.RevokeSDKTokenFamily(ctx, k.FamilyID, now); err != nil {
			return Tokens{}, fmt.Errorf("sdk: revoke reused family: %w", err)
		}
		return Tokens{}, ErrTokenReused
	} else if err != nil {
		return Tokens{}, fmt.Errorf("sdk: use refresh token: %w", err)
	}
	return s.mint(ctx, k.UserID, k.FamilyID)
}

// Revoke revokes the family of a refresh token (logging out): the app's
// access token stops working too. An unknown token is ErrInvalidToken;
// revoking twice is fine.
func (s *Service) Revoke(ctx context.Context, presented string) error {
	k, err := s.lookupAny(ctx, presented, refreshPrefix)
	if err != nil {
		return err
	}
	if _, err := s.st.RevokeSDKTokenFamily(ctx, k.FamilyID, s.now()); err != nil {
		return fmt.Errorf("sdk: revoke: %w", err)
	}
	return nil
}

// lookup finds an active token of the kind prefix names.
func (s *Service) lookup(ctx context.Context, presented, prefix string) (domain.SDKToken, error) {
	k, err := s.lookupAny(ctx, presented, prefix)
	if err != nil {
		return domain.SDKToken{}, err
	}
	if !k.ActiveAt(s.now()) {
		return domain.SDKToken{}, ErrInvalidToken
	}
	return k, nil
}

// lookupAny finds a token by prefix and compares its hash in constant
// time, whatever its state.
func (s *Service) lookupAny(ctx context.Context, presented, prefix string) (domain.SDKToken, error) {
	if !strings.HasPrefix(presented, prefix) || len(presented) != len(prefix)+secretLen {
		return domain.SDKToken{}, ErrInvalidToken
	}
	k, err := s.st.SDKTokenByPrefix(ctx, presented[:len(prefix)+lookupLen])
	if errors.Is(err, store.ErrNotFound) {
		return domain.SDKToken{}, ErrInvalidToken
	}
	if err != nil {
		return domain.SDKToken{}, fmt.Errorf("sdk: token lookup: %w", err)
	}
	sum := sha256.Sum256([]byte(presented))
	if subtle.ConstantTimeCompare(sum[:], k.Hash) != 1 {
		return domain.SDKToken{}, ErrInvalidToken
	}
	return k, nil
}

// generate returns a random token and its storable form.
func generate(prefix string) (string, domain.SDKToken) {
	tok := prefix + randomString(alphabet, secretLen)
	sum := sha256.Sum256([]byte(tok))
	return tok, domain.SDKToken{Prefix: tok[:len(prefix)+lookupLen], Hash: sum[:]}
}

// randomString draws n characters of alphabet without modulo bias.
func randomString(alphabet string, n int) string {
	out := make([]byte, 0, n)
	buf := make([]byte, 2*n)
	limit := 256 - 256%len(alphabet)
	for len(out) < n {
		_, _ = rand.Read(buf)
		for _, b := range buf {
			if int(b) < limit && len(out) < n {
				out = append(out, alphabet[int(b)%len(alphabet)])
			}
		}
	}
	return string(out)
}
