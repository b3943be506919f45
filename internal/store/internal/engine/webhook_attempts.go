package engine

import (
	"context"
	"fmt"
	"strings"

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
	var w []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("?%d", len(args))
	}
	if q.MessageID != "" {
		w = append(w, "message_id = "+arg(q.MessageID))
	}
	if q.EndpointID != "" {
		w = append(w, "endpoint_id = "+arg(q.EndpointID))
	}
	if q.BeforeID != "" {
		w = append(w, "id < "+arg(q.BeforeID))
	}
	sql := "SELECT " + attemptCols + " FROM webhook_attempts"
	if len(w) > 0 {
		sql += " WHERE " + strings.Join(w, " AND ")
	}
	sql += " ORDER BY id DESC LIMIT " + arg(pageLimit(q.Limit))
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
	now := t.clock()
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
	return t.setHealth(ctx, endpointID, h)
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
