package engine

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// blockID names a block in errors and outbox rows:
// "<data source>/<type id>/<YYYY-MM-DD>".
func blockID(dataSourceID string, typeID int, day int64) string {
	return fmt.Sprintf("%s/%d/%s", dataSourceID, typeID, time.UnixMilli(day).UTC().Format(time.DateOnly))
}

// decodeBlock decodes a stored block; a failure is ErrCorruptBlock naming
// the block, so one bad row is reported instead of crashing a read.
func decodeBlock(b Block) ([]timeseries.Sample, error) {
	s, err := timeseries.Decode(b.Payload)
	if err != nil {
		return nil, fmt.Errorf("store: block %s: %w: %w", blockID(b.DataSourceID, b.TypeID, b.Day), store.ErrCorruptBlock, err)
	}
	return s, nil
}

// encodeBlock encodes a day's samples into a block row with header stats.
func encodeBlock(userID, dataSourceID string, typeID, scale int, day int64, samples []timeseries.Sample, now time.Time) (Block, error) {
	payload, err := timeseries.Encode(scale, samples)
	if err != nil {
		return Block{}, fmt.Errorf("store: encode block %s: %w", blockID(dataSourceID, typeID, day), err)
	}
	info, err := timeseries.Info(payload)
	if err != nil {
		return Block{}, fmt.Errorf("store: encode block %s: %w", blockID(dataSourceID, typeID, day), err)
	}
	return Block{
		DataSourceID: dataSourceID, TypeID: typeID, Day: day, UserID: userID,
		Count: info.Count, First: info.First, Last: info.Last,
		Min: info.Min, Max: info.Max, Sum: info.Sum,
		Payload: payload, UpdatedAt: now,
	}, nil
}

// countMerge classifies incoming samples against a block's stored ones
// (both sorted by T, unique): a new T is created, a stored T with a
// different value (at the block's precision) or offset is updated, and an
// identical one is unchanged.
func countMerge(old, incoming []timeseries.Sample, scale int) domain.WriteResult {
	var r domain.WriteResult
	i := 0
	for _, s := range incoming {
		for i < len(old) && old[i].T < s.T {
			i++
		}
		if i == len(old) || old[i].T != s.T {
			r.Created++
			continue
		}
		v, ok := timeseries.Round(s.V, scale)
		if ok && v == old[i].V && s.Offset == old[i].Offset {
			r.Unchanged++
			continue
		}
		r.Updated++
	}
	return r
}

// WriteSamples merges samples into the UTC-day blocks of one data source
// and series type, last write winning per timestamp. Days whose samples
// are all already stored are not rewritten. Each rewritten block appends
// one outbox row. The days are locked, read, written and logged with one
// statement each, however many there are.
func (t *Tx) WriteSamples(ctx context.Context, userID, dataSourceID string, typeID int, samples []timeseries.Sample) (domain.WriteResult, error) {
	st, ok := domain.SeriesTypeByID(typeID)
	if !ok {
		return domain.WriteResult{}, fmt.Errorf("store: write samples: unknown series type id %d", typeID)
	}
	if userID == "" || dataSourceID == "" {
		return domain.WriteResult{}, fmt.Errorf("store: write samples: user id and data source id are required")
	}
	days := timeseries.SplitByDay(samples)
	if len(days) == 0 {
		return domain.WriteResult{}, nil
	}
	order := slices.Sorted(maps.Keys(days))
	if err := t.lockBlocks(ctx, dataSourceID, typeID, order); err != nil {
		return domain.WriteResult{}, err
	}
	stored, err := t.sourceBlocks(ctx, dataSourceID, typeID, order[0], order[len(order)-1])
	if err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: read blocks: %w", err)
	}
	prev := make(map[int64]Block, len(stored))
	for _, b := range stored {
		prev[b.Day] = b
	}
	var total domain.WriteResult
	now := t.clock()
	var puts []Block
	var cs []outboxRow
	for _, day := range order {
		incoming := days[day]
		var old []timeseries.Sample
		pb, found := prev[day]
		if found {
			if old, err = decodeBlock(pb); err != nil {
				return total, err
			}
		}
		res := countMerge(old, incoming, st.Scale)
		total.Add(res)
		if res.Created+res.Updated == 0 {
			continue
		}
		b, err := encodeBlock(userID, dataSourceID, typeID, st.Scale, day, timeseries.Merge(old, incoming), now)
		if err != nil {
			return total, err
		}
		puts = append(puts, b)
		ct := domain.ChangeUpdated
		if !found {
			ct = domain.ChangeCreated
		}
		cs = append(cs, outboxRow{source: dataSourceID, c: domain.Change{UserID: userID, Kind: domain.ChangeKindSeries, RecordID: blockID(dataSourceID, typeID, day), ChangeType: ct, At: now}})
	}
	if err := t.putBlocks(ctx, puts); err != nil {
		return total, err
	}
	return total, t.changes(ctx, cs)
}

// ReadSamples decodes only the blocks whose day overlaps [Start, End) and
// returns the samples inside it, one group per (data source, type).
func (t *Tx) ReadSamples(ctx context.Context, q store.SampleQuery) ([]store.SeriesData, error) {
	var out []store.SeriesData
	err := t.eachBlockInRange(ctx, q, func(b Block, in []timeseries.Sample, bound int) {
		n := len(out)
		if n == 0 || out[n-1].DataSourceID != b.DataSourceID || out[n-1].TypeID != b.TypeID {
			out = append(out, store.SeriesData{DataSourceID: b.DataSourceID, TypeID: b.TypeID, Samples: make([]timeseries.Sample, 0, bound)})
			n++
		}
		out[n-1].Samples = append(out[n-1].Samples, in...)
	})
	if err != nil {
		return nil, fmt.Errorf("store: read samples: %w", err)
	}
	return out, nil
}

// eachBlockInRange calls fn, in block order, with every block of q that
// holds samples in [Start, End) and those samples. Blocks are decoded into
// one reused buffer, so fn must copy what it keeps; a block whose header
// shows nothing in range is not decoded at all. bound is at least the
// number of samples the block's series has in range (the headers' counts),
// for sizing what fn builds once instead of growing it block by block.
func (t *Tx) eachBlockInRange(ctx context.Context, q store.SampleQuery, fn func(b Block, in []timeseries.Sample, bound int)) error {
	start, end := q.Start.UnixMilli(), q.End.UnixMilli()
	if end <= start {
		return nil
	}
	blocks, err := t.blocksInRange(ctx, BlockQuery{
		UserID: q.UserID, TypeIDs: q.TypeIDs, DataSourceIDs: q.DataSourceIDs,
		FromDay: timeseries.DayStart(start), ToDay: timeseries.DayStart(end - 1),
	})
	if err != nil {
		return err
	}
	var buf []timeseries.Sample
	bound := 0
	for i, b := range blocks {
		if b.Last < start || b.First >= end {
			continue
		}
		if i == 0 || blocks[i-1].DataSourceID != b.DataSourceID || blocks[i-1].TypeID != b.TypeID {
			bound = seriesBound(blocks[i:], start, end)
		}
		samples, err := timeseries.DecodeInto(buf, b.Payload)
		if err != nil {
			return fmt.Errorf("block %s: %w: %w", blockID(b.DataSourceID, b.TypeID, b.Day), store.ErrCorruptBlock, err)
		}
		buf = samples
		lo, _ := slices.BinarySearchFunc(samples, start, func(s timeseries.Sample, t int64) int { return cmpInt(s.T, t) })
		hi, _ := slices.BinarySearchFunc(samples, end, func(s timeseries.Sample, t int64) int { return cmpInt(s.T, t) })
		if lo < hi {
			fn(b, samples[lo:hi], bound)
		}
	}
	return nil
}

// seriesBound sums the sample counts of the in-range blocks of the series
// blocks[0] starts.
func seriesBound(blocks []Block, start, end int64) int {
	n := 0
	for _, b := range blocks {
		if b.DataSourceID != blocks[0].DataSourceID || b.TypeID != blocks[0].TypeID {
			break
		}
		if b.Last >= start && b.First < end {
			n += int(b.Count)
		}
	}
	return n
}

// cmpInt compares two int64s.
func cmpInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// DeleteSamples removes samples in [start, end): blocks entirely inside
// are deleted without decoding, partly covered ones are rewritten at their
// own stored precision.
func (t *Tx) DeleteSamples(ctx context.Context, dataSourceID string, typeID int, start, end time.Time) error {
	s, e := start.UnixMilli(), end.UnixMilli()
	if e <= s {
		return nil
	}
	from, to := timeseries.DayStart(s), timeseries.DayStart(e-1)
	var days []int64
	for d := from; d <= to; d += 24 * 3600 * 1000 {
		days = append(days, d)
	}
	if len(days) > 400 {
		days = nil // a wide range locks the series' blocks row by row below
	}
	if err := t.lockBlocks(ctx, dataSourceID, typeID, days); err != nil {
		return err
	}
	blocks, err := t.sourceBlocks(ctx, dataSourceID, typeID, from, to)
	if err != nil {
		return fmt.Errorf("store: delete samples: %w", err)
	}
	now := t.clock()
	for _, b := range blocks {
		if b.Last < s || b.First >= e {
			continue
		}
		id := blockID(b.DataSourceID, b.TypeID, b.Day)
		if days == nil {
			if err := t.lockBlocks(ctx, b.DataSourceID, b.TypeID, []int64{b.Day}); err != nil {
				return err
			}
			// Re-read under the lock: a concurrent writer may have changed it.
			bs, err := t.sourceBlocks(ctx, b.DataSourceID, b.TypeID, b.Day, b.Day)
			if err != nil {
				return fmt.Errorf("store: read block %s: %w", id, err)
			}
			if len(bs) == 0 || bs[0].Last < s || bs[0].First >= e {
				continue
			}
			b = bs[0]
		}
		keep, scale, err := t.keepOutside(b, s, e)
		if err != nil {
			return err
		}
		ct := domain.ChangeUpdated
		if len(keep) == 0 {
			ct = domain.ChangeDeleted
			if _, err := t.db.Exec(ctx, "DELETE FROM series_blocks WHERE data_source_id = ?1 AND type_id = ?2 AND day = ?3", b.DataSourceID, b.TypeID, b.Day); err != nil {
				return fmt.Errorf("store: delete block %s: %w", id, err)
			}
		} else {
			nb, err := encodeBlock(b.UserID, b.DataSourceID, b.TypeID, scale, b.Day, keep, now)
			if err != nil {
				return err
			}
			if err := t.putBlocks(ctx, []Block{nb}); err != nil {
				return fmt.Errorf("store: rewrite block %s: %w", id, err)
			}
		}
		if err := t.change(ctx, b.DataSourceID, b.UserID, domain.ChangeKindSeries, id, ct, now); err != nil {
			return err
		}
	}
	return nil
}

// keepOutside returns the block's samples outside [s, e) and its scale.
// A block wholly inside the range is not decoded at all, so even a corrupt
// block can be deleted.
func (t *Tx) keepOutside(b Block, s, e int64) ([]timeseries.Sample, int, error) {
	if b.First >= s && b.Last < e {
		return nil, 0, nil
	}
	info, err := timeseries.Info(b.Payload)
	if err != nil {
		return nil, 0, fmt.Errorf("store: block %s: %w: %w", blockID(b.DataSourceID, b.TypeID, b.Day), store.ErrCorruptBlock, err)
	}
	samples, err := decodeBlock(b)
	if err != nil {
		return nil, 0, err
	}
	keep := slices.DeleteFunc(samples, func(x timeseries.Sample) bool { return x.T >= s && x.T < e })
	return keep, info.Scale, nil
}

// blockCols is the width of a series_blocks row.
const blockCols = 12

func scanBlock(r Rows) (Block, error) {
	var b Block
	var up int64
	err := r.Scan(&b.DataSourceID, &b.TypeID, &b.Day, &b.UserID, &b.Count, &b.First, &b.Last, &b.Min, &b.Max, &b.Sum, &b.Payload, &up)
	b.UpdatedAt = fromMS(up)
	return b, err
}

// lockBlocks serializes writers of the given days of one series until
// the transaction ends, so two concurrent merges cannot lose each
// other's samples: one statement for all days, taken in day order.
func (t *Tx) lockBlocks(ctx context.Context, dataSourceID string, typeID int, days []int64) error {
	if t.d.LockKeys == nil || len(days) == 0 {
		return nil
	}
	keys := make([]any, len(days))
	for i, d := range days {
		keys[i] = fmt.Sprintf("wearhouse:block:%s/%d/%d", dataSourceID, typeID, d)
	}
	if _, err := t.db.Exec(ctx, t.d.LockKeys(len(keys)), keys...); err != nil {
		return fmt.Errorf("store: lock blocks of %s/%d: %w", dataSourceID, typeID, err)
	}
	return nil
}

// sourceBlocks lists one series' blocks with day in [fromDay, toDay].
func (t *Tx) sourceBlocks(ctx context.Context, dataSourceID string, typeID int, fromDay, toDay int64) ([]Block, error) {
	return list(ctx, t.db, "SELECT "+BlockColumns+" FROM series_blocks b WHERE b.data_source_id = ?1 AND b.type_id = ?2 AND b.day >= ?3 AND b.day <= ?4 ORDER BY b.day",
		[]any{dataSourceID, typeID, fromDay, toDay}, scanBlock)
}

// blocksInRange lists a user's blocks by data source, type and day.
func (t *Tx) blocksInRange(ctx context.Context, q BlockQuery) ([]Block, error) {
	query, args := BlocksQuery(t.d, q).SQL()
	return list(ctx, t.db, query, args, scanBlock)
}

// putBlocks inserts or replaces blocks at their keys.
func (t *Tx) putBlocks(ctx context.Context, bs []Block) error {
	for chunk := range chunks(bs, blockCols) {
		args := make([]any, 0, len(chunk)*blockCols)
		for _, b := range chunk {
			args = append(args, b.DataSourceID, b.TypeID, b.Day, b.UserID, b.Count, b.First, b.Last, b.Min, b.Max, b.Sum, b.Payload, ms(b.UpdatedAt))
		}
		_, err := t.db.Exec(ctx, `INSERT INTO series_blocks (data_source_id, type_id, day, user_id, count, first_ts, last_ts, min, max, sum, payload, updated_at)
VALUES `+values(len(chunk), blockCols)+`
ON CONFLICT (data_source_id, type_id, day) DO UPDATE SET count = excluded.count, first_ts = excluded.first_ts,
    last_ts = excluded.last_ts, min = excluded.min, max = excluded.max, sum = excluded.sum,
    payload = excluded.payload, updated_at = excluded.updated_at`, args...)
		if err != nil {
			return fmt.Errorf("store: write %d blocks: %w", len(chunk), err)
		}
	}
	return nil
}
