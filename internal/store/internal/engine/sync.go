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
	var c domain.SyncCursor
	var hw, up int64
	err := one(ctx, t.db, "SELECT connection_id, data_type, high_water, updated_at FROM sync_cursors WHERE connection_id = ?1 AND data_type = ?2",
		[]any{connectionID, dataType}, &c.ConnectionID, &c.DataType, &hw, &up)
	c.HighWater, c.UpdatedAt = fromMS(hw), fromMS(up)
	if err != nil {
		return domain.SyncCursor{}, fmt.Errorf("store: cursor %s/%s: %w", connectionID, dataType, err)
	}
	return c, nil
}

// SetCursor moves a high-water mark.
func (t *Tx) SetCursor(ctx context.Context, c domain.SyncCursor) error {
	c.HighWater, c.UpdatedAt = MS(c.HighWater), t.clock()
	_, err := t.db.Exec(ctx, `INSERT INTO sync_cursors (connection_id, data_type, high_water, updated_at) VALUES (?1, ?2, ?3, ?4)
ON CONFLICT (connection_id, data_type) DO UPDATE SET high_water = excluded.high_water, updated_at = excluded.updated_at`,
		c.ConnectionID, c.DataType, ms(c.HighWater), ms(c.UpdatedAt))
	if err != nil {
		return fmt.Errorf("store: set cursor %s/%s: %w", c.ConnectionID, c.DataType, err)
	}
	return nil
}

// ListSyncRuns lists sync runs, newest first.
func (t *Tx) ListSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error) {
	if q.Limit <= 0 {
		q.Limit = DefaultPageLimit
	}
	rs, err := t.listSyncRuns(ctx, q)
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
	var conn *string
	if r.ConnectionID != "" {
		conn = &r.ConnectionID
	}
	_, err := t.db.Exec(ctx, `INSERT INTO sync_runs (id, user_id, connection_id, provider, source, status, fetched, stored, updated,
    deleted, error, started_at, ended_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
		r.ID, r.UserID, conn, string(r.Provider), r.Source, string(r.Status), r.Fetched, r.Stored, r.Updated, r.Deleted,
		r.Error, ms(r.StartedAt), msPtr(r.EndedAt))
	if err != nil {
		return domain.SyncRun{}, fmt.Errorf("store: create sync run: %w", err)
	}
	return r, nil
}

// AddSyncRunProgress adds a page's counts to a running run.
func (t *Tx) AddSyncRunProgress(ctx context.Context, id string, fetched, stored, updated, deleted int) error {
	_, err := t.db.Exec(ctx, `UPDATE sync_runs SET fetched = fetched + ?1, stored = stored + ?2, updated = updated + ?3,
    deleted = deleted + ?4 WHERE id = ?5 AND status = ?6`, fetched, stored, updated, deleted, id, string(domain.SyncRunning))
	if err != nil {
		return fmt.Errorf("store: sync run progress: %w", err)
	}
	return nil
}

// FinishSyncRun records a run's outcome and counts.
func (t *Tx) FinishSyncRun(ctx context.Context, r domain.SyncRun) error {
	if r.EndedAt == nil {
		now := t.clock()
		r.EndedAt = &now
	}
	r.EndedAt = MSPtr(r.EndedAt)
	n, err := t.db.Exec(ctx, `UPDATE sync_runs SET status = ?1, fetched = ?2, stored = ?3, updated = ?4, deleted = ?5,
    error = ?6, ended_at = ?7 WHERE id = ?8`,
		string(r.Status), r.Fetched, r.Stored, r.Updated, r.Deleted, r.Error, msPtr(r.EndedAt), r.ID)
	if err := rowsOrNotFound(n, err, "sync run", r.ID); err != nil {
		return err
	}
	var userID, p string
	var conn *string
	if err := one(ctx, t.db, "SELECT user_id, provider, connection_id FROM sync_runs WHERE id = ?1", []any{r.ID}, &userID, &p, &conn); err != nil {
		return fmt.Errorf("store: sync run %s: %w", r.ID, err)
	}
	cs := []outboxRow{{c: domain.Change{UserID: userID, Provider: domain.Provider(p), Kind: domain.ChangeKindSyncRun,
		RecordID: r.ID, ChangeType: domain.ChangeCompleted, At: t.clock()}}}
	if r.Status == domain.SyncFailed && conn != nil {
		// A failed run is the connection's error event.
		cs = append(cs, outboxRow{c: domain.Change{UserID: userID, Provider: domain.Provider(p), Kind: domain.ChangeKindConnection,
			RecordID: *conn, ChangeType: domain.ChangeError, At: t.clock()}})
	}
	return t.changes(ctx, cs)
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
	_, err := t.db.Exec(ctx, `INSERT INTO oauth_states (state, user_id, provider, redirect_uri, code_verifier, expires_at, created_at)
VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`, s.State, s.UserID, string(s.Provider), s.RedirectURI, s.CodeVerifier, ms(s.ExpiresAt), ms(s.CreatedAt))
	if err != nil {
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
	var s domain.OAuthState
	var exp, created int64
	err := one(ctx, t.db, `DELETE FROM oauth_states WHERE state = ?1
RETURNING state, user_id, provider, redirect_uri, code_verifier, expires_at, created_at`, []any{state},
		&s.State, &s.UserID, &s.Provider, &s.RedirectURI, &s.CodeVerifier, &exp, &created)
	s.ExpiresAt, s.CreatedAt = fromMS(exp), fromMS(created)
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
	n, err := t.db.Exec(ctx, "DELETE FROM oauth_states WHERE expires_at <= ?1", ms(MS(now)))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired oauth states: %w", err)
	}
	return int(n), nil
}

// listSyncRuns reads sync runs, newest first.
func (t *Tx) listSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error) {
	sq := NewQuery(t.d, "SELECT "+syncRunCols+" FROM sync_runs")
	if q.UserID != "" {
		sq.Where("user_id = %s", sq.Arg(q.UserID))
	}
	if q.Provider != "" {
		sq.Where("provider = %s", sq.Arg(string(q.Provider)))
	}
	if q.Status != "" {
		sq.Where("status = %s", sq.Arg(string(q.Status)))
	}
	if q.Since != nil {
		sq.Where("started_at >= %s", sq.Arg(ms(MS(*q.Since))))
	}
	sq.In("source", q.Sources)
	for _, src := range q.ExceptSources {
		sq.Where("source <> %s", sq.Arg(src))
	}
	sq.Tail(fmt.Sprintf(" ORDER BY started_at DESC, id DESC LIMIT %d", q.Limit))
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, scanSyncRun)
}

// syncRunCols are the columns scanSyncRun reads.
const syncRunCols = "id, user_id, connection_id, provider, source, status, fetched, stored, updated, deleted, error, started_at, ended_at"

func scanSyncRun(rs Rows) (domain.SyncRun, error) {
	var r domain.SyncRun
	var conn *string
	var started int64
	var ended *int64
	err := rs.Scan(&r.ID, &r.UserID, &conn, &r.Provider, &r.Source, &r.Status, &r.Fetched, &r.Stored, &r.Updated,
		&r.Deleted, &r.Error, &started, &ended)
	if conn != nil {
		r.ConnectionID = *conn
	}
	r.StartedAt, r.EndedAt = fromMS(started), fromMSPtr(ended)
	return r, err
}
