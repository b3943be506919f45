package domain

import "time"

// WebhookEndpoint is a URL an app registered to receive signed outgoing
// webhooks. Secret is the raw whsec_ key bytes (the store seals it);
// during a rotation PreviousSecret keeps signing until PreviousUntil so
// receivers holding either verify.
type WebhookEndpoint struct {
	ID          string
	URL         string
	Description string
	// EventTypes filters the events sent; empty means every event.
	EventTypes []string
	// UserID narrows the endpoint to one user's events; nil means all.
	UserID *string
	// Provider narrows the endpoint to one provider's events; "" means all.
	Provider       Provider
	Secret         []byte
	PreviousSecret []byte
	PreviousUntil  *time.Time
	Enabled        bool
	DisabledReason string
	DisabledAt     *time.Time
	// FailingSince is when the endpoint's current run of failed attempts
	// began (nil while it answers); after five days it is disabled.
	FailingSince *time.Time
	// Cursor is the last outbox seq the endpoint has turned into messages.
	Cursor    int64
	CreatedAt time.Time
	UpdatedAt time.Time
}

// WebhookMessageStatus is where a message is in its delivery.
type WebhookMessageStatus string

// Message statuses.
const (
	WebhookPending   WebhookMessageStatus = "pending"
	WebhookSucceeded WebhookMessageStatus = "succeeded"
	WebhookFailed    WebhookMessageStatus = "failed"
)

// WebhookMessage is one event for one endpoint: its signed body is sent
// until the endpoint answers 2xx or the retry schedule runs out. Messages
// of one Lane (a user) are delivered strictly in Ord order.
type WebhookMessage struct {
	ID         string
	EndpointID string
	// Seq is the outbox change the message renders; 0 for a test message.
	Seq           int64
	Lane          string
	Ord           int64
	UserID        string
	Provider      Provider
	EventType     string
	Payload       []byte
	Status        WebhookMessageStatus
	Attempts      int
	NextAttemptAt *time.Time
	LastStatus    int
	CreatedAt     time.Time
	FinishedAt    *time.Time
}

// WebhookAttempt is one HTTP request of a message to its endpoint.
type WebhookAttempt struct {
	ID         string
	MessageID  string
	EndpointID string
	Attempt    int
	// StatusCode is the response status; 0 when no response arrived.
	StatusCode   int
	Latency      time.Duration
	ResponseBody string
	Error        string
	StartedAt    time.Time
}
