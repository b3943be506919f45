package domain

import "time"

// AdminRole is what an operator of the console may do.
type AdminRole string

// Admin roles: an admin changes things, a viewer only reads.
const (
	AdminRoleAdmin    AdminRole = "admin"
	AdminRoleReadOnly AdminRole = "readonly"
)

// Valid reports whether r is a known role.
func (r AdminRole) Valid() bool { return r == AdminRoleAdmin || r == AdminRoleReadOnly }

// Admin is an operator account of the console. PasswordHash is a
// self-describing argon2id hash (the password itself is never stored).
type Admin struct {
	ID           string
	Username     string
	PasswordHash string
	Role         AdminRole
	// FailedLogins counts wrong passwords since the last good one;
	// LockedUntil, when in the future, refuses every sign-in.
	FailedLogins int
	LockedUntil  *time.Time
	LastLoginAt  *time.Time
	CreatedAt    time.Time
}

// LockedAt reports whether the account refuses sign-ins at now.
func (a Admin) LockedAt(now time.Time) bool {
	return a.LockedUntil != nil && now.Before(*a.LockedUntil)
}

// AdminSession is a signed-in browser. Only the SHA-256 of its cookie
// token is stored; CSRF is the token every form and unsafe API call of
// the session must carry.
type AdminSession struct {
	TokenHash []byte
	AdminID   string
	CSRF      string
	CreatedAt time.Time
	ExpiresAt time.Time
}
