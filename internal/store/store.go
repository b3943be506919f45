package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Store is everything wearhouse persists. Both engines implement it and
// pass the same conformance suite (store/storetest).
type Store interface {
	Reader
	Writer
	SyncExtra
	Console
	// InTx runs fn in one transaction: all of fn's writes (and the outbox
	// rows they append) commit together or not at all.
	InTx(ctx context.Context, fn func(tx Tx) error) error
	// Ping checks the database is reachable (readiness).
	Ping(ctx context.Context) error
	// Engine names the engine: "sqlite" or "postgres".
	Engine() string
	// Close releases the engine's resources.
	Close() error
}

// Tx is a transaction: the same reads and writes, committed together.
type Tx interface {
	Reader
	Writer
	SyncExtra
	Console
}

// Reader is the read side of the store.
type Reader interface {
	PriorityReader
	StatsReader
	SyncHistoryReader
	TimelineReader
	WebhookReader
	SDKReader

	User(ctx context.Context, id string) (domain.User, error)
	ListUsers(ctx context.Context, q UserQuery) ([]domain.User, int, error)

	APIKey(ctx context.Context, id string) (domain.APIKey, error)
	APIKeyByPrefix(ctx context.Context, prefix string) (domain.APIKey, error)
	ListAPIKeys(ctx context.Context) ([]domain.APIKey, error)

	Connection(ctx context.Context, userID string, p domain.Provider) (domain.Connection, error)
	ConnectionByID(ctx context.Context, id string) (domain.Connection, error)
	ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]domain.Connection, error)
	ListConnections(ctx context.Context, userID string) ([]domain.Connection, error)
	// ActiveConnections lists active connections of a provider, for the
	// scheduler; an empty provider lists all.
	ActiveConnections(ctx context.Context, p domain.Provider) ([]domain.Connection, error)

	ListDataSources(ctx context.Context, userID string) ([]domain.DataSource, error)
	// UserDataSources is ListDataSources for a user that must exist:
	// ErrNotFound when it does not. One query for a user with data.
	UserDataSources(ctx context.Context, userID string) ([]domain.DataSource, error)

	Event(ctx context.Context, userID, id string) (domain.Event, error)
	EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error)
	// EventIDsByProviderIDs finds the live events of a user with these
	// idempotency keys and returns each found key's event id; keys with
	// no live event are absent. One query for any number of keys.
	EventIDsByProviderIDs(ctx context.Context, userID string, keys []EventKey) (map[EventKey]string, error)
	// ListEvents returns up to q.Page.Limit events in q.Page's order.
	ListEvents(ctx context.Context, q EventQuery) ([]domain.Event, error)
	CountEvents(ctx context.Context, q EventQuery) (int, error)

	ListDailySummaries(ctx context.Context, q SummaryQuery) ([]domain.DailySummary, error)
	ListHealthScores(ctx context.Context, q ScoreQuery) ([]domain.HealthScore, int, error)

	// ReadSamples decodes the blocks overlapping [q.Start, q.End) and
	// returns the samples inside it, grouped per data source and type,
	// each group sorted by time.
	ReadSamples(ctx context.Context, q SampleQuery) ([]SeriesData, error)
	// ReadBuckets is ReadSamples downsampled to res: the buckets of
	// timeseries.Downsample over each group's samples, computed without
	// holding every sample at once.
	ReadBuckets(ctx context.Context, q SampleQuery, res timeseries.Resolution) ([]SeriesBuckets, error)

	ListRawDocuments(ctx context.Context, q RawQuery) ([]domain.RawDocument, error)

	Cursor(ctx context.Context, connectionID, dataType string) (domain.SyncCursor, error)
	ListSyncRuns(ctx context.Context, q SyncRunQuery) ([]domain.SyncRun, error)

	// Changes returns outbox rows with Seq > afterSeq, oldest first.
	Changes(ctx context.Context, afterSeq int64, limit int) ([]domain.Change, error)
}

// Writer is the write side of the store. Every record write appends the
// matching outbox change in the same transaction.
type Writer interface {
	PriorityWriter
	SyncHistoryWriter
	WebhookWriter
	SDKWriter
	LockWriter

	CreateUser(ctx context.Context, u domain.User) (domain.User, error)
	UpdateUser(ctx context.Context, id string, p UserPatch) (domain.User, error)
	// DeleteUser removes the user and everything that belongs to them.
	DeleteUser(ctx context.Context, id string) (domain.User, error)

	CreateAPIKey(ctx context.Context, k domain.APIKey) (domain.APIKey, error)
	// RevokeAPIKey revokes a key at at (ErrLastAPIKey for the last key
	// not revoked or scheduled for revocation) and returns it.
	RevokeAPIKey(ctx context.Context, id string, at time.Time) (domain.APIKey, error)
	// RotateAPIKey stores next and schedules key id's revocation at
	// retireAt, atomically (ErrAPIKeyRevoked when id is already revoked
	// or scheduled); it returns the old key and the new one.
	RotateAPIKey(ctx context.Context, id string, next domain.APIKey, retireAt time.Time) (old, created domain.APIKey, err error)
	TouchAPIKey(ctx context.Context, id string, at time.Time) error

	// UpsertConnection creates or replaces the (user, provider) connection,
	// bumping its token version.
	UpsertConnection(ctx context.Context, c domain.Connection) (domain.Connection, error)
	// UpdateConnectionTokens writes new tokens only if the stored token
	// version still equals c.TokenVersion; otherwise ErrConflict.
	UpdateConnectionTokens(ctx context.Context, c domain.Connection) (domain.Connection, error)
	SetConnectionStatus(ctx context.Context, id string, s domain.ConnectionStatus, reason string) error
	// RevokeConnection marks a connection revoked only while its token
	// version equals version (the tokens a provider rejected); otherwise
	// ErrConflict: newer tokens were written meanwhile.
	RevokeConnection(ctx context.Context, id string, version int64, reason string) error
	MarkConnectionSynced(ctx context.Context, id string, at time.Time) error
	DeleteConnection(ctx context.Context, id string) error

	// EnsureDataSource returns the data source keyed by (user, provider,
	// device model, source), creating it if needed.
	EnsureDataSource(ctx context.Context, ds domain.DataSource) (domain.DataSource, error)
	// DeleteProviderData removes every record, sample, raw document and
	// data source of one provider for a user.
	DeleteProviderData(ctx context.Context, userID string, p domain.Provider) error

	UpsertEvents(ctx context.Context, evs []domain.Event) (domain.WriteResult, error)
	// MarkEventsDeleted tombstones events by provider record id.
	MarkEventsDeleted(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordIDs []string) (domain.WriteResult, error)
	DeleteEvent(ctx context.Context, userID, id string) error

	UpsertDailySummaries(ctx context.Context, ss []domain.DailySummary) (domain.WriteResult, error)
	UpsertHealthScores(ctx context.Context, hs []domain.HealthScore) (domain.WriteResult, error)
	MarkHealthScoresDeleted(ctx context.Context, dataSourceID string, providerRecordIDs []string) (domain.WriteResult, error)

	// WriteSamples merges samples into the day blocks of one data source
	// and series type (last write wins per timestamp).
	WriteSamples(ctx context.Context, userID, dataSourceID string, typeID int, samples []timeseries.Sample) (domain.WriteResult, error)
	// DeleteSamples removes samples in [start, end).
	DeleteSamples(ctx context.Context, dataSourceID string, typeID int, start, end time.Time) error

	// PutRawDocument stores a provider document; unchanged content (same
	// hash) is a no-op reported as Unchanged.
	PutRawDocument(ctx context.Context, d domain.RawDocument) (domain.WriteResult, error)
	// PutRawDocuments is PutRawDocument for a page of documents in one
	// statement; the results are in the documents' order.
	PutRawDocuments(ctx context.Context, ds []domain.RawDocument) ([]domain.WriteResult, error)
	MarkRawDocumentDeleted(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) error

	SetCursor(ctx context.Context, c domain.SyncCursor) error
	CreateSyncRun(ctx context.Context, r domain.SyncRun) (domain.SyncRun, error)
	FinishSyncRun(ctx context.Context, r domain.SyncRun) error
	// AddSyncRunProgress adds a stored page's counts to a run still in
	// progress (a finished run is left alone), so a running run reports
	// what is already readable; the sync engine calls it in the page's
	// transaction.
	AddSyncRunProgress(ctx context.Context, id string, fetched, stored, updated, deleted int) error

	PutOAuthState(ctx context.Context, s domain.OAuthState) error
	// TakeOAuthState returns and deletes the state; an unknown, used or
	// expired state is ErrNotFound.
	TakeOAuthState(ctx context.Context, state string, now time.Time) (domain.OAuthState, error)
	// DeleteExpiredOAuthStates removes the states expired at now (those
	// TakeOAuthState would refuse) and returns how many it removed:
	// abandoned authorizations are never taken, so a periodic job clears
	// them.
	DeleteExpiredOAuthStates(ctx context.Context, now time.Time) (int, error)
}

// SeriesBuckets is the downsampled samples of one (data source, series
// type), in time order.
type SeriesBuckets struct {
	DataSourceID string
	TypeID       int
	Buckets      []timeseries.Bucket
}

// SeriesData is the samples of one (data source, series type).
type SeriesData struct {
	DataSourceID string
	TypeID       int
	Samples      []timeseries.Sample
}
