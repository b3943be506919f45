package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// day converts a Unix-ms day or sample time to its timestamptz value.
func day(msec int64) time.Time { return time.UnixMilli(msec).UTC() }

// toBlock converts a series_blocks row.
func toBlock(r pgdb.SeriesBlock) engine.Block {
	return engine.Block{
		DataSourceID: r.DataSourceID.String(), TypeID: int(r.TypeID), Day: r.Day.UnixMilli(), UserID: r.UserID.String(),
		Count: int(r.Count), First: r.FirstTs.UnixMilli(), Last: r.LastTs.UnixMilli(),
		Min: r.Min, Max: r.Max, Sum: r.Sum, Payload: r.Payload, UpdatedAt: fromTS(r.UpdatedAt),
	}
}

// toBlocks converts a list of rows.
func toBlocks(rs []pgdb.SeriesBlock, err error) ([]engine.Block, error) {
	if err != nil {
		return nil, err
	}
	out := make([]engine.Block, len(rs))
	for i, r := range rs {
		out[i] = toBlock(r)
	}
	return out, nil
}

func (o *ops) GetBlock(ctx context.Context, dataSourceID string, typeID int, d int64) (engine.Block, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return engine.Block{}, err
	}
	r, err := o.q.GetBlock(ctx, pgdb.GetBlockParams{DataSourceID: ds, TypeID: int32(typeID), Day: day(d)})
	if err != nil {
		return engine.Block{}, nf(err)
	}
	return toBlock(r), nil
}

func (o *ops) PutBlock(ctx context.Context, b engine.Block) error {
	var cv conv
	p := pgdb.PutBlockParams{
		DataSourceID: cv.id(b.DataSourceID), TypeID: int32(b.TypeID), Day: day(b.Day), UserID: cv.id(b.UserID),
		Count: int64(b.Count), FirstTs: day(b.First), LastTs: day(b.Last), Min: b.Min, Max: b.Max, Sum: b.Sum,
		Payload: b.Payload, UpdatedAt: ts(b.UpdatedAt),
	}
	if cv.err != nil {
		return cv.err
	}
	return o.q.PutBlock(ctx, p)
}

func (o *ops) DeleteBlock(ctx context.Context, dataSourceID string, typeID int, d int64) error {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return err
	}
	return o.q.DeleteBlock(ctx, pgdb.DeleteBlockParams{DataSourceID: ds, TypeID: int32(typeID), Day: day(d)})
}

func (o *ops) SourceBlocks(ctx context.Context, dataSourceID string, typeID int, fromDay, toDay int64) ([]engine.Block, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	return toBlocks(o.q.SourceBlocks(ctx, pgdb.SourceBlocksParams{
		DataSourceID: ds, TypeID: int32(typeID), FromDay: day(fromDay), ToDay: day(toDay),
	}))
}

// BlocksInRange is hand-built (engine.BlocksQuery): the type and data
// source lists are optional.
func (o *ops) BlocksInRange(ctx context.Context, q engine.BlockQuery) ([]engine.Block, error) {
	sq := engine.BlocksQuery(dialect(), q, func(d int64) any { return day(d) })
	if sq.Never {
		return nil, nil
	}
	query, args := sq.SQL()
	rows, err := o.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []engine.Block
	for rows.Next() {
		var r pgdb.SeriesBlock
		if err := rows.Scan(&r.DataSourceID, &r.TypeID, &r.Day, &r.UserID, &r.Count, &r.FirstTs, &r.LastTs,
			&r.Min, &r.Max, &r.Sum, &r.Payload, &r.UpdatedAt); err != nil {
			return nil, err
		}
		out = append(out, toBlock(r))
	}
	return out, rows.Err()
}

// LockBlock takes a transaction advisory lock on the block's key. A row
// lock would not do: the block may not exist yet, and two first writers
// would both insert.
func (o *ops) LockBlock(ctx context.Context, dataSourceID string, typeID int, d int64) error {
	_, err := o.db.Exec(ctx, "SELECT pg_advisory_xact_lock(hashtextextended($1, 0))",
		fmt.Sprintf("wearhouse:block:%s/%d/%d", dataSourceID, typeID, d))
	return err
}
