package engine

import (
	"context"
	"errors"
	"sync/atomic"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Store is a store.Store over an engine's Driver. Reads go to the read
// pool; every write runs in its own transaction so the record and its
// outbox row commit together even outside InTx.
type Store struct {
	store.Reader
	b   Driver
	box *secret.Box
	now func() time.Time
	// stmts counts the statements run, for the statements-per-page figure.
	stmts *atomic.Int64
}

var _ store.Store = (*Store)(nil)

// NewStore builds the store.Store of an engine. box seals connection
// tokens; now is the clock for timestamps (time.Now in production).
func NewStore(b Driver, box *secret.Box, now func() time.Time) (*Store, error) {
	if box == nil {
		return nil, errors.New("store: a secret box is required to seal connection tokens")
	}
	if now == nil {
		now = time.Now
	}
	s := &Store{b: b, box: box, now: now, stmts: new(atomic.Int64)}
	s.Reader = s.tx(b.Read())
	return s, nil
}

// tx binds the rules to db, counting its statements.
func (s *Store) tx(db DB) *Tx {
	return newTx(counted{DB: db, n: s.stmts}, s.b.Dialect(), s.box, s.now)
}

// Statements returns how many SQL statements the store has run so far.
func (s *Store) Statements() int64 { return s.stmts.Load() }

// InTx runs fn in one transaction.
func (s *Store) InTx(ctx context.Context, fn func(tx store.Tx) error) error {
	return s.b.InTx(ctx, func(db DB) error {
		t := s.tx(db)
		if err := fn(t); err != nil {
			return err
		}
		return t.flush(ctx)
	})
}

// Ping checks the database is reachable.
func (s *Store) Ping(ctx context.Context) error { return s.b.Ping(ctx) }

// Engine names the engine.
func (s *Store) Engine() string { return s.b.Engine() }

// Close releases the engine.
func (s *Store) Close() error { return s.b.Close() }

// write runs one Tx method in its own transaction and returns its value.
func write[T any](s *Store, ctx context.Context, fn func(*Tx) (T, error)) (T, error) {
	var out T
	err := s.b.InTx(ctx, func(db DB) error {
		t := s.tx(db)
		var err error
		if out, err = fn(t); err != nil {
			return err
		}
		return t.flush(ctx)
	})
	return out, err
}

// exec is write for methods that return only an error.
func exec(s *Store, ctx context.Context, fn func(*Tx) error) error {
	_, err := write(s, ctx, func(t *Tx) (struct{}, error) { return struct{}{}, fn(t) })
	return err
}

// CreateUser implements store.Writer.
func (s *Store) CreateUser(ctx context.Context, u domain.User) (domain.User, error) {
	return write(s, ctx, func(t *Tx) (domain.User, error) { return t.CreateUser(ctx, u) })
}

// UpdateUser implements store.Writer.
func (s *Store) UpdateUser(ctx context.Context, id string, p store.UserPatch) (domain.User, error) {
	return write(s, ctx, func(t *Tx) (domain.User, error) { return t.UpdateUser(ctx, id, p) })
}

// DeleteUser implements store.Writer.
func (s *Store) DeleteUser(ctx context.Context, id string) (domain.User, error) {
	return write(s, ctx, func(t *Tx) (domain.User, error) { return t.DeleteUser(ctx, id) })
}

// CreateAPIKey implements store.Writer.
func (s *Store) CreateAPIKey(ctx context.Context, k domain.APIKey) (domain.APIKey, error) {
	return write(s, ctx, func(t *Tx) (domain.APIKey, error) { return t.CreateAPIKey(ctx, k) })
}

// RevokeAPIKey implements store.Writer.
func (s *Store) RevokeAPIKey(ctx context.Context, id string, at time.Time) (domain.APIKey, error) {
	return write(s, ctx, func(t *Tx) (domain.APIKey, error) { return t.RevokeAPIKey(ctx, id, at) })
}

// RotateAPIKey implements store.Writer.
func (s *Store) RotateAPIKey(ctx context.Context, id string, next domain.APIKey, retireAt time.Time) (old, created domain.APIKey, err error) {
	pair, err := write(s, ctx, func(t *Tx) ([2]domain.APIKey, error) {
		o, c, err := t.RotateAPIKey(ctx, id, next, retireAt)
		return [2]domain.APIKey{o, c}, err
	})
	return pair[0], pair[1], err
}

// TouchAPIKey implements store.Writer.
func (s *Store) TouchAPIKey(ctx context.Context, id string, at time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.TouchAPIKey(ctx, id, at) })
}

// UpsertConnection implements store.Writer.
func (s *Store) UpsertConnection(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	return write(s, ctx, func(t *Tx) (domain.Connection, error) { return t.UpsertConnection(ctx, c) })
}

// UpdateConnectionTokens implements store.Writer.
func (s *Store) UpdateConnectionTokens(ctx context.Context, c domain.Connection) (domain.Connection, error) {
	return write(s, ctx, func(t *Tx) (domain.Connection, error) { return t.UpdateConnectionTokens(ctx, c) })
}

// SetConnectionStatus implements store.Writer.
func (s *Store) SetConnectionStatus(ctx context.Context, id string, st domain.ConnectionStatus, reason string) error {
	return exec(s, ctx, func(t *Tx) error { return t.SetConnectionStatus(ctx, id, st, reason) })
}

// RevokeConnection implements store.Writer.
func (s *Store) RevokeConnection(ctx context.Context, id string, version int64, reason string) error {
	return exec(s, ctx, func(t *Tx) error { return t.RevokeConnection(ctx, id, version, reason) })
}

// MarkConnectionSynced implements store.Writer.
func (s *Store) MarkConnectionSynced(ctx context.Context, id string, at time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.MarkConnectionSynced(ctx, id, at) })
}

// DeleteConnection implements store.Writer.
func (s *Store) DeleteConnection(ctx context.Context, id string) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteConnection(ctx, id) })
}

// EnsureDataSource implements store.Writer.
func (s *Store) EnsureDataSource(ctx context.Context, ds domain.DataSource) (domain.DataSource, error) {
	return write(s, ctx, func(t *Tx) (domain.DataSource, error) { return t.EnsureDataSource(ctx, ds) })
}

// DeleteProviderData implements store.Writer.
func (s *Store) DeleteProviderData(ctx context.Context, userID string, p domain.Provider) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteProviderData(ctx, userID, p) })
}

// UpsertEvents implements store.Writer.
func (s *Store) UpsertEvents(ctx context.Context, evs []domain.Event) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.UpsertEvents(ctx, evs) })
}

// MarkEventsDeleted implements store.Writer.
func (s *Store) MarkEventsDeleted(ctx context.Context, dataSourceID string, c domain.EventCategory, ids []string) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.MarkEventsDeleted(ctx, dataSourceID, c, ids) })
}

// DeleteEvent implements store.Writer.
func (s *Store) DeleteEvent(ctx context.Context, userID, id string) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteEvent(ctx, userID, id) })
}

// UpsertDailySummaries implements store.Writer.
func (s *Store) UpsertDailySummaries(ctx context.Context, ss []domain.DailySummary) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.UpsertDailySummaries(ctx, ss) })
}

// UpsertHealthScores implements store.Writer.
func (s *Store) UpsertHealthScores(ctx context.Context, hs []domain.HealthScore) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.UpsertHealthScores(ctx, hs) })
}

// MarkHealthScoresDeleted implements store.Writer.
func (s *Store) MarkHealthScoresDeleted(ctx context.Context, dataSourceID string, ids []string) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.MarkHealthScoresDeleted(ctx, dataSourceID, ids) })
}

// WriteSamples implements store.Writer.
func (s *Store) WriteSamples(ctx context.Context, userID, dataSourceID string, typeID int, samples []timeseries.Sample) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) {
		return t.WriteSamples(ctx, userID, dataSourceID, typeID, samples)
	})
}

// DeleteSamples implements store.Writer.
func (s *Store) DeleteSamples(ctx context.Context, dataSourceID string, typeID int, start, end time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteSamples(ctx, dataSourceID, typeID, start, end) })
}

// PutRawDocument implements store.Writer.
func (s *Store) PutRawDocument(ctx context.Context, d domain.RawDocument) (domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) (domain.WriteResult, error) { return t.PutRawDocument(ctx, d) })
}

// PutRawDocuments implements store.Writer.
func (s *Store) PutRawDocuments(ctx context.Context, ds []domain.RawDocument) ([]domain.WriteResult, error) {
	return write(s, ctx, func(t *Tx) ([]domain.WriteResult, error) { return t.PutRawDocuments(ctx, ds) })
}

// MarkRawDocumentDeleted implements store.Writer.
func (s *Store) MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) error {
	return exec(s, ctx, func(t *Tx) error {
		return t.MarkRawDocumentDeleted(ctx, userID, p, dataType, providerRecordID)
	})
}

// SetCursor implements store.Writer.
func (s *Store) SetCursor(ctx context.Context, c domain.SyncCursor) error {
	return exec(s, ctx, func(t *Tx) error { return t.SetCursor(ctx, c) })
}

// CreateSyncRun implements store.Writer.
func (s *Store) CreateSyncRun(ctx context.Context, r domain.SyncRun) (domain.SyncRun, error) {
	return write(s, ctx, func(t *Tx) (domain.SyncRun, error) { return t.CreateSyncRun(ctx, r) })
}

// FinishSyncRun implements store.Writer.
func (s *Store) FinishSyncRun(ctx context.Context, r domain.SyncRun) error {
	return exec(s, ctx, func(t *Tx) error { return t.FinishSyncRun(ctx, r) })
}

// AddSyncRunProgress implements store.Writer.
func (s *Store) AddSyncRunProgress(ctx context.Context, id string, fetched, stored, updated, deleted int) error {
	return exec(s, ctx, func(t *Tx) error { return t.AddSyncRunProgress(ctx, id, fetched, stored, updated, deleted) })
}

// PutOAuthState implements store.Writer.
func (s *Store) PutOAuthState(ctx context.Context, st domain.OAuthState) error {
	return exec(s, ctx, func(t *Tx) error { return t.PutOAuthState(ctx, st) })
}

// TakeOAuthState implements store.Writer. An expired state is reported
// only after the transaction commits, so its deletion is kept.
func (s *Store) TakeOAuthState(ctx context.Context, state string, now time.Time) (domain.OAuthState, error) {
	var expired error
	st, err := write(s, ctx, func(t *Tx) (domain.OAuthState, error) {
		st, err := t.TakeOAuthState(ctx, state, now)
		if errors.As(err, new(expiredState)) {
			expired = err
			return domain.OAuthState{}, nil
		}
		return st, err
	})
	if err != nil {
		return domain.OAuthState{}, err
	}
	return st, expired
}

// DeleteExpiredOAuthStates implements store.Writer.
func (s *Store) DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int, error) {
	return write(s, ctx, func(t *Tx) (int, error) { return t.DeleteExpiredOAuthStates(ctx, now) })
}
