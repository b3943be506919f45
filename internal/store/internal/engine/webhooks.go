package engine

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// endpointCols are the webhook_endpoints columns scanEndpoint reads.
const endpointCols = "id, url, description, secret, previous_secret, previous_until, event_types, user_id, provider, " +
	"enabled, disabled_reason, disabled_at, failing_since, feed_cursor, created_at, updated_at"

// scanEndpoint reads one endpoint row and opens its secrets, which are
// bound to the endpoint id like a connection's tokens.
func (t *Tx) scanEndpoint(r Rows) (domain.WebhookEndpoint, error) {
	var e domain.WebhookEndpoint
	var secret, prev []byte
	var prevUntil, disabledAt, failing *int64
	var types string
	var created, updated int64
	if err := r.Scan(&e.ID, &e.URL, &e.Description, &secret, &prev, &prevUntil, &types, &e.UserID, &e.Provider,
		&e.Enabled, &e.DisabledReason, &disabledAt, &failing, &e.Cursor, &created, &updated); err != nil {
		return e, err
	}
	e.PreviousUntil, e.DisabledAt, e.FailingSince = fromMSPtr(prevUntil), fromMSPtr(disabledAt), fromMSPtr(failing)
	e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
	if err := json.Unmarshal([]byte(types), &e.EventTypes); err != nil {
		return e, fmt.Errorf("store: webhook endpoint %s: event types: %w", e.ID, err)
	}
	var err error
	if e.Secret, err = t.box.Open(secret, []byte(e.ID)); err != nil {
		return e, fmt.Errorf("store: webhook endpoint %s: secret: %w", e.ID, err)
	}
	if len(prev) > 0 {
		if e.PreviousSecret, err = t.box.Open(prev, []byte(e.ID)); err != nil {
			return e, fmt.Errorf("store: webhook endpoint %s: previous secret: %w", e.ID, err)
		}
	}
	return e, nil
}

// WebhookEndpoint returns one endpoint.
func (t *Tx) WebhookEndpoint(ctx context.Context, id string) (domain.WebhookEndpoint, error) {
	es, err := list(ctx, t.db, "SELECT "+endpointCols+" FROM webhook_endpoints WHERE id = ?1", []any{id}, t.scanEndpoint)
	if err != nil {
		return domain.WebhookEndpoint{}, fmt.Errorf("store: webhook endpoint %s: %w", id, err)
	}
	if len(es) == 0 {
		return domain.WebhookEndpoint{}, notFound("webhook endpoint", id)
	}
	return es[0], nil
}

// ListWebhookEndpoints lists every endpoint, oldest first.
func (t *Tx) ListWebhookEndpoints(ctx context.Context) ([]domain.WebhookEndpoint, error) {
	es, err := list(ctx, t.db, "SELECT "+endpointCols+" FROM webhook_endpoints ORDER BY created_at, id", nil, t.scanEndpoint)
	if err != nil {
		return nil, fmt.Errorf("store: list webhook endpoints: %w", err)
	}
	return es, nil
}

// CreateWebhookEndpoint stores an endpoint whose cursor is the newest
// change, read in the same statement.
func (t *Tx) CreateWebhookEndpoint(ctx context.Context, e domain.WebhookEndpoint) (domain.WebhookEndpoint, error) {
	if e.URL == "" || len(e.Secret) == 0 {
		return e, fmt.Errorf("store: create webhook endpoint: url and secret are required: %w", store.ErrInvalid)
	}
	e.ID = orNewID(e.ID)
	now := t.clock()
	types, err := json.Marshal(orEmpty(e.EventTypes))
	if err != nil {
		return e, err
	}
	_, err = t.db.Exec(ctx, `INSERT INTO webhook_endpoints (id, url, description, secret, event_types, user_id, provider,
    enabled, feed_cursor, created_at, updated_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, TRUE, (SELECT coalesce(max(seq), 0) FROM changes), ?8, ?8)`,
		e.ID, e.URL, e.Description, t.box.Seal(e.Secret, []byte(e.ID)), string(types), e.UserID, string(e.Provider), ms(now))
	if err != nil {
		return e, fmt.Errorf("store: create webhook endpoint: %w", err)
	}
	return t.WebhookEndpoint(ctx, e.ID)
}

// orEmpty makes a nil list an empty one (stored as []).
func orEmpty(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// UpdateWebhookEndpoint applies p.
func (t *Tx) UpdateWebhookEndpoint(ctx context.Context, id string, p store.WebhookEndpointPatch) (domain.WebhookEndpoint, error) {
	e, err := t.WebhookEndpoint(ctx, id)
	if err != nil {
		return e, err
	}
	now := t.clock()
	if p.URL != nil {
		e.URL = *p.URL
	}
	if p.Description != nil {
		e.Description = *p.Description
	}
	if p.EventTypes != nil {
		e.EventTypes = *p.EventTypes
	}
	if p.UserID != nil {
		e.UserID = p.UserID
	}
	if p.ClearUser {
		e.UserID = nil
	}
	if p.Provider != nil {
		e.Provider = *p.Provider
	}
	switch {
	case p.Enabled != nil && *p.Enabled:
		e.Enabled, e.DisabledReason, e.DisabledAt, e.FailingSince = true, "", nil, nil
	case p.Enabled != nil:
		at := MS(p.Now)
		if at.IsZero() {
			at = now
		}
		e.Enabled, e.DisabledReason, e.DisabledAt = false, p.DisabledReason, &at
	}
	types, err := json.Marshal(orEmpty(e.EventTypes))
	if err != nil {
		return e, err
	}
	_, err = t.db.Exec(ctx, `UPDATE webhook_endpoints SET url = ?1, description = ?2, event_types = ?3, user_id = ?4, provider = ?5,
    enabled = ?6, disabled_reason = ?7, disabled_at = ?8, failing_since = ?9, updated_at = ?10 WHERE id = ?11`,
		e.URL, e.Description, string(types), e.UserID, string(e.Provider), e.Enabled, e.DisabledReason,
		msPtr(e.DisabledAt), msPtr(e.FailingSince), ms(now), id)
	if err != nil {
		return e, fmt.Errorf("store: update webhook endpoint %s: %w", id, err)
	}
	return t.WebhookEndpoint(ctx, id)
}

// RotateWebhookSecret replaces the secret, keeping the old one until
// previousUntil.
func (t *Tx) RotateWebhookSecret(ctx context.Context, id string, next []byte, previousUntil time.Time) (domain.WebhookEndpoint, error) {
	e, err := t.WebhookEndpoint(ctx, id)
	if err != nil {
		return e, err
	}
	ad := []byte(id)
	_, err = t.db.Exec(ctx, "UPDATE webhook_endpoints SET secret = ?1, previous_secret = ?2, previous_until = ?3, updated_at = ?4 WHERE id = ?5",
		t.box.Seal(next, ad), t.box.Seal(e.Secret, ad), ms(MS(previousUntil)), ms(t.clock()), id)
	if err != nil {
		return e, fmt.Errorf("store: rotate webhook secret %s: %w", id, err)
	}
	return t.WebhookEndpoint(ctx, id)
}

// DeleteWebhookEndpoint removes an endpoint with its messages and attempts.
func (t *Tx) DeleteWebhookEndpoint(ctx context.Context, id string) error {
	if _, err := t.db.Exec(ctx, "DELETE FROM webhook_attempts WHERE endpoint_id = ?1", id); err != nil {
		return fmt.Errorf("store: delete webhook endpoint %s: %w", id, err)
	}
	n, err := t.db.Exec(ctx, "DELETE FROM webhook_endpoints WHERE id = ?1", id)
	return rowsOrNotFound(n, err, "webhook endpoint", id)
}

// ReplayWebhookMessages moves the cursor back before since.
func (t *Tx) ReplayWebhookMessages(ctx context.Context, endpointID string, since time.Time) (int64, error) {
	if _, err := t.WebhookEndpoint(ctx, endpointID); err != nil {
		return 0, err
	}
	var cur int64
	err := one(ctx, t.db, `SELECT coalesce((SELECT min(seq) FROM changes WHERE at >= ?1), (SELECT coalesce(max(seq), 0) + 1 FROM changes)) - 1`,
		[]any{ms(since)}, &cur)
	if err != nil {
		return 0, fmt.Errorf("store: replay webhook endpoint %s: %w", endpointID, err)
	}
	if _, err := t.db.Exec(ctx, "UPDATE webhook_endpoints SET feed_cursor = ?1, updated_at = ?2 WHERE id = ?3 AND feed_cursor > ?1",
		cur, ms(t.clock()), endpointID); err != nil {
		return 0, fmt.Errorf("store: replay webhook endpoint %s: %w", endpointID, err)
	}
	return cur, nil
}

// RecoverWebhookMessages makes failed messages pending again.
func (t *Tx) RecoverWebhookMessages(ctx context.Context, endpointID string, since, now time.Time) (int, error) {
	if _, err := t.WebhookEndpoint(ctx, endpointID); err != nil {
		return 0, err
	}
	n, err := t.db.Exec(ctx, `UPDATE webhook_messages SET status = 'pending', next_attempt_at = ?1, finished_at = NULL
WHERE endpoint_id = ?2 AND status = 'failed' AND created_at >= ?3`, ms(MS(now)), endpointID, ms(since))
	if err != nil {
		return 0, fmt.Errorf("store: recover webhook messages of %s: %w", endpointID, err)
	}
	if n > 0 {
		if err := t.SetWebhookNextDue(ctx, endpointID, &now); err != nil {
			return 0, err
		}
	}
	return int(n), nil
}

// PruneChanges removes outbox rows every enabled endpoint has passed and
// finished messages, both older than before.
func (t *Tx) PruneChanges(ctx context.Context, before time.Time) (int, error) {
	n, err := t.db.Exec(ctx, `DELETE FROM changes WHERE at < ?1
AND seq <= coalesce((SELECT min(feed_cursor) FROM webhook_endpoints WHERE enabled), seq)`, ms(before))
	if err != nil {
		return 0, fmt.Errorf("store: prune changes: %w", err)
	}
	old := "SELECT id FROM webhook_messages WHERE status <> 'pending' AND created_at < ?1"
	if _, err := t.db.Exec(ctx, "DELETE FROM webhook_attempts WHERE message_id IN ("+old+")", ms(before)); err != nil {
		return 0, fmt.Errorf("store: prune webhook attempts: %w", err)
	}
	if _, err := t.db.Exec(ctx, "DELETE FROM webhook_messages WHERE status <> 'pending' AND created_at < ?1", ms(before)); err != nil {
		return 0, fmt.Errorf("store: prune webhook messages: %w", err)
	}
	return int(n), nil
}
