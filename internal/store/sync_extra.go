package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// SyncProgress is how far a sync of one (connection, data type) window
// got: the window being walked and the provider's token for the next
// page. It is written with each stored page, in the same transaction, so a
// restarted process resumes at the next page with no gap and no repeat.
type SyncProgress struct {
	ConnectionID string
	DataType     string
	WindowStart  time.Time
	WindowEnd    time.Time
	// Resume is the provider's opaque continuation (e.g. WHOOP next_token).
	Resume    string
	UpdatedAt time.Time
}

// RateBucket is one of a provider application's rate limits as a shared
// fixed window: at most Limit requests per Window, aligned to the epoch.
type RateBucket struct {
	Name   string
	Limit  int
	Window time.Duration
}

// SyncExtra is the storage the sync engine needs beyond Store: raw
// documents by key, page-level sync progress, the token-refresh lease that
// makes refreshes single-flight across replicas, and rate budgets shared by
// every replica. It is part of both Store and Tx (the compiler checks
// that both engines implement it).
type SyncExtra interface {
	// RawDocument returns one stored document (deleted ones included).
	RawDocument(ctx context.Context, userID string, p domain.Provider, dataType, providerRecordID string) (domain.RawDocument, error)
	// RawDocumentsByID returns the stored documents of one data type among
	// providerRecordIDs (deleted ones included, missing ones left out) in
	// one statement: the sync engine reads a page's previous versions
	// before replacing them.
	RawDocumentsByID(ctx context.Context, userID string, p domain.Provider, dataType string, providerRecordIDs []string) ([]domain.RawDocument, error)

	// SyncProgress returns the stored progress or ErrNotFound.
	SyncProgress(ctx context.Context, connectionID, dataType string) (SyncProgress, error)
	SetSyncProgress(ctx context.Context, p SyncProgress) error
	ClearSyncProgress(ctx context.Context, connectionID, dataType string) error

	// ClaimTokenRefresh takes the connection's refresh lease for holder
	// until the given time if it is free, expired or already holder's;
	// it reports whether holder now has it.
	ClaimTokenRefresh(ctx context.Context, connectionID, holder string, until, now time.Time) (bool, error)
	// ReleaseTokenRefresh frees holder's lease (no-op if not held).
	ReleaseTokenRefresh(ctx context.Context, connectionID, holder string) error

	// TakeRateBudget counts one request against every bucket of the
	// provider at once and returns 0, or returns how long to wait (and
	// counts nothing) when a bucket is full or the provider is paused.
	TakeRateBudget(ctx context.Context, provider string, buckets []RateBucket, now time.Time) (time.Duration, error)
	// PauseRateBudget blocks the provider's budget until the given time
	// (after a 429 with Retry-After); a later pause wins.
	PauseRateBudget(ctx context.Context, provider string, until, now time.Time) error
}
