package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SyncRun returns one sync run.
func (t *Tx) SyncRun(ctx context.Context, id string) (domain.SyncRun, error) {
	sq := NewQuery(t.d, "SELECT "+syncRunCols+" FROM sync_runs")
	sq.Where("id = %s", sq.Arg(id))
	query, args := sq.SQL()
	rs, err := list(ctx, t.db, query, args, scanSyncRun)
	if err != nil {
		return domain.SyncRun{}, fmt.Errorf("store: sync run %s: %w", id, err)
	}
	if len(rs) == 0 {
		return domain.SyncRun{}, fmt.Errorf("store: sync run %s: %w", id, store.ErrNotFound)
	}
	return rs[0], nil
}

// SyncRunDataTypes returns the data types of runIDs.
func (t *Tx) SyncRunDataTypes(ctx context.Context, runIDs []string) ([]domain.SyncRunDataType, error) {
	if len(runIDs) == 0 {
		return nil, nil
	}
	sq := NewQuery(t.d, `SELECT run_id, data_type, position, status, attempts, fetched, stored, updated, deleted, error,
       covered_start, covered_end, updated_at FROM sync_run_data_types`)
	sq.In("run_id", runIDs)
	sq.Tail(" ORDER BY run_id, position, data_type")
	query, args := sq.SQL()
	out, err := list(ctx, t.db, query, args, func(r Rows) (domain.SyncRunDataType, error) {
		var d domain.SyncRunDataType
		var start, end *int64
		var up int64
		err := r.Scan(&d.RunID, &d.DataType, &d.Position, &d.Status, &d.Attempts, &d.Fetched, &d.Stored, &d.Updated, &d.Deleted,
			&d.Error, &start, &end, &up)
		d.CoveredStart, d.CoveredEnd, d.UpdatedAt = fromMSPtr(start), fromMSPtr(end), fromMS(up)
		return d, err
	})
	if err != nil {
		return nil, fmt.Errorf("store: sync run data types: %w", err)
	}
	return out, nil
}

// PutSyncRunDataType adds to a run's data type row (see the interface).
func (t *Tx) PutSyncRunDataType(ctx context.Context, d domain.SyncRunDataType) error {
	if d.RunID == "" || d.DataType == "" || d.Status == "" {
		return fmt.Errorf("store: put sync run data type: run id, data type and status are required")
	}
	d.CoveredStart, d.CoveredEnd = MSPtr(d.CoveredStart), MSPtr(d.CoveredEnd)
	// The covered window only widens: the earliest start and the latest
	// end of every window the run walked for the type.
	_, err := t.db.Exec(ctx, `INSERT INTO sync_run_data_types (run_id, data_type, position, status, attempts, fetched, stored, updated,
    deleted, error, covered_start, covered_end, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)
ON CONFLICT (run_id, data_type) DO UPDATE SET status = excluded.status, error = excluded.error,
    attempts = sync_run_data_types.attempts + excluded.attempts,
    fetched = sync_run_data_types.fetched + excluded.fetched, stored = sync_run_data_types.stored + excluded.stored,
    updated = sync_run_data_types.updated + excluded.updated, deleted = sync_run_data_types.deleted + excluded.deleted,
    covered_start = CASE WHEN sync_run_data_types.covered_start IS NULL
        OR excluded.covered_start < sync_run_data_types.covered_start THEN coalesce(excluded.covered_start, sync_run_data_types.covered_start)
        ELSE sync_run_data_types.covered_start END,
    covered_end = CASE WHEN sync_run_data_types.covered_end IS NULL
        OR excluded.covered_end > sync_run_data_types.covered_end THEN coalesce(excluded.covered_end, sync_run_data_types.covered_end)
        ELSE sync_run_data_types.covered_end END,
    updated_at = excluded.updated_at`,
		d.RunID, d.DataType, d.Position, string(d.Status), d.Attempts, d.Fetched, d.Stored, d.Updated, d.Deleted, d.Error,
		msPtr(d.CoveredStart), msPtr(d.CoveredEnd), ms(t.clock()))
	if err != nil {
		return fmt.Errorf("store: put sync run data type %s/%s: %w", d.RunID, d.DataType, err)
	}
	return nil
}

// PutSyncRunDataType implements store.Writer.
func (s *Store) PutSyncRunDataType(ctx context.Context, d domain.SyncRunDataType) error {
	return exec(s, ctx, func(t *Tx) error { return t.PutSyncRunDataType(ctx, d) })
}
