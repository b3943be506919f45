package sqlite

import (
	"context"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toBlock converts a series_blocks row. Days and sample times are Unix ms
// in both the row and engine.Block.
func toBlock(r sqlitedb.SeriesBlock) engine.Block {
	return engine.Block{
		DataSourceID: r.DataSourceID, TypeID: int(r.TypeID), Day: r.Day, UserID: r.UserID,
		Count: int(r.Count), First: r.FirstTs, Last: r.LastTs, Min: r.Min, Max: r.Max, Sum: r.Sum,
		Payload: r.Payload, UpdatedAt: fromMS(r.UpdatedAt),
	}
}

func (o *ops) GetBlock(ctx context.Context, dataSourceID string, typeID int, day int64) (engine.Block, error) {
	r, err := o.q.GetBlock(ctx, sqlitedb.GetBlockParams{DataSourceID: dataSourceID, TypeID: int64(typeID), Day: day})
	if err != nil {
		return engine.Block{}, nf(err)
	}
	return toBlock(r), nil
}

func (o *ops) PutBlock(ctx context.Context, b engine.Block) error {
	return o.q.PutBlock(ctx, sqlitedb.PutBlockParams{
		DataSourceID: b.DataSourceID, TypeID: int64(b.TypeID), Day: b.Day, UserID: b.UserID,
		Count: int64(b.Count), FirstTs: b.First, LastTs: b.Last, Min: b.Min, Max: b.Max, Sum: b.Sum,
		Payload: b.Payload, UpdatedAt: ms(b.UpdatedAt),
	})
}

func (o *ops) DeleteBlock(ctx context.Context, dataSourceID string, typeID int, day int64) error {
	return o.q.DeleteBlock(ctx, sqlitedb.DeleteBlockParams{DataSourceID: dataSourceID, TypeID: int64(typeID), Day: day})
}

func (o *ops) SourceBlocks(ctx context.Context, dataSourceID string, typeID int, fromDay, toDay int64) ([]engine.Block, error) {
	rs, err := o.q.SourceBlocks(ctx, sqlitedb.SourceBlocksParams{
		DataSourceID: dataSourceID, TypeID: int64(typeID), FromDay: fromDay, ToDay: toDay,
	})
	if err != nil {
		return nil, err
	}
	out := make([]engine.Block, len(rs))
	for i, r := range rs {
		out[i] = toBlock(r)
	}
	return out, nil
}

// BlocksInRange is hand-built (engine.BlocksQuery): the type and data
// source lists are optional.
func (o *ops) BlocksInRange(ctx context.Context, q engine.BlockQuery) ([]engine.Block, error) {
	sq := engine.BlocksQuery(dialect(), q, func(day int64) any { return day })
	if sq.Never {
		return nil, nil
	}
	query, args := sq.SQL()
	rows, err := o.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []engine.Block
	for rows.Next() {
		var r sqlitedb.SeriesBlock
		if err := rows.Scan(&r.DataSourceID, &r.TypeID, &r.Day, &r.UserID, &r.Count, &r.FirstTs, &r.LastTs,
			&r.Min, &r.Max, &r.Sum, &r.Payload, &r.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, toBlock(r))
	}
	return out, rows.Err()
}

// LockBlock is a no-op: SQLite has one writer connection, so writers are
// already serialized.
func (o *ops) LockBlock(context.Context, string, int, int64) error { return nil }
