package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// StatsQuery selects what DataStats counts: one user's data, all of it or
// only what falls in [Start, End) when either bound is set.
type StatsQuery struct {
	UserID string
	Start  *time.Time
	End    *time.Time
}

// SeriesStat is the sample count and the first and last sample times of
// one (data source, series type) within the query's range.
type SeriesStat struct {
	DataSourceID string
	Provider     domain.Provider
	TypeID       int
	Count        int64
	First        time.Time
	Last         time.Time
}

// EventStat counts the live events of one (data source, category, type)
// that overlap the query's range.
type EventStat struct {
	DataSourceID string
	Provider     domain.Provider
	Category     domain.EventCategory
	Type         string
	Count        int64
}

// DataStats is what a user has stored, per source: the material of
// GET /users/{user_id}/summaries/data.
type DataStats struct {
	// Series is ordered by data source id, then type id.
	Series []SeriesStat
	// Events is ordered by data source id, category, then type.
	Events []EventStat
}

// StatsReader answers "how much data is there" without reading the data.
type StatsReader interface {
	// DataStats counts a user's samples per (data source, series type)
	// and live events per (data source, category, type). Sample counts
	// come from the block headers; only the at most two blocks per series
	// that straddle a range bound are decoded, so the count is exact for
	// any range at the cost of a year's rows, not a year's samples. An
	// unknown user, or an empty range, has nothing.
	DataStats(ctx context.Context, q StatsQuery) (DataStats, error)
	// JobCounts counts the job queue's jobs per kind and state (the
	// queue's depth, for metrics), in kind then state order.
	JobCounts(ctx context.Context) ([]JobCount, error)
}

// JobCount is how many jobs of one kind are in one state.
type JobCount struct {
	Kind  string
	State string
	Count int
}
