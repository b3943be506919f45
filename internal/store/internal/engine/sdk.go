package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

const sdkTokenCols = "id, user_id, family_id, kind, prefix, hash, created_at, expires_at, used_at, revoked_at"

func scanSDKToken(r Rows) (domain.SDKToken, error) {
	var k domain.SDKToken
	var kind string
	var created, expires int64
	var used, revoked *int64
	err := r.Scan(&k.ID, &k.UserID, &k.FamilyID, &kind, &k.Prefix, &k.Hash, &created, &expires, &used, &revoked)
	k.Kind = domain.SDKTokenKind(kind)
	k.CreatedAt, k.ExpiresAt = fromMS(created), fromMS(expires)
	k.UsedAt, k.RevokedAt = fromMSPtr(used), fromMSPtr(revoked)
	return k, err
}

// CreateSDKTokens stores tokens (an access and a refresh token of one
// family, usually) and returns them with their ids.
func (t *Tx) CreateSDKTokens(ctx context.Context, ks []domain.SDKToken) ([]domain.SDKToken, error) {
	out := make([]domain.SDKToken, 0, len(ks))
	for _, k := range ks {
		if k.Prefix == "" || len(k.Hash) == 0 || k.UserID == "" || k.FamilyID == "" {
			return nil, fmt.Errorf("store: create sdk token: user, family, prefix and hash are required: %w", store.ErrInvalid)
		}
		k.ID = orNewID(k.ID)
		k.CreatedAt, k.ExpiresAt = MS(k.CreatedAt), MS(k.ExpiresAt)
		k.UsedAt, k.RevokedAt = MSPtr(k.UsedAt), MSPtr(k.RevokedAt)
		_, err := t.db.Exec(ctx, "INSERT INTO sdk_tokens ("+sdkTokenCols+") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
			k.ID, k.UserID, k.FamilyID, string(k.Kind), k.Prefix, k.Hash, ms(k.CreatedAt), ms(k.ExpiresAt), msPtr(k.UsedAt), msPtr(k.RevokedAt))
		if err != nil {
			return nil, fmt.Errorf("store: create sdk token: %w", err)
		}
		out = append(out, k)
	}
	return out, nil
}

// SDKTokenByPrefix finds a token by its public prefix.
func (t *Tx) SDKTokenByPrefix(ctx context.Context, prefix string) (domain.SDKToken, error) {
	k, err := scanOne(ctx, t.db, "SELECT "+sdkTokenCols+" FROM sdk_tokens WHERE prefix = ?1", []any{prefix}, scanSDKToken)
	if err != nil {
		return domain.SDKToken{}, fmt.Errorf("store: sdk token %s: %w", prefix, err)
	}
	return k, nil
}

// UseSDKRefreshToken marks the refresh token id exchanged at at, only if
// it was neither exchanged nor revoked before: of two requests presenting
// the same refresh token, exactly one wins. The loser gets
// store.ErrConflict (a reuse).
func (t *Tx) UseSDKRefreshToken(ctx context.Context, id string, at time.Time) error {
	n, err := t.db.Exec(ctx, "UPDATE sdk_tokens SET used_at = ?1 WHERE id = ?2 AND kind = 'refresh' AND used_at IS NULL AND revoked_at IS NULL",
		ms(MS(at)), id)
	if err != nil {
		return fmt.Errorf("store: use sdk refresh token %s: %w", id, err)
	}
	if n == 0 {
		return fmt.Errorf("store: sdk refresh token %s already used or revoked: %w", id, store.ErrConflict)
	}
	return nil
}

// RevokeSDKTokenFamily revokes every token of a family not revoked yet
// and returns how many it revoked.
func (t *Tx) RevokeSDKTokenFamily(ctx context.Context, familyID string, at time.Time) (int, error) {
	n, err := t.db.Exec(ctx, "UPDATE sdk_tokens SET revoked_at = ?1 WHERE family_id = ?2 AND revoked_at IS NULL", ms(MS(at)), familyID)
	if err != nil {
		return 0, fmt.Errorf("store: revoke sdk token family %s: %w", familyID, err)
	}
	return int(n), nil
}

const invitationCols = "id, user_id, code_hash, created_at, expires_at, redeemed_at, revoked_at"

func scanInvitation(r Rows) (domain.InvitationCode, error) {
	var c domain.InvitationCode
	var created, expires int64
	var redeemed, revoked *int64
	err := r.Scan(&c.ID, &c.UserID, &c.CodeHash, &created, &expires, &redeemed, &revoked)
	c.CreatedAt, c.ExpiresAt = fromMS(created), fromMS(expires)
	c.RedeemedAt, c.RevokedAt = fromMSPtr(redeemed), fromMSPtr(revoked)
	return c, err
}

// CreateInvitationCode revokes the user's earlier codes still open and
// stores c: a user has at most one redeemable code.
func (t *Tx) CreateInvitationCode(ctx context.Context, c domain.InvitationCode) (domain.InvitationCode, error) {
	if len(c.CodeHash) == 0 || c.UserID == "" {
		return domain.InvitationCode{}, fmt.Errorf("store: create invitation code: user and hash are required: %w", store.ErrInvalid)
	}
	ok, err := t.userExists(ctx, c.UserID)
	if err != nil {
		return domain.InvitationCode{}, err
	}
	if !ok {
		return domain.InvitationCode{}, fmt.Errorf("store: user %s: %w", c.UserID, store.ErrNotFound)
	}
	c.ID = orNewID(c.ID)
	c.CreatedAt, c.ExpiresAt = MS(c.CreatedAt), MS(c.ExpiresAt)
	if _, err := t.db.Exec(ctx, "UPDATE sdk_invitation_codes SET revoked_at = ?1 WHERE user_id = ?2 AND redeemed_at IS NULL AND revoked_at IS NULL",
		ms(c.CreatedAt), c.UserID); err != nil {
		return domain.InvitationCode{}, fmt.Errorf("store: revoke earlier invitation codes: %w", err)
	}
	_, err = t.db.Exec(ctx, "INSERT INTO sdk_invitation_codes ("+invitationCols+") VALUES (?1, ?2, ?3, ?4, ?5, NULL, NULL)",
		c.ID, c.UserID, c.CodeHash, ms(c.CreatedAt), ms(c.ExpiresAt))
	if err != nil {
		return domain.InvitationCode{}, fmt.Errorf("store: create invitation code: %w", err)
	}
	return c, nil
}

// RedeemInvitationCode marks the code with this hash redeemed at at and
// returns it; a code unknown, redeemed, revoked or expired at at is
// store.ErrNotFound (one answer for all, so a caller learns nothing).
// Two redemptions of one code race on one conditional UPDATE: one wins.
func (t *Tx) RedeemInvitationCode(ctx context.Context, codeHash []byte, at time.Time) (domain.InvitationCode, error) {
	at = MS(at)
	c, err := scanOne(ctx, t.db, "SELECT "+invitationCols+" FROM sdk_invitation_codes WHERE code_hash = ?1", []any{codeHash}, scanInvitation)
	if err != nil {
		return domain.InvitationCode{}, fmt.Errorf("store: invitation code: %w", err)
	}
	n, err := t.db.Exec(ctx, "UPDATE sdk_invitation_codes SET redeemed_at = ?1 WHERE id = ?2 AND redeemed_at IS NULL AND revoked_at IS NULL AND expires_at > ?1",
		ms(at), c.ID)
	if err != nil {
		return domain.InvitationCode{}, fmt.Errorf("store: redeem invitation code: %w", err)
	}
	if n == 0 {
		return domain.InvitationCode{}, fmt.Errorf("store: invitation code not redeemable: %w", store.ErrNotFound)
	}
	c.RedeemedAt = &at
	return c, nil
}

// CreateSDKTokens implements store.Writer.
func (s *Store) CreateSDKTokens(ctx context.Context, ks []domain.SDKToken) ([]domain.SDKToken, error) {
	return write(s, ctx, func(t *Tx) ([]domain.SDKToken, error) { return t.CreateSDKTokens(ctx, ks) })
}

// UseSDKRefreshToken implements store.Writer.
func (s *Store) UseSDKRefreshToken(ctx context.Context, id string, at time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.UseSDKRefreshToken(ctx, id, at) })
}

// RevokeSDKTokenFamily implements store.Writer.
func (s *Store) RevokeSDKTokenFamily(ctx context.Context, familyID string, at time.Time) (int, error) {
	return write(s, ctx, func(t *Tx) (int, error) { return t.RevokeSDKTokenFamily(ctx, familyID, at) })
}

// CreateInvitationCode implements store.Writer.
func (s *Store) CreateInvitationCode(ctx context.Context, c domain.InvitationCode) (domain.InvitationCode, error) {
	return write(s, ctx, func(t *Tx) (domain.InvitationCode, error) { return t.CreateInvitationCode(ctx, c) })
}

// RedeemInvitationCode implements store.Writer.
func (s *Store) RedeemInvitationCode(ctx context.Context, codeHash []byte, at time.Time) (domain.InvitationCode, error) {
	return write(s, ctx, func(t *Tx) (domain.InvitationCode, error) { return t.RedeemInvitationCode(ctx, codeHash, at) })
}
