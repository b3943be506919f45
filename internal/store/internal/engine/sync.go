package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Cursor returns a connection's high-water mark for a data type.
func (t *Tx) Cursor(ctx context.Context, connectionID, dataType string) (domain.SyncCursor, error) {
	c, err := t.ops.GetCursor(ctx, connectionID, dataType)
	if err != nil {
		return domain.SyncCursor{}, fmt.Errorf("store: cursor %s/%s: %w", connectionID, dataType, err)
	}
	return c, nil
}

// SetCursor moves a high-water mark.
func (t *Tx) SetCursor(ctx context.Context, c domain.SyncCursor) error {
	c.HighWater, c.UpdatedAt = MS(c.HighWater), t.clock()
	if err := t.ops.SetCursor(ctx, c); err != nil {
		return fmt.Errorf("store: set cursor %s/%s: %w", c.ConnectionID, c.DataType, err)
	}
	return nil
}

// ListSyncRuns lists sync runs, newest first.
func (t *Tx) ListSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageLimit
	}
	rs, err := t.ops.ListSyncRuns(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list sync runs: %w", err)
	}
	return rs, nil
}

// CreateSyncRun records the start of a sync run.
func (t *Tx) CreateSyncRun(ctx context.Context, r domain.SyncRun) (domain.SyncRun, error) {
	if r.UserID == "" || r.Provider == "" {
		return domain.SyncRun{}, errors.New("store: create sync run: user id and provider are required")
	}
	r.ID = orNewID(r.ID)
	if r.Status == "" {
		r.Status = domain.SyncRunning
	}
	if r.StartedAt.IsZero() {
		r.StartedAt = t.clock()
	}
	r.StartedAt, r.EndedAt = MS(r.StartedAt), MSPtr(r.EndedAt)
	if err := t.ops.InsertSyncRun(ctx, r); err != nil {
		return domain.SyncRun{}, fmt.Errorf("store: create sync run: %w", err)
	}
	return r, nil
}

// FinishSyncRun records a run's outcome and counts.
func (t *Tx) FinishSyncRun(ctx context.Context, r domain.SyncRun) error {
	if r.EndedAt == nil {
		now := t.clock()
		r.EndedAt = &now
	}
	r.EndedAt = MSPtr(r.EndedAt)
	n, err := t.ops.FinishSyncRun(ctx, r)
	return rowsOrNotFound(n, err, "sync run", r.ID)
}

// PutOAuthState stores the server half of an authorization request.
func (t *Tx) PutOAuthState(ctx context.Context, s domain.OAuthState) error {
	if s.State == "" || s.UserID == "" {
		return errors.New("store: put oauth state: state and user id are required")
	}
	if s.CreatedAt.IsZero() {
		s.CreatedAt = t.clock()
	}
	s.CreatedAt, s.ExpiresAt = MS(s.CreatedAt), MS(s.ExpiresAt)
	if err := t.ops.PutOAuthState(ctx, s); err != nil {
		return fmt.Errorf("store: put oauth state: %w", err)
	}
	return nil
}

// expiredState is the error for a state taken after its expiry; it is
// ErrNotFound to callers, like an unknown or used state.
type expiredState struct{ at time.Time }

// Error describes the expiry.
func (e expiredState) Error() string {
	return fmt.Sprintf("store: oauth state expired at %s: %v", e.at.Format(time.RFC3339), store.ErrNotFound)
}

// Unwrap makes errors.Is(err, store.ErrNotFound) hold.
func (e expiredState) Unwrap() error { return store.ErrNotFound }

// TakeOAuthState consumes a state. Expired states are consumed too (they
// are useless) and reported as not found, like unknown or used ones.
func (t *Tx) TakeOAuthState(ctx context.Context, state string, now time.Time) (domain.OAuthState, error) {
	s, err := t.ops.TakeOAuthState(ctx, state)
	if err != nil {
		return domain.OAuthState{}, fmt.Errorf("store: oauth state: %w", err)
	}
	if !now.Before(s.ExpiresAt) {
		return domain.OAuthState{}, expiredState{at: s.ExpiresAt}
	}
	return s, nil
}

// DeleteExpiredOAuthStates removes every state expired at now. The bound
// is the one TakeOAuthState applies (expired once now reaches ExpiresAt),
// so the clean-up never removes a state that could still be taken.
func (t *Tx) DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int, error) {
	n, err := t.ops.DeleteExpiredOAuthStates(ctx, MS(now))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired oauth states: %w", err)
	}
	return int(n), nil
}
