package syncer

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SyncInterrupted is the status of a run whose process died (or was shut
// down) before it ended; the sync continues in a new run.
const SyncInterrupted domain.SyncRunStatus = "interrupted"

// ErrYield ends a slice of a sync job at a page boundary: everything so
// far is stored and the next slice continues after it.
var ErrYield = errors.New("syncer: slice done")

// sliceState is what one slice leaves for the next (jobs.Save): which
// run it belongs to and that run's counts so far.
type sliceState struct {
	Gen     int  `json:"gen"`
	Seq     int  `json:"seq"`
	Open    bool `json:"open"`
	Fetched int  `json:"fetched"`
	Stored  int  `json:"stored"`
	Updated int  `json:"updated"`
	Deleted int  `json:"deleted"`
}

// runNamespace makes job runs' ids (UUIDv5 of job, generation and
// sequence): every slice of a run finds its run again, and a run of a
// dead attempt is known without having been recorded anywhere else.
var runNamespace = uuid.MustParse("6f1c1c2e-4b53-4c1d-9a53-77682d72756e")

func jobRunID(job int64, gen, seq int) string {
	return uuid.NewSHA1(runNamespace, []byte(strconv.FormatInt(job, 10)+"/"+strconv.Itoa(gen)+"/"+strconv.Itoa(seq))).String()
}

// isJobRun reports whether id was made by jobRunID (inline syncs and
// webhook fetches get time-ordered v7 ids).
func isJobRun(id string) bool {
	u, err := uuid.Parse(id)
	return err == nil && u.Version() == 5
}

// syncSlice runs one attempt of a sync job for at most one slice. A
// slice of the same generation continues the previous slice's run; a new
// generation (the previous attempt failed, or its process died) closes
// whatever the dead attempts left in progress as interrupted and starts
// a new run.
func (s *Syncer) syncSlice(ctx context.Context, a jobs.SyncArgs, at jobs.Attempt) error {
	c, err := s.o.Store.ConnectionByID(ctx, a.ConnectionID)
	if err != nil {
		return fmt.Errorf("syncer: %w", err)
	}
	if c.Status != domain.ConnectionActive {
		return fmt.Errorf("syncer: connection %s is %s: %w", c.ID, c.Status, ErrInactive)
	}
	prov, err := s.o.Registry.Get(c.Provider)
	if err != nil {
		return fmt.Errorf("syncer: %w: %w", ErrInactive, err)
	}
	prev := sliceState{Gen: -1}
	if len(at.Saved) > 0 {
		_ = json.Unmarshal(at.Saved, &prev) // a foreign or old output starts afresh
	}
	st := sliceState{Gen: at.Generation}
	if prev.Gen == at.Generation {
		st.Seq = prev.Seq
		if prev.Open {
			st.Fetched, st.Stored, st.Updated, st.Deleted = prev.Fetched, prev.Stored, prev.Updated, prev.Deleted
		} else {
			st.Seq++
		}
	}
	run := domain.SyncRun{ID: jobRunID(at.JobID, st.Gen, st.Seq), UserID: c.UserID, ConnectionID: c.ID, Provider: c.Provider,
		Source: a.Source, Status: domain.SyncRunning, StartedAt: s.o.Now()}
	if err := s.interruptOthers(ctx, c, run.ID); err != nil {
		return err
	}
	if !(prev.Gen == at.Generation && prev.Open) {
		if run, err = s.o.Store.CreateSyncRun(ctx, run); err != nil {
			return fmt.Errorf("syncer: start run: %w", err)
		}
	}
	req := Request{ConnectionID: a.ConnectionID, Source: a.Source, Days: a.Days}
	if at.Continued {
		req.DoneSince = at.AskedAt
	}
	var counts Counts
	syncErr := s.syncAll(s.withRunTypes(withRun(withSliceEnd(ctx, at.SliceEnd), run.ID), run.ID), &c, prov, req, &counts)
	st.Fetched += counts.Fetched
	st.Stored += counts.Stored
	st.Updated += counts.Updated
	st.Deleted += counts.Deleted
	if syncErr != nil && ctx.Err() != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) {
		syncErr = ErrYield // cut off at the attempt's deadline: the same
	}
	if errors.Is(syncErr, ErrYield) {
		s.o.Logger.DebugContext(ctx, "sync slice done", slog.String("connection_id", c.ID), slog.Int64("job_id", at.JobID),
			slog.Int("fetched", counts.Fetched), slog.String("at", syncErr.Error()))
		st.Open = true
		if err := jobs.Save(ctx, st); err != nil {
			return fmt.Errorf("syncer: save slice: %w", err)
		}
		return ErrYield
	}
	if syncErr == nil {
		if err := s.o.Store.MarkConnectionSynced(ctx, c.ID, s.o.Now()); err != nil {
			syncErr = err
		}
	}
	total := Counts{Fetched: st.Fetched, Stored: st.Stored, Updated: st.Updated, Deleted: st.Deleted, Errors: counts.Errors}
	if errors.Is(syncErr, context.Canceled) {
		// Shut down under the run: it is continued after the restart.
		s.interrupt(ctx, run, total, "the process stopped during this sync; it continues in a new run")
		return syncErr
	}
	_ = jobs.Save(ctx, st) // closed: a later attempt of this job opens a new run
	_, err = s.finish(ctx, run, total, syncErr)
	return err
}

// interruptOthers closes every job run of c still in progress other than
// keep. Only one sync job of a connection runs at a time, so such a run
// was left by an attempt whose process died.
func (s *Syncer) interruptOthers(ctx context.Context, c domain.Connection, keep string) error {
	runs, err := s.o.Store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: c.UserID, Status: domain.SyncRunning, Limit: 100})
	if err != nil {
		return fmt.Errorf("syncer: runs in progress: %w", err)
	}
	for _, r := range runs {
		if r.ConnectionID != c.ID || r.ID == keep || r.Source == SourceWebhook || !isJobRun(r.ID) {
			continue
		}
		s.interrupt(ctx, r, Counts{Fetched: r.Fetched, Stored: r.Stored, Updated: r.Updated, Deleted: r.Deleted},
			"the process running this sync stopped; it continues in run "+keep)
	}
	return nil
}

// interrupt records a run as interrupted.
func (s *Syncer) interrupt(ctx context.Context, r domain.SyncRun, n Counts, why string) {
	r.Fetched, r.Stored, r.Updated, r.Deleted = n.Fetched, n.Stored, n.Updated, n.Deleted
	r.Status, r.Error = SyncInterrupted, why
	now := s.o.Now()
	r.EndedAt = &now
	if err := s.o.Store.FinishSyncRun(context.WithoutCancel(ctx), r); err != nil {
		s.o.Logger.WarnContext(ctx, "recording an interrupted sync run failed", slog.String("run_id", r.ID), slog.Any("error", err))
	}
	s.o.Metrics.SyncRun(string(r.Provider), r.Source, string(r.Status))
}

type sliceEndKey struct{}

// withSliceEnd makes the pages stored under ctx end the slice once end
// has passed (wall time: slices bound real work, whatever the sync clock).
func withSliceEnd(ctx context.Context, end time.Time) context.Context {
	if end.IsZero() {
		return ctx
	}
	return context.WithValue(ctx, sliceEndKey{}, end)
}

// yieldAfter ends the slice once its time is up, after a stored page.
func yieldAfter(ctx context.Context) error {
	if end, ok := ctx.Value(sliceEndKey{}).(time.Time); ok && time.Now().After(end) {
		return ErrYield
	}
	return nil
}
