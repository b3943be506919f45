package sdk

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"regexp"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// codeAlphabet is Open Wearables' invitation-code alphabet: capitals and
// digits without the look-alikes I, O, 0 and 1. Eight characters are 40
// bits, which only rate-limited redemption makes safe to expose.
const codeAlphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

const codeLen = 8

var codePattern = regexp.MustCompile(`^[A-Z2-9]{8}$`)

// Invitation is a newly created code: the code itself is in this value
// only; the store keeps its hash.
type Invitation struct {
	domain.InvitationCode
	Code string
}

// NewInvitationCode creates a single-use code for a user, replacing the
// user's earlier codes not redeemed yet.
func (s *Service) NewInvitationCode(ctx context.Context, userID string) (Invitation, error) {
	code := randomString(codeAlphabet, codeLen)
	now := s.now()
	c, err := s.st.CreateInvitationCode(ctx, domain.InvitationCode{UserID: userID, CodeHash: codeHash(code),
		CreatedAt: now, ExpiresAt: now.Add(s.codeTTL)})
	if err != nil {
		return Invitation{}, fmt.Errorf("sdk: invitation code: %w", err)
	}
	return Invitation{InvitationCode: c, Code: code}, nil
}

// Redeem exchanges a code for a new token family of its user. client
// names the caller (its address) for the rate limit, which applies
// before the code is even looked at: ErrRateLimited, then ErrInvalidCode
// for a code that cannot be redeemed.
func (s *Service) Redeem(ctx context.Context, code, client string) (Tokens, error) {
	if !s.redeem.allow(client, s.now()) {
		return Tokens{}, ErrRateLimited
	}
	if !codePattern.MatchString(code) {
		return Tokens{}, ErrInvalidCode
	}
	c, err := s.st.RedeemInvitationCode(ctx, codeHash(code), s.now())
	if errors.Is(err, store.ErrNotFound) {
		return Tokens{}, ErrInvalidCode
	}
	if err != nil {
		return Tokens{}, fmt.Errorf("sdk: redeem: %w", err)
	}
	return s.Issue(ctx, c.UserID)
}

func codeHash(code string) []byte {
	sum := sha256.Sum256([]byte(code))
	return sum[:]
}
