package api

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// syncEventSpace names the event ids: an event's id is a hash of what it
// says, so the same event read twice (the recent list, a stream replay, a
// second replica) has the same id and clients can deduplicate.
var syncEventSpace = uuid.MustParse("6f1b3c7e-2a57-4d0e-9a86-0c2f5d1e8b43")

// ListRecentSyncEvents implements GET /api/v1/users/{user_id}/sync/recent.
func (s *Server) ListRecentSyncEvents(ctx context.Context, req apigen.ListRecentSyncEventsRequestObject) (apigen.ListRecentSyncEventsResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	evs, err := s.recentSyncEvents(ctx, userID, deref(req.Params.Limit, 50))
	if err != nil {
		return nil, err
	}
	slices.Reverse(evs)
	return apigen.ListRecentSyncEvents200JSONResponse(evs), nil
}

// recentSyncEvents returns the user's latest n events, oldest first:
// each run's started event and, when it has made progress or ended, its
// latest one.
func (s *Server) recentSyncEvents(ctx context.Context, userID string, n int) ([]apigen.SyncStatusEvent, error) {
	runs, err := s.store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: userID, Limit: n})
	if err != nil {
		return nil, fmt.Errorf("api: sync events: %w", err)
	}
	types, err := s.runTypes(ctx, runs)
	if err != nil {
		return nil, err
	}
	var out []apigen.SyncStatusEvent
	for _, r := range runs {
		out = append(out, s.syncEvent(r, nil, apigen.SyncEventRunStarted))
		if k := runEventKind(r, types[r.ID]); k != apigen.SyncEventRunStarted {
			out = append(out, s.syncEvent(r, types[r.ID], k))
		}
	}
	slices.SortStableFunc(out, func(a, b apigen.SyncStatusEvent) int { return a.Timestamp.Compare(b.Timestamp) })
	if len(out) > n {
		out = out[len(out)-n:]
	}
	return out, nil
}

// runEventKind is the latest event a run's state calls for.
func runEventKind(r domain.SyncRun, types []domain.SyncRunDataType) apigen.SyncEventMetadataKind {
	switch {
	case r.Status != domain.SyncRunning:
		return apigen.SyncEventRunFinished
	case len(types) > 0:
		return apigen.SyncEventRunProgress
	}
	return apigen.SyncEventRunStarted
}

// syncEvent renders one event of a run in 0.9.0's SyncStatusEvent shape,
// with every data type's counts so far in metadata.
func (s *Server) syncEvent(r domain.SyncRun, types []domain.SyncRunDataType, kind apigen.SyncEventMetadataKind) apigen.SyncStatusEvent {
	ev := apigen.SyncStatusEvent{RunId: r.ID, UserId: mustUUID(r.UserID), Provider: string(r.Provider), Source: runSource(r.Source),
		Scope: runScope(r.Source), Status: apigen.SyncStatusInProgress, Stage: apigen.SyncStageStarted, Timestamp: r.StartedAt.UTC(),
		StartedAt: nullTime(&r.StartedAt), EndedAt: nullable.NewNullNullable[time.Time](), Error: nullable.NewNullNullable[string](),
		PrimaryUserId: nullable.NewNullNullable[uuid.UUID](), ItemsTotal: nullable.NewNullNullable[int](),
		Metadata: apigen.SyncEventMetadata{Kind: kind, DataTypes: []apigen.SyncRunDataType{}}}
	rec := runRecord(r, types)
	ev.WindowStart, ev.WindowEnd = rec.WindowStart, rec.WindowEnd
	total := s.providerTypeCount(r.Provider)
	switch kind {
	case apigen.SyncEventRunStarted:
		ev.Message.Set(fmt.Sprintf("%s sync started", r.Provider))
		ev.ItemsProcessed.Set(0)
		ev.Progress.Set(0)
	case apigen.SyncEventRunProgress:
		ev.Stage = apigen.SyncStageProcessing
		done, m := 0, &ev.Metadata
		for _, d := range types {
			m.ItemsFetched, m.ItemsInserted, m.ItemsUpdated, m.ItemsDeleted = m.ItemsFetched+d.Fetched, m.ItemsInserted+d.Stored,
				m.ItemsUpdated+d.Updated, m.ItemsDeleted+d.Deleted
			if d.Status != domain.SyncRunning {
				done++
			}
			if d.UpdatedAt.After(ev.Timestamp) {
				ev.Timestamp = d.UpdatedAt.UTC()
			}
		}
		ev.Message.Set(fmt.Sprintf("%d of %d data types done", done, max(total, len(types))))
		ev.ItemsProcessed.Set(m.ItemsFetched)
		if total > 0 {
			ev.Progress.Set(float32(min(done, total)) / float32(total))
		} else {
			ev.Progress.SetNull()
		}
	default:
		ev.Stage, ev.Status = finishedStage(r.Status), runStatus(r.Status)
		ev.Metadata.ItemsFetched, ev.Metadata.ItemsInserted, ev.Metadata.ItemsUpdated, ev.Metadata.ItemsDeleted = r.Fetched, r.Stored, r.Updated, r.Deleted
		if r.EndedAt != nil {
			ev.Timestamp = r.EndedAt.UTC()
		}
		ev.EndedAt, ev.Error = nullTime(r.EndedAt), nullString(r.Error)
		ev.Message.Set(fmt.Sprintf("%s sync %s", r.Provider, r.Status))
		ev.ItemsProcessed.Set(r.Fetched)
		ev.Progress.Set(1)
	}
	if kind != apigen.SyncEventRunStarted {
		ev.Metadata.DataTypes = wireRunTypes(types)
	}
	ev.EventId = eventID(ev)
	return ev
}

// finishedStage is the final stage of an ended run.
func finishedStage(st domain.SyncRunStatus) apigen.SyncStatusEventStage {
	switch st {
	case domain.SyncSuccess, domain.SyncPartial:
		return apigen.SyncStageCompleted
	case domain.SyncFailed:
		return apigen.SyncStageFailed
	}
	return apigen.SyncStageCancelled
}

// providerTypeCount is how many data types a sync of the provider walks
// (0 when this server has no registry to ask).
func (s *Server) providerTypeCount(p domain.Provider) int {
	if s.sync.Registry == nil {
		return 0
	}
	prov, err := s.sync.Registry.Get(p)
	if err != nil {
		return 0
	}
	return len(prov.DataTypes())
}

// eventID hashes what an event says.
func eventID(ev apigen.SyncStatusEvent) uuid.UUID {
	key := fmt.Sprintf("%s|%s|%s|%s|%d", ev.RunId, ev.Metadata.Kind, ev.Stage, ev.Timestamp.Format(time.RFC3339Nano), ev.Metadata.ItemsFetched)
	for _, d := range ev.Metadata.DataTypes {
		key += fmt.Sprintf("|%s:%s:%d:%d:%d", d.DataType, d.Status, d.ItemsFetched, d.ItemsInserted, d.Attempt)
	}
	return uuid.NewSHA1(syncEventSpace, []byte(key))
}

// runSummaryProgress fills 0.9.0's progress fields of a run summary.
func runSummaryProgress(w *apigen.SyncRunSummary, r domain.SyncRun) {
	w.RunId, w.Stage, w.LastUpdate = r.ID, "fetching", r.StartedAt.UTC()
	w.Progress.SetNull()
	if r.Status != domain.SyncRunning {
		w.Stage = string(finishedStage(r.Status))
		w.Progress.Set(1)
		if r.EndedAt != nil {
			w.LastUpdate = r.EndedAt.UTC()
		}
	}
	w.ItemsProcessed.Set(r.Fetched)
	w.ItemsTotal.SetNull()
	w.Message.SetNull()
	w.PrimaryUserId.SetNull()
}
