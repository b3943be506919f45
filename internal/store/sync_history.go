package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// SyncHistoryReader reads sync runs one at a time and their per-data-type
// breakdown (Open Wearables 0.9.0's sync history and the event stream).
type SyncHistoryReader interface {
	// SyncRun returns one run (ErrNotFound when unknown).
	SyncRun(ctx context.Context, id string) (domain.SyncRun, error)
	// SyncRunDataTypes returns the data types of the given runs, by run
	// id, then in the provider's order.
	SyncRunDataTypes(ctx context.Context, runIDs []string) ([]domain.SyncRunDataType, error)
}

// SyncHistoryWriter records a run's data types as the sync engine walks
// them.
type SyncHistoryWriter interface {
	// PutSyncRunDataType adds t's counts and attempts to the stored row
	// of (t.RunID, t.DataType), creating it at zero; status and error are
	// replaced, and the covered window widens to include t's.
	PutSyncRunDataType(ctx context.Context, t domain.SyncRunDataType) error
}

// TimelineQuery selects a user's data per UTC day in [Start, End) (either
// bound may be open); Provider keeps one provider's data.
type TimelineQuery struct {
	UserID   string
	Provider domain.Provider
	Start    *time.Time
	End      *time.Time
}

// DayCount is a count of one key on one UTC day.
type DayCount struct {
	Day      time.Time // UTC midnight
	Provider domain.Provider
	// TypeID is the series type (series counts); Type the event type.
	TypeID int
	Type   string
	Count  int64
}

// DataTimeline is a user's data per day: samples per (day, provider,
// series type) from the block headers, and live events per (day,
// provider, category, type) by their start day.
type DataTimeline struct {
	Series []DayCount
	Events []DayEventCount
}

// DayEventCount counts the events of one category and type that start on
// one UTC day.
type DayEventCount struct {
	DayCount
	Category domain.EventCategory
}

// TimelineReader answers GET …/summaries/data/timeline.
type TimelineReader interface {
	// DataTimeline counts per day without decoding any block: a block
	// belongs to its day whole, so a range bound inside a day counts
	// that day's samples entirely.
	DataTimeline(ctx context.Context, q TimelineQuery) (DataTimeline, error)
}
