package engine

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Ops is the row access one engine provides, on a pool or inside a
// transaction. Lookups of a missing row return an error wrapping
// store.ErrNotFound; Ops never applies business rules (ids, hashes,
// revisions, outbox) — the Tx built on top of it does.
type Ops interface {
	UserOps
	APIKeyOps
	ConnectionOps
	DataSourceOps
	EventOps
	SummaryOps
	ScoreOps
	SeriesOps
	RawOps
	SyncOps
	ChangeOps
	PriorityOps
	StatsOps
	// Underlying returns what the Ops run on: *sql.Tx or *sql.DB for
	// SQLite, pgx.Tx or *pgxpool.Pool for Postgres.
	Underlying() any
}

// Backend is an engine's connection management: a pool for reads and
// transactions for writes.
type Backend interface {
	// Read returns Ops that run outside any transaction, on the read pool.
	Read() Ops
	// InTx runs fn with Ops bound to one transaction and commits if fn
	// returns nil.
	InTx(ctx context.Context, fn func(Ops) error) error
	Ping(ctx context.Context) error
	Engine() string
	Close() error
}

// UserOps is row access to users and API keys.
type UserOps interface {
	InsertUser(ctx context.Context, u domain.User) error
	// GetUser returns the user with HasActiveConnection and LastSynced*
	// filled from its connections (see DeriveSync).
	GetUser(ctx context.Context, id string) (domain.User, error)
	// UserExists reports whether the user exists; a malformed id does not.
	UserExists(ctx context.Context, id string) (bool, error)
	ListUsers(ctx context.Context, q store.UserQuery) ([]domain.User, int, error)
	UpdateUser(ctx context.Context, u domain.User) (int64, error)
	DeleteUser(ctx context.Context, id string) (int64, error)
}

// APIKeyOps is row access to API keys.
type APIKeyOps interface {
	InsertAPIKey(ctx context.Context, k domain.APIKey) error
	APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error)
	ListAPIKeys(ctx context.Context) ([]domain.APIKey, error)
	RevokeAPIKey(ctx context.Context, id string, at time.Time) (int64, error)
	TouchAPIKey(ctx context.Context, id string, at time.Time) (int64, error)
}

// SealedConnection is a connection row as stored: the domain tokens are
// empty and the sealed ones carry them.
type SealedConnection struct {
	domain.Connection
	SealedAccess  []byte
	SealedRefresh []byte
}

// ConnectionOps is row access to connections. Rows carry sealed tokens.
type ConnectionOps interface {
	// UpsertConnection inserts or replaces the (user, provider) row,
	// keeping an existing row's id and incrementing its token version.
	UpsertConnection(ctx context.Context, c SealedConnection) (SealedConnection, error)
	ConnectionByID(ctx context.Context, id string) (SealedConnection, error)
	ConnectionByUserProvider(ctx context.Context, userID string, p domain.Provider) (SealedConnection, error)
	ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]SealedConnection, error)
	ListConnections(ctx context.Context, userID string) ([]SealedConnection, error)
	ActiveConnections(ctx context.Context, p domain.Provider) ([]SealedConnection, error)
	// UpdateConnectionTokens writes the tokens, scope and expiry if the
	// row's token version equals c.TokenVersion, and bumps the version;
	// a version mismatch (or missing row) is store.ErrNotFound.
	UpdateConnectionTokens(ctx context.Context, c SealedConnection) (SealedConnection, error)
	SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string, at time.Time) (int64, error)
	// RevokeConnectionAtVersion revokes the connection if its token
	// version is still version.
	RevokeConnectionAtVersion(ctx context.Context, id string, version int64, reason string, at time.Time) (int64, error)
	MarkConnectionSynced(ctx context.Context, id string, at time.Time) (int64, error)
	DeleteConnection(ctx context.Context, id string) (int64, error)
}

// DataSourceOps is row access to data sources.
type DataSourceOps interface {
	// InsertDataSourceIfAbsent inserts ds unless its (user, provider,
	// device model, source) key exists.
	InsertDataSourceIfAbsent(ctx context.Context, ds domain.DataSource) error
	DataSourceByKey(ctx context.Context, userID string, p domain.Provider, deviceModel, source string) (domain.DataSource, error)
	ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error)
	// DeleteProviderData deletes the user's data sources of a provider
	// (cascading to their records and blocks) and raw documents.
	DeleteProviderData(ctx context.Context, userID string, p domain.Provider) error
}

// RecordState is what an upsert needs to know about a stored record.
type RecordState struct {
	ID       string
	UserID   string
	Category string // score category, for tombstoning by provider id
	Revision int64
	Hash     []byte
	Deleted  bool
}

// EventOps is row access to sleep and workout events.
type EventOps interface {
	EventState(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (RecordState, error)
	// InsertEvent inserts e unless its idempotency key is already stored
	// (a concurrent first writer's row) and reports whether it did.
	InsertEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error)
	// UpdateEvent rewrites the mutable fields of row e.ID and clears
	// deleted, if the stored version is one decide would replace (older
	// revision, or same revision with other content or deleted); it
	// reports whether it did.
	UpdateEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error)
	GetEvent(ctx context.Context, userID, id string) (domain.Event, error)
	EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error)
	ListEvents(ctx context.Context, q store.EventQuery) ([]domain.Event, error)
	CountEvents(ctx context.Context, q store.EventQuery) (int, error)
	TombstoneEvent(ctx context.Context, id string, at time.Time) error
	DeleteEvent(ctx context.Context, userID, id string) (int64, error)
}

// SummaryOps is row access to daily summaries.
type SummaryOps interface {
	SummaryState(ctx context.Context, dataSourceID string, k domain.SummaryKind, providerRecordID string) (RecordState, error)
	// InsertSummary is InsertEvent for summaries.
	InsertSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error)
	// UpdateSummary is UpdateEvent for summaries.
	UpdateSummary(ctx context.Context, s domain.DailySummary, hash []byte) (bool, error)
	ListDailySummaries(ctx context.Context, q store.SummaryQuery) ([]domain.DailySummary, error)
	// ListSummaryMetrics serves SummaryQuery.MetricsOnly for the kinds
	// given, over q's date range.
	ListSummaryMetrics(ctx context.Context, q store.SummaryQuery, kinds []string) ([]domain.DailySummary, error)
}

// ScoreOps is row access to health scores.
type ScoreOps interface {
	ScoreState(ctx context.Context, dataSourceID, category, providerRecordID string) (RecordState, error)
	// ScoreStatesByProviderID lists every category stored under one
	// provider record id.
	ScoreStatesByProviderID(ctx context.Context, dataSourceID, providerRecordID string) ([]RecordState, error)
	// InsertScore is InsertEvent for scores.
	InsertScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error)
	// UpdateScore is UpdateEvent for scores.
	UpdateScore(ctx context.Context, h domain.HealthScore, hash []byte) (bool, error)
	TombstoneScore(ctx context.Context, id string, at time.Time) error
	ListHealthScores(ctx context.Context, q store.ScoreQuery) ([]domain.HealthScore, int, error)
}

// RawOps is row access to raw provider documents.
type RawOps interface {
	RawState(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (RecordState, error)
	// InsertRawDocument is InsertEvent for raw documents.
	InsertRawDocument(ctx context.Context, d domain.RawDocument) (bool, error)
	// UpdateRawDocument is UpdateEvent for raw documents, which have no
	// revision: it replaces other content or a deleted row.
	UpdateRawDocument(ctx context.Context, d domain.RawDocument) (bool, error)
	MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string, at time.Time) (int64, error)
	ListRawDocuments(ctx context.Context, q store.RawQuery) ([]domain.RawDocument, error)
}

// SyncOps is row access to sync cursors, runs and OAuth states.
type SyncOps interface {
	GetCursor(ctx context.Context, connectionID, dataType string) (domain.SyncCursor, error)
	SetCursor(ctx context.Context, c domain.SyncCursor) error
	InsertSyncRun(ctx context.Context, r domain.SyncRun) error
	FinishSyncRun(ctx context.Context, r domain.SyncRun) (int64, error)
	ListSyncRuns(ctx context.Context, q store.SyncRunQuery) ([]domain.SyncRun, error)
	PutOAuthState(ctx context.Context, s domain.OAuthState) error
	// TakeOAuthState deletes and returns the state row, expired or not.
	TakeOAuthState(ctx context.Context, state string) (domain.OAuthState, error)
	// DeleteExpiredOAuthStates deletes the states with expires_at <= now.
	DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int64, error)
}

// ChangeOps is row access to the change outbox.
type ChangeOps interface {
	InsertChange(ctx context.Context, c domain.Change) error
	ListChanges(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error)
}
