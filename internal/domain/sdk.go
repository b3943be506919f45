package domain

import "time"

// SDKTokenKind separates the two halves of a mobile SDK's credentials.
type SDKTokenKind string

// SDK token kinds.
const (
	// SDKAccess is a short-lived bearer token for the /sdk routes of one
	// user.
	SDKAccess SDKTokenKind = "access"
	// SDKRefresh is exchanged (once) for a new access and refresh token.
	SDKRefresh SDKTokenKind = "refresh"
)

// SDKToken is a credential of the mobile SDK, scoped to one user. Like an
// API key only its SHA-256 is stored, found by Prefix. Every token minted
// from one grant (a token request or an invitation code) shares a
// FamilyID, so a refresh token presented twice — a stolen copy racing
// the app — revokes the whole family at once.
type SDKToken struct {
	ID        string
	UserID    string
	FamilyID  string
	Kind      SDKTokenKind
	Prefix    string
	Hash      []byte
	CreatedAt time.Time
	ExpiresAt time.Time
	// UsedAt is when a refresh token was exchanged; a second exchange is
	// a reuse.
	UsedAt    *time.Time
	RevokedAt *time.Time
}

// ActiveAt reports whether the token may be used at now.
func (t SDKToken) ActiveAt(now time.Time) bool {
	return t.RevokedAt == nil && now.Before(t.ExpiresAt)
}

// InvitationCode lets a mobile app with no backend of its own obtain SDK
// tokens for one user, once, before it expires. Only the code's SHA-256
// is stored.
type InvitationCode struct {
	ID         string
	UserID     string
	CodeHash   []byte
	CreatedAt  time.Time
	ExpiresAt  time.Time
	RedeemedAt *time.Time
	RevokedAt  *time.Time
}
