package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// WebhookReader reads outgoing-webhook endpoints, messages and attempts.
type WebhookReader interface {
	WebhookEndpoint(ctx context.Context, id string) (domain.WebhookEndpoint, error)
	// ListWebhookEndpoints lists every endpoint, oldest first.
	ListWebhookEndpoints(ctx context.Context) ([]domain.WebhookEndpoint, error)
	WebhookMessage(ctx context.Context, id string) (domain.WebhookMessage, error)
	// ListWebhookMessages pages messages newest first.
	ListWebhookMessages(ctx context.Context, q WebhookMessageQuery) ([]domain.WebhookMessage, error)
	// ListWebhookAttempts pages attempts newest first.
	ListWebhookAttempts(ctx context.Context, q WebhookAttemptQuery) ([]domain.WebhookAttempt, error)
	// DueWebhookMessages returns up to limit pending messages of an
	// endpoint due at now, only the first pending message of each lane, so
	// a user's messages go out one after another in change order.
	DueWebhookMessages(ctx context.Context, endpointID string, now time.Time, limit int) ([]domain.WebhookMessage, error)
	// NextWebhookAttempt is when the endpoint's next pending message is
	// due (nil when none is pending).
	NextWebhookAttempt(ctx context.Context, endpointID string) (*time.Time, error)
	// WebhookWork lists the enabled endpoints with work at now: changes
	// past their cursor, or a message due by the time SetWebhookNextDue
	// recorded.
	WebhookWork(ctx context.Context, now time.Time) ([]string, error)
}

// WebhookWriter writes outgoing-webhook state.
type WebhookWriter interface {
	// CreateWebhookEndpoint stores a new endpoint whose cursor starts at
	// the newest change: it receives what happens from now on.
	CreateWebhookEndpoint(ctx context.Context, e domain.WebhookEndpoint) (domain.WebhookEndpoint, error)
	UpdateWebhookEndpoint(ctx context.Context, id string, p WebhookEndpointPatch) (domain.WebhookEndpoint, error)
	// RotateWebhookSecret makes next the endpoint's secret; the old one
	// keeps signing until previousUntil.
	RotateWebhookSecret(ctx context.Context, id string, next []byte, previousUntil time.Time) (domain.WebhookEndpoint, error)
	DeleteWebhookEndpoint(ctx context.Context, id string) error
	// EnqueueWebhookMessages stores msgs and moves the endpoint's cursor
	// from `from` to `to` in one transaction: ErrConflict when the cursor
	// is no longer at from (another worker enqueued them first). A
	// message whose (endpoint, seq) exists is made pending again with the
	// new payload (a replay).
	EnqueueWebhookMessages(ctx context.Context, endpointID string, from, to int64, msgs []domain.WebhookMessage) error
	// AddWebhookMessage stores one message outside the feed (a test event).
	AddWebhookMessage(ctx context.Context, m domain.WebhookMessage) (domain.WebhookMessage, error)
	// RecordWebhookAttempts stores attempts with their messages' new
	// state (status, attempts, next attempt, last status) and the
	// endpoint's health, in one transaction.
	RecordWebhookAttempts(ctx context.Context, endpointID string, rs []WebhookResult, h WebhookHealth) error
	// ReplayWebhookMessages moves an endpoint's cursor back to the last
	// change before since, so every change from since on (still in the
	// outbox) is delivered again; it returns the new cursor.
	ReplayWebhookMessages(ctx context.Context, endpointID string, since time.Time) (int64, error)
	// RecoverWebhookMessages makes the endpoint's failed messages created
	// since `since` pending again, due at now; it returns how many.
	RecoverWebhookMessages(ctx context.Context, endpointID string, since, now time.Time) (int, error)
	// PruneChanges removes outbox rows older than before that every
	// enabled endpoint has passed, and finished messages (with their
	// attempts) older than before. It returns the changes removed.
	PruneChanges(ctx context.Context, before time.Time) (int, error)
	// SetWebhookNextDue records when the endpoint next has a message due
	// (nil: none pending); a delivery pass sets it as it ends.
	SetWebhookNextDue(ctx context.Context, endpointID string, at *time.Time) error
}

// WebhookMessageQuery selects messages, newest first. Before pages on
// (CreatedAt, ID) of the last message of the previous page.
type WebhookMessageQuery struct {
	EndpointID string
	Status     domain.WebhookMessageStatus
	EventTypes []string
	// Since/Until bound CreatedAt (zero = unbounded).
	Since, Until time.Time
	// BeforeID continues after the message with this id.
	BeforeID string
	Limit    int
}

// WebhookAttemptQuery selects attempts of a message or an endpoint,
// newest first.
type WebhookAttemptQuery struct {
	MessageID  string
	EndpointID string
	BeforeID   string
	Limit      int
}

// WebhookEndpointPatch changes some of an endpoint's settings; nil fields
// stay. ClearUser removes the user filter.
type WebhookEndpointPatch struct {
	URL         *string
	Description *string
	EventTypes  *[]string
	UserID      *string
	ClearUser   bool
	Provider    *domain.Provider
	// Enabled re-enables (clearing the disabled reason and the failure
	// run) or disables (with DisabledReason).
	Enabled        *bool
	DisabledReason string
	// Now stamps a disabling (default the store's clock).
	Now time.Time
}

// WebhookResult is one attempt and the message's state after it.
type WebhookResult struct {
	Attempt       domain.WebhookAttempt
	Status        domain.WebhookMessageStatus
	NextAttemptAt *time.Time
}

// WebhookHealth is an endpoint's state after a batch of attempts.
type WebhookHealth struct {
	// FailingSince is set when the endpoint is failing, nil when it
	// answered.
	FailingSince *time.Time
	// Disable, when set, disables the endpoint with this reason.
	Disable string
	At      time.Time
}
