package syncer

import (
	"context"
	"errors"
	"log/slog"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// runTypes records what each data type of one sync run does, as the
// types start and end (store.SyncHistoryWriter): the material of the sync
// history and of the sync event stream. Recording is best effort — a
// failure is logged and never fails the sync it describes.
type runTypes struct {
	s     *Syncer
	runID string
	// covered is the window walked per data type in this slice.
	covered map[string]provider.Window
}

type runTypesKey struct{}

// withRunTypes makes the data types synced under ctx record into run.
func (s *Syncer) withRunTypes(ctx context.Context, runID string) context.Context {
	return context.WithValue(ctx, runTypesKey{}, &runTypes{s: s, runID: runID, covered: map[string]provider.Window{}})
}

func runTypesFrom(ctx context.Context) *runTypes {
	r, _ := ctx.Value(runTypesKey{}).(*runTypes)
	return r
}

// cover notes the window a data type walks.
func (r *runTypes) cover(dataType string, w provider.Window) {
	if r != nil {
		r.covered[dataType] = w
	}
}

// start records that a data type began (one more attempt).
func (r *runTypes) start(ctx context.Context, pos int, dataType string) {
	if r == nil {
		return
	}
	r.put(ctx, domain.SyncRunDataType{RunID: r.runID, DataType: dataType, Position: pos, Status: domain.SyncRunning, Attempts: 1})
}

// finish adds what a data type did in this slice and its outcome: still
// in progress when the slice ended or the process stopped under it.
func (r *runTypes) finish(ctx context.Context, pos int, dataType string, n Counts, err error) {
	if r == nil {
		return
	}
	d := domain.SyncRunDataType{RunID: r.runID, DataType: dataType, Position: pos, Status: domain.SyncSuccess,
		Fetched: n.Fetched, Stored: n.Stored, Updated: n.Updated, Deleted: n.Deleted}
	if w, ok := r.covered[dataType]; ok && w.Start.Before(w.End) {
		d.CoveredStart, d.CoveredEnd = &w.Start, &w.End
	}
	switch {
	case errors.Is(err, ErrYield) || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded):
		d.Status = domain.SyncRunning
	case err != nil:
		d.Status, d.Error = domain.SyncFailed, err.Error()
		if _, limited := provider.RetryAfter(err); limited {
			d.Status = domain.SyncPartial
		}
	case len(n.Errors) > 0:
		d.Status, d.Error = domain.SyncPartial, joinErrors(n.Errors)
	}
	r.put(context.WithoutCancel(ctx), d)
}

func (r *runTypes) put(ctx context.Context, d domain.SyncRunDataType) {
	if err := r.s.o.Store.PutSyncRunDataType(ctx, d); err != nil {
		r.s.o.Logger.WarnContext(ctx, "recording a sync run's data type failed", slog.String("run_id", d.RunID),
			slog.String("data_type", d.DataType), slog.Any("error", err))
	}
}
