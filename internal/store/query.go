package store

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Keyset is a position in a (time, id) ordered list, used for cursor
// pagination that never skips or repeats rows while new ones arrive.
type Keyset struct {
	Time time.Time
	ID   string
}

// Page selects a window of an ordered list. After means "rows that come
// after this key in the requested order"; Before means "rows before it",
// returned in the requested order too. At most one is set.
type Page struct {
	After  *Keyset
	Before *Keyset
	Limit  int
	Desc   bool
}

// UserQuery filters and orders the user list (page/limit, as Open Wearables).
type UserQuery struct {
	Page      int
	Limit     int
	SortBy    string // created_at | email | first_name | last_name | name | last_synced_at
	SortOrder string // asc | desc
	Search    string
	Email     string
	External  string
	// Providers keeps users with a connection (any status) to one of
	// these providers; empty keeps everyone.
	Providers []domain.Provider
	// ConnectionStatus keeps users with a connection in this status.
	ConnectionStatus domain.ConnectionStatus
	// HasActiveConnection keeps users with (true) or without (false) an
	// active connection; nil keeps everyone.
	HasActiveConnection *bool
	// LastSyncedBefore keeps users whose most recent sync is before it;
	// users never synced have no last sync and are left out.
	LastSyncedBefore *time.Time
}

// UserPatch changes some of a user's fields; nil leaves a field alone and
// a pointer to nil clears it.
type UserPatch struct {
	FirstName      **string
	LastName       **string
	Email          **string
	ExternalUserID **string
}

// EventQuery selects sleep or workout events of one user. Events are
// selected by overlap of [Start, End) with the event, and ordered by
// (start_time, id).
type EventQuery struct {
	UserID   string
	Category domain.EventCategory
	Start    time.Time
	End      time.Time
	Type     string // substring match on the unified type, case-insensitive
	// ExactType matches the unified type exactly.
	ExactType string
	Providers []domain.Provider
	// DataSourceIDs keeps events of these data sources; empty keeps all.
	DataSourceIDs []string
	// IsNap keeps only naps (true) or only main sleeps (false); nil
	// keeps both. Events without sleep details are not naps.
	IsNap      *bool
	WithDelete bool // include deleted records (sync internals only)
	// DisplayOnly fills only what the event routes show — ID, UserID,
	// DataSourceID, Category, Type, the times and the details, with a
	// sleep's stages as SleepDetails.Hypnogram instead of Stages — and
	// leaves the bookkeeping (provider id, revision, timestamps) empty:
	// fewer columns per row is most of a page's cost on SQLite, and a
	// page of nights is thousands of stage intervals.
	DisplayOnly bool
	Page        Page
}

// SummaryQuery selects provider daily summaries of one user by local date,
// StartDate inclusive and EndDate exclusive (YYYY-MM-DD).
type SummaryQuery struct {
	UserID string
	Kind   domain.SummaryKind
	// Kinds selects several kinds in one read, with Kind empty.
	Kinds     []domain.SummaryKind
	StartDate string
	EndDate   string
	Limit     int
	// MetricsOnly fills only DataSourceID, Kind, Date, ZoneOffset and
	// Metrics — what the summary routes show — and skips the bookkeeping
	// columns and Extra: a year of summaries is read per page, and on
	// SQLite every column of every row costs. It needs StartDate, EndDate
	// and a kind.
	MetricsOnly bool
}

// EventKey is an event's idempotency key: the provider's record id within
// a data source and category.
type EventKey struct {
	DataSourceID     string
	Category         domain.EventCategory
	ProviderRecordID string
}

// ScoreQuery selects health scores of one user.
type ScoreQuery struct {
	UserID   string
	Category string
	Provider domain.Provider
	Start    *time.Time
	End      *time.Time
	Limit    int
	Offset   int
}

// SampleQuery selects samples of one user in [Start, End).
type SampleQuery struct {
	UserID        string
	TypeIDs       []int
	DataSourceIDs []string
	Start         time.Time
	End           time.Time
}

// RawQuery selects stored provider documents of one user.
type RawQuery struct {
	UserID   string
	Provider domain.Provider
	DataType string
	Start    *time.Time
	End      *time.Time
	// UpdatedSince keeps documents stored or changed at or after it.
	UpdatedSince *time.Time
	Page         Page
}

// SyncRunQuery filters sync runs; empty fields match everything.
type SyncRunQuery struct {
	UserID   string
	Provider domain.Provider
	Status   domain.SyncRunStatus
	Limit    int
	// Since keeps runs started at or after it.
	Since *time.Time
	// Sources keeps runs of these sources; empty keeps all.
	Sources []string
	// ExceptSources drops runs of these sources.
	ExceptSources []string
}
