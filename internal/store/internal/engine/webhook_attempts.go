package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// attemptCols are the webhook_attempts columns scanAttempt reads.
const attemptCols = "id, message_id, endpoint_id, attempt, status_code, latency_ms, response_body, error, started_at"

// attemptWidth is the width of one webhook_attempts row in an insert.
const attemptWidth = 9

func scanAttempt(r Rows) (domain.WebhookAttempt, error) {
	var a domain.WebhookAttempt
	var latency, started int64
	err := r.Scan(&a.ID, &a.MessageID, &a.EndpointID, &a.Attempt, &a.StatusCode, &latency, &a.ResponseBody, &a.Error, &started)
	a.Latency, a.StartedAt = msDuration(latency), fromMS(started)
	return a, err
}

// ListWebhookAttempts pages attempts newest first (ids are time-ordered).
func (t *Tx) ListWebhookAttempts(ctx context.Context, q store.WebhookAttemptQuery) ([]domain.WebhookAttempt, error) {
	sq := NewQuery(t.d, "SELECT "+attemptCols+" FROM webhook_attempts")
	if q.MessageID != "" {
		sq.Where("message_id = %s", sq.IDArg(q.MessageID))
	}
	if q.EndpointID != "" {
		sq.Where("endpoint_id = %s", sq.IDArg(q.EndpointID))
	}
	if q.BeforeID != "" {
		sq.Where("id < %s", sq.IDArg(q.BeforeID))
	}
	sq.Tail(" ORDER BY id DESC LIMIT " + sq.Arg(pageLimit(q.Limit)))
	sql, args := sq.SQL()
	out, err := list(ctx, t.db, sql, args, scanAttempt)
	if err != nil {
		return nil, fmt.Errorf("store: list webhook attempts: %w", err)
	}
	return out, nil
}

// RecordWebhookAttempts stores a batch of attempts, their messages' new
// state and the endpoint's health.
func (t *Tx) RecordWebhookAttempts(ctx context.Context, endpointID string, rs []store.WebhookResult, h store.WebhookHealth) error {
	for chunk := range chunks(rs, attemptWidth) {
		args := make([]any, 0, len(chunk)*attemptWidth)
		for _, r := range chunk {
			a := r.Attempt
			args = append(args, orNewID(a.ID), a.MessageID, endpointID, a.Attempt, a.StatusCode, a.Latency.Milliseconds(),
				a.ResponseBody, a.Error, ms(MS(a.StartedAt)))
		}
		q := "INSERT INTO webhook_attempts (" + attemptCols + ") VALUES " + values(len(chunk), attemptWidth)
		if _, err := t.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: record %d webhook attempts: %w", len(chunk), err)
		}
	}
	if err := t.updateMessages(ctx, rs); err != nil {
		return err
	}
	return t.setHealth(ctx, endpointID, h)
}

// messageStateWidth is the width of one row of updateMessages.
const messageStateWidth = 6

// updateMessages writes the messages' new state, one statement per chunk
// (UPDATE … FROM VALUES, on both engines).
func (t *Tx) updateMessages(ctx context.Context, rs []store.WebhookResult) error {
	now := t.clock()
	if !t.d.UpdateFromValues {
		return t.updateMessagesEach(ctx, rs, now)
	}
	for chunk := range chunks(rs, messageStateWidth) {
		args := make([]any, 0, len(chunk)*messageStateWidth)
		var b strings.Builder
		for i, r := range chunk {
			var finished *int64
			if r.Status != domain.WebhookPending {
				finished = msPtr(&now)
			}
			args = append(args, r.Attempt.MessageID, string(r.Status), r.Attempt.Attempt, msPtr(MSPtr(r.NextAttemptAt)),
				r.Attempt.StatusCode, finished)
			if i > 0 {
				b.WriteString(", ")
			}
			k := i * messageStateWidth
			fmt.Fprintf(&b, "(CAST(?%d AS text), CAST(?%d AS text), CAST(?%d AS bigint), CAST(?%d AS bigint), CAST(?%d AS bigint), CAST(?%d AS bigint))",
				k+1, k+2, k+3, k+4, k+5, k+6)
		}
		q := `UPDATE webhook_messages SET status = v.column2, attempts = v.column3, next_attempt_at = v.column4,
    last_status = v.column5, finished_at = v.column6 FROM (VALUES ` + b.String() + `) AS v WHERE webhook_messages.id = v.column1`
		if _, err := t.db.Exec(ctx, q, args...); err != nil {
			return fmt.Errorf("store: update %d webhook messages: %w", len(chunk), err)
		}
	}
	return nil
}

// updateMessagesEach writes the messages' new state one statement each:
// on SQLite a statement is a function call, and its UPDATE … FROM VALUES
// scans the table once per row of the list.
func (t *Tx) updateMessagesEach(ctx context.Context, rs []store.WebhookResult, now time.Time) error {
	for _, r := range rs {
		var finished *int64
		if r.Status != domain.WebhookPending {
			finished = msPtr(&now)
		}
		if _, err := t.db.Exec(ctx, `UPDATE webhook_messages SET status = ?1, attempts = ?2, next_attempt_at = ?3, last_status = ?4,
    finished_at = ?5 WHERE id = ?6`, string(r.Status), r.Attempt.Attempt, msPtr(MSPtr(r.NextAttemptAt)), r.Attempt.StatusCode,
			finished, r.Attempt.MessageID); err != nil {
			return fmt.Errorf("store: update webhook message %s: %w", r.Attempt.MessageID, err)
		}
	}
	return nil
}

// setHealth records an endpoint's failure run and disables it when asked.
func (t *Tx) setHealth(ctx context.Context, endpointID string, h store.WebhookHealth) error {
	at := MS(h.At)
	if at.IsZero() {
		at = t.clock()
	}
	var err error
	switch {
	case h.Disable != "":
		_, err = t.db.Exec(ctx, `UPDATE webhook_endpoints SET enabled = FALSE, disabled_reason = ?1, disabled_at = ?2, updated_at = ?2
WHERE id = ?3 AND enabled`, h.Disable, ms(at), endpointID)
	case h.FailingSince != nil:
		_, err = t.db.Exec(ctx, "UPDATE webhook_endpoints SET failing_since = coalesce(failing_since, ?1) WHERE id = ?2",
			ms(MS(*h.FailingSince)), endpointID)
	default:
		_, err = t.db.Exec(ctx, "UPDATE webhook_endpoints SET failing_since = NULL WHERE id = ?1 AND failing_since IS NOT NULL", endpointID)
	}
	if err != nil {
		return fmt.Errorf("store: webhook endpoint %s health: %w", endpointID, err)
	}
	return nil
}
