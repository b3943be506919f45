package engine

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// msDuration converts a stored millisecond count to a duration.
func msDuration(v int64) time.Duration { return time.Duration(v) * time.Millisecond }

// CreateWebhookEndpoint implements store.Writer.
func (s *Store) CreateWebhookEndpoint(ctx context.Context, e domain.WebhookEndpoint) (domain.WebhookEndpoint, error) {
	return write(s, ctx, func(t *Tx) (domain.WebhookEndpoint, error) { return t.CreateWebhookEndpoint(ctx, e) })
}

// UpdateWebhookEndpoint implements store.Writer.
func (s *Store) UpdateWebhookEndpoint(ctx context.Context, id string, p store.WebhookEndpointPatch) (domain.WebhookEndpoint, error) {
	return write(s, ctx, func(t *Tx) (domain.WebhookEndpoint, error) { return t.UpdateWebhookEndpoint(ctx, id, p) })
}

// RotateWebhookSecret implements store.Writer.
func (s *Store) RotateWebhookSecret(ctx context.Context, id string, next []byte, until time.Time) (domain.WebhookEndpoint, error) {
	return write(s, ctx, func(t *Tx) (domain.WebhookEndpoint, error) { return t.RotateWebhookSecret(ctx, id, next, until) })
}

// DeleteWebhookEndpoint implements store.Writer.
func (s *Store) DeleteWebhookEndpoint(ctx context.Context, id string) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteWebhookEndpoint(ctx, id) })
}

// EnqueueWebhookMessages implements store.Writer.
func (s *Store) EnqueueWebhookMessages(ctx context.Context, endpointID string, from, to int64, msgs []domain.WebhookMessage) error {
	return exec(s, ctx, func(t *Tx) error { return t.EnqueueWebhookMessages(ctx, endpointID, from, to, msgs) })
}

// AddWebhookMessage implements store.Writer.
func (s *Store) AddWebhookMessage(ctx context.Context, m domain.WebhookMessage) (domain.WebhookMessage, error) {
	return write(s, ctx, func(t *Tx) (domain.WebhookMessage, error) { return t.AddWebhookMessage(ctx, m) })
}

// RecordWebhookAttempts implements store.Writer.
func (s *Store) RecordWebhookAttempts(ctx context.Context, endpointID string, rs []store.WebhookResult, h store.WebhookHealth) error {
	return exec(s, ctx, func(t *Tx) error { return t.RecordWebhookAttempts(ctx, endpointID, rs, h) })
}

// ReplayWebhookMessages implements store.Writer.
func (s *Store) ReplayWebhookMessages(ctx context.Context, endpointID string, since time.Time) (int64, error) {
	return write(s, ctx, func(t *Tx) (int64, error) { return t.ReplayWebhookMessages(ctx, endpointID, since) })
}

// RecoverWebhookMessages implements store.Writer.
func (s *Store) RecoverWebhookMessages(ctx context.Context, endpointID string, since, now time.Time) (int, error) {
	return write(s, ctx, func(t *Tx) (int, error) { return t.RecoverWebhookMessages(ctx, endpointID, since, now) })
}

// PruneChanges implements store.Writer.
func (s *Store) PruneChanges(ctx context.Context, before time.Time) (int, error) {
	return write(s, ctx, func(t *Tx) (int, error) { return t.PruneChanges(ctx, before) })
}

// SetWebhookNextDue implements store.Writer.
func (s *Store) SetWebhookNextDue(ctx context.Context, endpointID string, at *time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.SetWebhookNextDue(ctx, endpointID, at) })
}
