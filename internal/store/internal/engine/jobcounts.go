package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/store"
)

// JobCounts counts River's jobs per kind and state. River keeps its
// queue in the store's own database (river_job, on either engine).
func (t *Tx) JobCounts(ctx context.Context) ([]store.JobCount, error) {
	out, err := list(ctx, t.db, `SELECT kind, CAST(state AS TEXT), COUNT(*) FROM river_job GROUP BY kind, state ORDER BY kind, 2`, nil,
		func(rs Rows) (store.JobCount, error) {
			var c store.JobCount
			err := rs.Scan(&c.Kind, &c.State, &c.Count)
			return c, err
		})
	if err != nil {
		return nil, fmt.Errorf("store: job counts: %w", err)
	}
	return out, nil
}
