package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

func (o *ops) SeriesHeaderStats(ctx context.Context, userID string, start, end *time.Time) ([]store.SeriesStat, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.SeriesHeaderStats(ctx, pgdb.SeriesHeaderStatsParams{UserID: uid, StartTime: tsPtr(start), EndTime: tsPtr(end)})
	return convertAll(rs, err, func(r pgdb.SeriesHeaderStatsRow) store.SeriesStat {
		return store.SeriesStat{DataSourceID: r.DataSourceID.String(), Provider: domain.Provider(r.Provider), TypeID: int(r.TypeID),
			Count: r.Samples, First: fromTS(r.FirstTs), Last: fromTS(r.LastTs)}
	})
}

func (o *ops) EdgeBlocks(ctx context.Context, userID string, d, at int64) ([]engine.Block, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	return toBlocks(o.q.EdgeBlocks(ctx, pgdb.EdgeBlocksParams{UserID: uid, Day: day(d), At: day(at)}))
}

func (o *ops) EventStats(ctx context.Context, userID string, start, end *time.Time) ([]store.EventStat, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.EventStats(ctx, pgdb.EventStatsParams{UserID: uid, StartTime: tsPtr(start), EndTime: tsPtr(end)})
	return convertAll(rs, err, func(r pgdb.EventStatsRow) store.EventStat {
		return store.EventStat{DataSourceID: r.DataSourceID.String(), Provider: domain.Provider(r.Provider),
			Category: domain.EventCategory(r.Category), Type: r.Type, Count: r.Events}
	})
}
