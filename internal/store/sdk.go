package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// SDKReader reads the mobile SDK's credentials.
type SDKReader interface {
	// SDKTokenByPrefix finds a token by its public prefix (ErrNotFound).
	SDKTokenByPrefix(ctx context.Context, prefix string) (domain.SDKToken, error)
}

// SDKWriter writes the mobile SDK's credentials.
type SDKWriter interface {
	// CreateSDKTokens stores the tokens of one grant.
	CreateSDKTokens(ctx context.Context, ks []domain.SDKToken) ([]domain.SDKToken, error)
	// UseSDKRefreshToken marks a refresh token exchanged at at; one not
	// usable any more (exchanged or revoked before) is ErrConflict, and
	// of two concurrent exchanges exactly one succeeds.
	UseSDKRefreshToken(ctx context.Context, id string, at time.Time) error
	// RevokeSDKTokenFamily revokes every live token of a family and
	// returns how many.
	RevokeSDKTokenFamily(ctx context.Context, familyID string, at time.Time) (int, error)
	// CreateInvitationCode stores a code, revoking the user's earlier
	// codes not redeemed yet (ErrNotFound for an unknown user).
	CreateInvitationCode(ctx context.Context, c domain.InvitationCode) (domain.InvitationCode, error)
	// RedeemInvitationCode marks the code with this hash redeemed and
	// returns it; unknown, redeemed, revoked or expired is ErrNotFound.
	RedeemInvitationCode(ctx context.Context, codeHash []byte, at time.Time) (domain.InvitationCode, error)
}
