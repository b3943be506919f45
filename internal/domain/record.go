package domain

import "time"

// RecordMeta is the identity and versioning every provider-derived record
// carries. (DataSourceID, Kind, ProviderRecordID) is the idempotency key:
// re-syncing the same window never duplicates, a newer Revision replaces an
// older one, and a stale one is ignored.
type RecordMeta struct {
	ID               string
	UserID           string
	DataSourceID     string
	ProviderRecordID string
	// Revision orders versions of one provider record: the provider's
	// updated_at (Unix ms) where it has one, otherwise 0, in which case
	// the content hash alone decides whether anything changed.
	Revision  int64
	Deleted   bool
	CreatedAt time.Time
	UpdatedAt time.Time
}

// ZoneOffset is a fixed local offset in seconds east of UTC. Providers give
// offsets, not IANA zones; local calendar days derive from it.
type ZoneOffset int32

// WriteResult counts what a batch write did, for sync runs and metrics.
type WriteResult struct {
	Created   int
	Updated   int
	Unchanged int
	Deleted   int
}

// Add accumulates another result into r.
func (r *WriteResult) Add(o WriteResult) {
	r.Created += o.Created
	r.Updated += o.Updated
	r.Unchanged += o.Unchanged
	r.Deleted += o.Deleted
}
