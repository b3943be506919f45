package domain

import (
	"encoding/json"
	"time"
)

// RawDocument is a provider document exactly as fetched. Keeping it lets
// normalization be replayed after a fix and serves types with no unified
// home through the raw API.
type RawDocument struct {
	ID               string
	UserID           string
	Provider         Provider
	DataType         string
	ProviderRecordID string
	ContentHash      []byte
	// StartTime orders and filters documents by the time they describe.
	StartTime *time.Time
	Body      json.RawMessage
	Deleted   bool
	FetchedAt time.Time
	UpdatedAt time.Time
}

// SyncCursor is a connection's high-water mark for one data type. It only
// moves after the whole window below it is stored.
type SyncCursor struct {
	ConnectionID string
	DataType     string
	HighWater    time.Time
	UpdatedAt    time.Time
}

// SyncRunStatus is the state of a sync run.
type SyncRunStatus string

// Sync run states.
const (
	SyncRunning SyncRunStatus = "in_progress"
	SyncSuccess SyncRunStatus = "success"
	SyncPartial SyncRunStatus = "partial"
	SyncFailed  SyncRunStatus = "failed"
)

// SyncRun records one sync attempt for observability.
type SyncRun struct {
	ID           string
	UserID       string
	ConnectionID string
	Provider     Provider
	// Source is what triggered the run: backfill, pull, webhook or manual.
	Source    string
	Status    SyncRunStatus
	Fetched   int
	Stored    int
	Updated   int
	Deleted   int
	Error     string
	StartedAt time.Time
	EndedAt   *time.Time
}

// ChangeType is what happened to a record.
type ChangeType string

// Change types appended to the outbox.
const (
	ChangeCreated ChangeType = "created"
	ChangeUpdated ChangeType = "updated"
	ChangeDeleted ChangeType = "deleted"
	// The connection and sync lifecycle (ChangeKindConnection,
	// ChangeKindSyncRun) report these.
	ChangeRevoked   ChangeType = "revoked"
	ChangeError     ChangeType = "error"
	ChangeCompleted ChangeType = "completed"
)

// Change is one row of the outbox: every record created, updated or
// deleted appends one in the same transaction as the write, so outgoing
// webhooks can never miss or invent an event.
type Change struct {
	Seq        int64
	UserID     string
	Kind       string
	RecordID   string
	ChangeType ChangeType
	At         time.Time
	// Provider is the provider of the changed record ("" when none).
	Provider Provider
}

// SyncRunDataType is what one data type of a sync run did so far. Counts
// accumulate over the slices and attempts of the run.
type SyncRunDataType struct {
	RunID    string
	DataType string
	// Position is the type's place in the provider's sync order.
	Position int
	Status   SyncRunStatus
	// Attempts counts the times the type was started in this run.
	Attempts int
	Fetched  int
	Stored   int
	Updated  int
	Deleted  int
	Error    string
	// CoveredStart and CoveredEnd bound the windows walked (nil for
	// types fetched without a window, such as a profile).
	CoveredStart *time.Time
	CoveredEnd   *time.Time
	UpdatedAt    time.Time
}
