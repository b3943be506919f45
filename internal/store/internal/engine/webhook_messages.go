package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// messageCols are the webhook_messages columns scanMessage reads.
const messageCols = "id, endpoint_id, coalesce(seq, 0), lane, ord, user_id, provider, event_type, payload, status, attempts, " +
	"next_attempt_at, coalesce(last_status, 0), created_at, finished_at"

func scanMessage(r Rows) (domain.WebhookMessage, error) {
	var m domain.WebhookMessage
	var next, finished *int64
	var created int64
	err := r.Scan(&m.ID, &m.EndpointID, &m.Seq, &m.Lane, &m.Ord, &m.UserID, &m.Provider, &m.EventType, &m.Payload,
		&m.Status, &m.Attempts, &next, &m.LastStatus, &created, &finished)
	m.NextAttemptAt, m.FinishedAt, m.CreatedAt = fromMSPtr(next), fromMSPtr(finished), fromMS(created)
	return m, err
}

// WebhookMessage returns one message.
func (t *Tx) WebhookMessage(ctx context.Context, id string) (domain.WebhookMessage, error) {
	ms, err := list(ctx, t.db, "SELECT "+messageCols+" FROM webhook_messages WHERE id = ?1", []any{id}, scanMessage)
	if err != nil {
		return domain.WebhookMessage{}, fmt.Errorf("store: webhook message %s: %w", id, err)
	}
	if len(ms) == 0 {
		return domain.WebhookMessage{}, notFound("webhook message", id)
	}
	return ms[0], nil
}

// ListWebhookMessages pages messages newest first on (created_at, id).
func (t *Tx) ListWebhookMessages(ctx context.Context, q store.WebhookMessageQuery) ([]domain.WebhookMessage, error) {
	sq := NewQuery(t.d, "SELECT "+messageCols+" FROM webhook_messages")
	if q.EndpointID != "" {
		sq.Where("endpoint_id = %s", sq.IDArg(q.EndpointID))
	}
	if q.Status != "" {
		sq.Where("status = %s", sq.Arg(string(q.Status)))
	}
	sq.In("event_type", q.EventTypes)
	if !q.Since.IsZero() {
		sq.Where("created_at >= %s", sq.Arg(ms(q.Since)))
	}
	if !q.Until.IsZero() {
		sq.Where("created_at < %s", sq.Arg(ms(q.Until)))
	}
	if q.BeforeID != "" {
		b, err := t.WebhookMessage(ctx, q.BeforeID)
		if err != nil {
			return nil, err
		}
		c, id := sq.Arg(ms(b.CreatedAt)), sq.IDArg(b.ID)
		sq.Where("(created_at < %s OR (created_at = %s AND id < %s))", c, c, id)
	}
	sq.Tail(" ORDER BY created_at DESC, id DESC LIMIT " + sq.Arg(pageLimit(q.Limit)))
	sql, args := sq.SQL()
	out, err := list(ctx, t.db, sql, args, scanMessage)
	if err != nil {
		return nil, fmt.Errorf("store: list webhook messages: %w", err)
	}
	return out, nil
}

// pageLimit is a page size with the store's default.
func pageLimit(n int) int {
	if n <= 0 {
		return DefaultPageLimit
	}
	return n
}

// laneHeads selects the first pending message of each lane of endpoint
// ?1 (id and next attempt): only it may be sent. A window over the
// endpoint's pending messages is linear whatever plan an engine picks; a
// correlated "no earlier pending message" test, chosen without table
// statistics on PostgreSQL, was quadratic in the pending messages.
const laneHeads = `SELECT id, next_attempt_at FROM (
    SELECT id, next_attempt_at, row_number() OVER (PARTITION BY lane ORDER BY ord) AS rn
    FROM webhook_messages WHERE endpoint_id = ?1 AND status = 'pending') h WHERE rn = 1`

// DueWebhookMessages returns the first pending message of each lane, when
// it is due.
func (t *Tx) DueWebhookMessages(ctx context.Context, endpointID string, now time.Time, limit int) ([]domain.WebhookMessage, error) {
	out, err := list(ctx, t.db, "SELECT "+messageCols+` FROM webhook_messages
WHERE id IN (SELECT id FROM (`+laneHeads+`) d WHERE next_attempt_at <= ?2 ORDER BY next_attempt_at LIMIT ?3)
ORDER BY next_attempt_at, ord`, []any{endpointID, ms(now), pageLimit(limit)}, scanMessage)
	if err != nil {
		return nil, fmt.Errorf("store: due webhook messages of %s: %w", endpointID, err)
	}
	return out, nil
}

// NextWebhookAttempt is the earliest next attempt of a lane's head.
func (t *Tx) NextWebhookAttempt(ctx context.Context, endpointID string) (*time.Time, error) {
	var at *int64
	if err := one(ctx, t.db, "SELECT min(next_attempt_at) FROM ("+laneHeads+") d", []any{endpointID}, &at); err != nil {
		return nil, fmt.Errorf("store: next webhook attempt of %s: %w", endpointID, err)
	}
	return fromMSPtr(at), nil
}

// SetWebhookNextDue records when the endpoint next has a message due
// (nil: none pending), which WebhookWork reads.
func (t *Tx) SetWebhookNextDue(ctx context.Context, endpointID string, at *time.Time) error {
	_, err := t.db.Exec(ctx, "UPDATE webhook_endpoints SET next_due_at = ?1 WHERE id = ?2", msPtr(MSPtr(at)), endpointID)
	if err != nil {
		return fmt.Errorf("store: webhook endpoint %s next due: %w", endpointID, err)
	}
	return nil
}

// WebhookWork lists enabled endpoints behind the outbox or with a
// message due.
func (t *Tx) WebhookWork(ctx context.Context, now time.Time) ([]string, error) {
	out, err := list(ctx, t.db, `SELECT id FROM webhook_endpoints
WHERE enabled AND (feed_cursor < (SELECT coalesce(max(seq), 0) FROM changes) OR next_due_at <= ?1)
ORDER BY id`, []any{ms(now)}, func(r Rows) (string, error) {
		var id string
		return id, r.Scan(&id)
	})
	if err != nil {
		return nil, fmt.Errorf("store: webhook work: %w", err)
	}
	return out, nil
}

// messageWidth is the width of one webhook_messages row in an insert.
const messageWidth = 13

// EnqueueWebhookMessages stores msgs and moves the cursor from -> to.
func (t *Tx) EnqueueWebhookMessages(ctx context.Context, endpointID string, from, to int64, msgs []domain.WebhookMessage) error {
	n, err := t.db.Exec(ctx, "UPDATE webhook_endpoints SET feed_cursor = ?1 WHERE id = ?2 AND feed_cursor = ?3", to, endpointID, from)
	if err != nil {
		return fmt.Errorf("store: advance webhook endpoint %s: %w", endpointID, err)
	}
	if n == 0 {
		if _, err := t.WebhookEndpoint(ctx, endpointID); err != nil {
			return err
		}
		return fmt.Errorf("store: webhook endpoint %s moved past %d: %w", endpointID, from, store.ErrConflict)
	}
	return t.insertMessages(ctx, msgs, `ON CONFLICT (endpoint_id, seq) DO UPDATE SET payload = excluded.payload,
    status = 'pending', next_attempt_at = excluded.next_attempt_at, finished_at = NULL`)
}

// insertMessages inserts message rows in chunks, with conflict handling.
func (t *Tx) insertMessages(ctx context.Context, msgs []domain.WebhookMessage, conflict string) error {
	now := t.clock()
	for chunk := range chunks(msgs, messageWidth) {
		args := make([]any, 0, len(chunk)*messageWidth)
		for _, m := range chunk {
			var seq *int64
			if m.Seq != 0 {
				seq = &m.Seq
			}
			next := MS(now)
			if m.NextAttemptAt != nil {
				next = MS(*m.NextAttemptAt)
			}
			created := MS(m.CreatedAt)
			if created.IsZero() {
				created = now
			}
			args = append(args, orNewID(m.ID), m.EndpointID, seq, m.Lane, m.Ord, m.UserID, string(m.Provider), m.EventType,
				m.Payload, string(domain.WebhookPending), 0, ms(next), ms(created))
		}
		q := `INSERT INTO webhook_messages (id, endpoint_id, seq, lane, ord, user_id, provider, event_type, payload, status,
    attempts, next_attempt_at, created_at) VALUES ` + values(len(chunk), messageWidth) + " " + conflict
		if _, err := t.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: add %d webhook messages: %w", len(chunk), err)
		}
	}
	return nil
}

// AddWebhookMessage stores a message outside the feed.
func (t *Tx) AddWebhookMessage(ctx context.Context, m domain.WebhookMessage) (domain.WebhookMessage, error) {
	if _, err := t.WebhookEndpoint(ctx, m.EndpointID); err != nil {
		return m, err
	}
	m.ID = orNewID(m.ID)
	if err := t.insertMessages(ctx, []domain.WebhookMessage{m}, ""); err != nil {
		return m, err
	}
	if err := t.SetWebhookNextDue(ctx, m.EndpointID, m.NextAttemptAt); err != nil {
		return m, err
	}
	return t.WebhookMessage(ctx, m.ID)
}
