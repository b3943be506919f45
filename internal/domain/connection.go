package domain

import "time"

// Provider names a wearable data provider. The values are the lowercase
// names Open Wearables uses on the wire.
type Provider string

// Providers wearhouse connects to.
const (
	ProviderWHOOP    Provider = "whoop"
	ProviderOura     Provider = "oura"
	ProviderWithings Provider = "withings"
)

// ConnectionStatus is the lifecycle state of a provider connection.
type ConnectionStatus string

// Connection states. A revoked connection keeps its data but is never
// synced again until the user reconnects.
const (
	ConnectionActive  ConnectionStatus = "active"
	ConnectionRevoked ConnectionStatus = "revoked"
)

// Connection links a user to one provider account. Tokens are plaintext in
// memory only; every store encrypts them at rest.
type Connection struct {
	ID               string
	UserID           string
	Provider         Provider
	ProviderUserID   string
	ProviderUsername *string
	Scope            string
	Status           ConnectionStatus
	StatusReason     string
	AccessToken      string
	RefreshToken     string
	TokenExpiresAt   time.Time
	// TokenVersion increases with every token write; a refresh only
	// persists when the version it read is still current, which makes
	// refreshes single-flight across workers and replicas.
	TokenVersion int64
	LastSyncedAt *time.Time
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// DeviceType classifies the device that produced data; it drives the
// device-type priority used for deduplication.
type DeviceType string

// Device types, as Open Wearables names them.
const (
	DeviceWatch   DeviceType = "watch"
	DeviceBand    DeviceType = "band"
	DeviceRing    DeviceType = "ring"
	DevicePhone   DeviceType = "phone"
	DeviceScale   DeviceType = "scale"
	DeviceOther   DeviceType = "other"
	DeviceUnknown DeviceType = "unknown"
)

// DataSource is the "who wrote it" dimension: a provider plus, where known,
// the device and app. Every record and sample belongs to one.
type DataSource struct {
	ID                 string
	UserID             string
	Provider           Provider
	ConnectionID       *string
	DeviceModel        *string
	SoftwareVersion    *string
	Source             *string
	DeviceType         *DeviceType
	OriginalSourceName *string
	CreatedAt          time.Time
}

// OAuthState is the server-side half of an authorization request. It is
// single-use: the callback takes it and it is gone.
type OAuthState struct {
	State        string
	UserID       string
	Provider     Provider
	RedirectURI  string
	CodeVerifier string
	ExpiresAt    time.Time
	CreatedAt    time.Time
}
