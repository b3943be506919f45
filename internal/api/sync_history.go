package api

import (
	"context"
	"fmt"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// coveredScan bounds how many of a user's latest runs the covered_from
// and covered_to filters look at.
const coveredScan = 1000

// ListUserSyncHistory implements GET /api/v1/users/{user_id}/sync/history.
func (s *Server) ListUserSyncHistory(ctx context.Context, req apigen.ListUserSyncHistoryRequestObject) (apigen.ListUserSyncHistoryResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	limit := deref(p.Limit, 20)
	q := store.SyncRunQuery{UserID: userID, Limit: limit}
	if p.Provider != nil {
		q.Provider = domain.Provider(*p.Provider)
	}
	switch deref(p.Scope, "") {
	case apigen.SyncScopeHistorical:
		q.Sources = []string{syncer.SourceBackfill}
	case apigen.SyncScopeLive:
		q.ExceptSources = []string{syncer.SourceBackfill}
	}
	if p.Since != nil {
		t, _, err := parseTime("since", *p.Since)
		if err != nil {
			return nil, err
		}
		q.Since = &t
	}
	from, to, err := coveredRange(p.CoveredFrom, p.CoveredTo)
	if err != nil {
		return nil, err
	}
	if from != nil || to != nil {
		q.Limit = coveredScan
	}
	runs, err := s.store.ListSyncRuns(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: sync history: %w", err)
	}
	types, err := s.runTypes(ctx, runs)
	if err != nil {
		return nil, err
	}
	out := apigen.ListUserSyncHistory200JSONResponse{}
	for _, r := range runs {
		rec := runRecord(r, types[r.ID])
		if !overlaps(rec.WindowStart, rec.WindowEnd, from, to) {
			continue
		}
		out = append(out, rec)
		if len(out) == limit {
			break
		}
	}
	return out, nil
}

// GetSyncHistoryRun implements GET /api/v1/sync/history/{run_key}.
func (s *Server) GetSyncHistoryRun(ctx context.Context, req apigen.GetSyncHistoryRunRequestObject) (apigen.GetSyncHistoryRunResponseObject, error) {
	r, err := s.store.SyncRun(ctx, req.RunKey)
	if isNotFound(err) {
		return nil, notFound("Sync run not found")
	}
	if err != nil {
		return nil, fmt.Errorf("api: sync run: %w", err)
	}
	types, err := s.runTypes(ctx, []domain.SyncRun{r})
	if err != nil {
		return nil, err
	}
	rec := runRecord(r, types[r.ID])
	out := apigen.GetSyncHistoryRun200JSONResponse{RunKey: rec.RunKey, UserId: rec.UserId, Provider: rec.Provider, Source: rec.Source,
		Scope: rec.Scope, Status: rec.Status, StartedAt: rec.StartedAt, EndedAt: rec.EndedAt, Error: rec.Error, TraceId: rec.TraceId,
		WindowStart: rec.WindowStart, WindowEnd: rec.WindowEnd, ItemsInserted: rec.ItemsInserted, ItemsUpdated: rec.ItemsUpdated,
		ItemsFetched: rec.ItemsFetched, ItemsDeleted: rec.ItemsDeleted, WearhouseStatus: rec.WearhouseStatus,
		DataTypes: wireRunTypes(types[r.ID])}
	return out, nil
}

// runTypes loads the data types of runs, by run id.
func (s *Server) runTypes(ctx context.Context, runs []domain.SyncRun) (map[string][]domain.SyncRunDataType, error) {
	ids := make([]string, len(runs))
	for i, r := range runs {
		ids[i] = r.ID
	}
	list, err := s.store.SyncRunDataTypes(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("api: sync run data types: %w", err)
	}
	out := map[string][]domain.SyncRunDataType{}
	for _, d := range list {
		out[d.RunID] = append(out[d.RunID], d)
	}
	return out, nil
}

// coveredRange parses covered_from and covered_to.
func coveredRange(fromS, toS *string) (from, to *time.Time, err error) {
	if fromS != nil {
		t, _, err := parseTime("covered_from", *fromS)
		if err != nil {
			return nil, nil, err
		}
		from = &t
	}
	if toS != nil {
		t, err := parseEnd("covered_to", *toS)
		if err != nil {
			return nil, nil, err
		}
		to = &t
	}
	if from != nil && to != nil && !to.After(*from) {
		return nil, nil, badRequest("covered_to must be after covered_from")
	}
	return from, to, nil
}

// overlaps reports whether a run's covered window meets [from, to); a run
// that covered no window meets no range.
func overlaps(start, end nullable.Nullable[time.Time], from, to *time.Time) bool {
	if from == nil && to == nil {
		return true
	}
	s, err1 := start.Get()
	e, err2 := end.Get()
	if err1 != nil || err2 != nil {
		return false
	}
	return (to == nil || s.Before(*to)) && (from == nil || e.After(*from))
}

// runRecord renders a run in 0.9.0's SyncRunRecord shape; its window is
// the union of its data types' covered windows.
func runRecord(r domain.SyncRun, types []domain.SyncRunDataType) apigen.SyncRunRecord {
	out := apigen.SyncRunRecord{RunKey: r.ID, UserId: mustUUID(r.UserID), Provider: string(r.Provider), Source: runSource(r.Source),
		Scope: runScope(r.Source), Status: runStatus(r.Status), StartedAt: r.StartedAt.UTC(), ItemsInserted: r.Stored,
		ItemsUpdated: r.Updated, ItemsFetched: r.Fetched, ItemsDeleted: r.Deleted, WearhouseStatus: string(r.Status)}
	out.EndedAt, out.Error, out.TraceId = nullTime(r.EndedAt), nullString(r.Error), nullable.NewNullNullable[string]()
	var start, end *time.Time
	for _, d := range types {
		if d.CoveredStart != nil && (start == nil || d.CoveredStart.Before(*start)) {
			start = d.CoveredStart
		}
		if d.CoveredEnd != nil && (end == nil || d.CoveredEnd.After(*end)) {
			end = d.CoveredEnd
		}
	}
	out.WindowStart, out.WindowEnd = nullTime(start), nullTime(end)
	return out
}

func wireRunTypes(types []domain.SyncRunDataType) []apigen.SyncRunDataType {
	out := make([]apigen.SyncRunDataType, 0, len(types))
	for _, d := range types {
		w := apigen.SyncRunDataType{DataType: d.DataType, Kind: apigen.DataTypeKindTask, Status: runStatus(d.Status), Attempt: d.Attempts,
			ItemsInserted: d.Stored, ItemsUpdated: d.Updated, ItemsFetched: d.Fetched, ItemsDeleted: d.Deleted,
			CoveredStart: nullTime(d.CoveredStart), CoveredEnd: nullTime(d.CoveredEnd), Error: nullString(d.Error),
			ErrorCode: nullable.NewNullNullable[string](), ReportedRecords: nullable.NewNullNullable[int]()}
		w.NativeType.Set(d.DataType)
		out = append(out, w)
	}
	return out
}

// runSource maps wearhouse's run sources to 0.9.0's: a manual sync is a
// pull.
func runSource(src string) apigen.SyncSource {
	switch src {
	case syncer.SourceBackfill:
		return apigen.SyncSourceBackfill
	case syncer.SourceWebhook:
		return apigen.SyncSourceWebhook
	}
	return apigen.SyncSourcePull
}

// runScope: backfills are historical, every other run live.
func runScope(src string) apigen.SyncScope {
	if src == syncer.SourceBackfill {
		return apigen.SyncScopeHistorical
	}
	return apigen.SyncScopeLive
}

// runStatus maps wearhouse's run statuses to 0.9.0's: an interrupted run
// (its process stopped; a new run continues the work) is unfinished.
func runStatus(st domain.SyncRunStatus) apigen.SyncStatus {
	switch st {
	case domain.SyncRunning:
		return apigen.SyncStatusInProgress
	case domain.SyncSuccess:
		return apigen.SyncStatusSuccess
	case domain.SyncPartial:
		return apigen.SyncStatusPartial
	case domain.SyncFailed:
		return apigen.SyncStatusFailed
	}
	return apigen.SyncStatusUnfinished
}

func nullString(s string) nullable.Nullable[string] {
	if s == "" {
		return nullable.NewNullNullable[string]()
	}
	return nullable.NewNullableWithValue(s)
}
