package syncer

import (
	"context"

	"github.com/wearhouse/wearhouse/internal/store"
)

type runKey struct{}

// withRun makes the pages stored under ctx add their counts to run id as
// they commit, so a run in progress reports what is already readable
// instead of zeros until it ends.
func withRun(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, runKey{}, id)
}

// recordProgress adds a stored page's counts to the run of ctx, in the
// page's transaction: the counts and the data they count commit together.
func recordProgress(ctx context.Context, tx store.Tx, n Counts) error {
	id, ok := ctx.Value(runKey{}).(string)
	if !ok || id == "" || (n.Fetched == 0 && n.Stored == 0 && n.Updated == 0 && n.Deleted == 0) {
		return nil
	}
	return tx.AddSyncRunProgress(ctx, id, n.Fetched, n.Stored, n.Updated, n.Deleted)
}
