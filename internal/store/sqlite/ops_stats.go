package sqlite

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

func (o *ops) SeriesHeaderStats(ctx context.Context, userID string, start, end *time.Time) ([]store.SeriesStat, error) {
	rs, err := o.q.SeriesHeaderStats(ctx, sqlitedb.SeriesHeaderStatsParams{UserID: userID, StartTime: msPtr(start), EndTime: msPtr(end)})
	return convertAll(rs, err, func(r sqlitedb.SeriesHeaderStatsRow) store.SeriesStat {
		return store.SeriesStat{DataSourceID: r.DataSourceID, Provider: domain.Provider(r.Provider), TypeID: int(r.TypeID),
			Count: r.Samples, First: fromMS(r.FirstTs), Last: fromMS(r.LastTs)}
	})
}

func (o *ops) EdgeBlocks(ctx context.Context, userID string, day, at int64) ([]engine.Block, error) {
	rs, err := o.q.EdgeBlocks(ctx, sqlitedb.EdgeBlocksParams{UserID: userID, Day: day, At: at})
	return convertAll(rs, err, toBlock)
}

func (o *ops) EventStats(ctx context.Context, userID string, start, end *time.Time) ([]store.EventStat, error) {
	rs, err := o.q.EventStats(ctx, sqlitedb.EventStatsParams{UserID: userID, StartTime: msPtr(start), EndTime: msPtr(end)})
	return convertAll(rs, err, func(r sqlitedb.EventStatsRow) store.EventStat {
		return store.EventStat{DataSourceID: r.DataSourceID, Provider: domain.Provider(r.Provider),
			Category: domain.EventCategory(r.Category), Type: r.Type, Count: r.Events}
	})
}
