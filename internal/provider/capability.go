package provider

import (
	"context"
	"net/url"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Optional capabilities. A provider implements the ones it has; the
// server and the connect flow discover them with a type assertion on the
// interface, never on a provider's concrete type, so adding a provider
// with one of them needs no change outside its package.

// ConnectHook is work at the provider when a user connects, beyond the
// backfill (Withings subscribes the user to notifications).
type ConnectHook interface {
	OnConnect(ctx context.Context, c domain.Connection) error
}

// Upkeep is periodic work a process does for a provider, independent of
// syncs. Run is a plain function so it can run in a loop or as a
// scheduled job; it must be idempotent (replicas may run it too).
type Upkeep struct {
	// Name identifies the upkeep in logs and job schedules
	// ("oura-webhook-subscriptions").
	Name string
	// Interval is the time between runs; zero means run once at start,
	// retried with backoff until it succeeds.
	Interval time.Duration
	Run      func(ctx context.Context) error
}

// AppUpkeeper keeps app-level state at the provider (Oura's webhook
// subscriptions, which belong to the application, not to a user).
type AppUpkeeper interface {
	// AppUpkeep returns the upkeep; false when this process is not
	// configured for it.
	AppUpkeep() (Upkeep, bool)
}

// ConnectionUpkeep is per-connection periodic work that needs the
// connection's access token (Withings' notification repair). The caller
// runs it for every active connection of the provider, with a fresh
// token and once more after a refresh when the provider answers 401.
type ConnectionUpkeep struct {
	Name     string
	Interval time.Duration
	// Run does the work for c (whose AccessToken is valid). A rate limit
	// or a refused token is returned as error; per-item failures that the
	// next run retries are reported in the result.
	Run func(ctx context.Context, c domain.Connection) (UpkeepResult, error)
}

// UpkeepResult is what one connection's upkeep did.
type UpkeepResult struct {
	// Changed is true when something was repaired.
	Changed bool
	// Incomplete is true when part of the work failed and waits for the
	// next run.
	Incomplete bool
	// Detail is logged as is.
	Detail any
}

// ConnectionUpkeeper is a provider with per-connection upkeep.
type ConnectionUpkeeper interface {
	// ConnectionUpkeep returns the upkeep; false when this process is not
	// configured for it.
	ConnectionUpkeep() (ConnectionUpkeep, bool)
}

// PersonalTokens is a provider that can sync its owner's own account
// through a personal access token instead of an OAuth app (Oura).
type PersonalTokens interface {
	// HasPersonalToken reports whether a personal token is configured.
	HasPersonalToken() bool
	// PersonalAccount returns the token as a connection stores it (no
	// refresh token) and its owner's identity. No token configured is
	// ErrNotConfigured; a refused one is ErrUnauthorized.
	PersonalAccount(ctx context.Context) (Token, Identity, error)
}

// TokenIdentity is a provider whose token answer names the user
// (Withings' userid), so the connect flow needs no identity call.
type TokenIdentity interface {
	TokenIdentity(t Token) (Identity, bool)
}

// WebhookChallenger answers the provider's webhook verification GET
// (Oura echoes a challenge when it verifies a subscription's callback).
type WebhookChallenger interface {
	AnswerChallenge(q url.Values) (status int, body []byte)
}

// SubscriptionReporter reports the state of app-level webhook
// subscriptions for the API.
type SubscriptionReporter interface {
	SubscriptionsReport() SubscriptionsReport
}

// SubscriptionsReport is what the last check of app-level webhook
// subscriptions found and did.
type SubscriptionsReport struct {
	// Missing names the settings subscriptions lack; empty when
	// configured.
	Missing     []string
	CallbackURL string
	// CheckedAt is zero before the first check.
	CheckedAt     time.Time
	Error         string
	Subscriptions []SubscriptionReport
	// Removed are the duplicate subscriptions the check deleted.
	Removed []string
}

// SubscriptionReport is one subscription of a check.
type SubscriptionReport struct {
	DataType, EventType string
	ID                  string
	ExpiresAt           time.Time
	// Action is "kept", "renewed", "created" or "failed".
	Action string
	Error  string
}
