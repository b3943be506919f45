package domain

import "time"

// User is a person whose wearables are connected to wearhouse. Every
// connection, data source and record hangs off a user.
type User struct {
	ID             string
	CreatedAt      time.Time
	UpdatedAt      time.Time
	FirstName      *string
	LastName       *string
	Email          *string
	ExternalUserID *string
	// LastSyncedAt and LastSyncedProvider are derived from the user's
	// connections when read; they are not written through CreateUser.
	LastSyncedAt        *time.Time
	LastSyncedProvider  *string
	HasActiveConnection bool
	// Connections summarizes the user's connections, read with the
	// fields above (nil when there are none), by provider name.
	Connections []UserConnectionSummary
}

// UserConnectionSummary is one connection of a user as a user read shows
// it (Open Wearables' include=connections).
type UserConnectionSummary struct {
	Provider     Provider
	Status       ConnectionStatus
	LastSyncedAt *time.Time
}

// APIKey authorizes calls to the REST API. Only a SHA-256 hash of the
// secret is stored; Prefix is the short public part used to find the row
// and to show the key in listings.
type APIKey struct {
	ID         string
	Name       string
	Prefix     string
	Hash       []byte
	CreatedAt  time.Time
	LastUsedAt *time.Time
	RevokedAt  *time.Time
}

// ActiveAt reports whether the key may be used at now. RevokedAt may lie
// in the future: a rotated key keeps working until its grace period ends.
func (k APIKey) ActiveAt(now time.Time) bool { return k.RevokedAt == nil || now.Before(*k.RevokedAt) }
