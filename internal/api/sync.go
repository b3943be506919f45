package api

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// activeConnection loads the user's connection to p, refusing revoked
// ones (409: the user must reconnect first).
func (s *Server) activeConnection(ctx context.Context, userID string, p domain.Provider) (domain.Connection, error) {
	if _, err := s.user(ctx, userID); err != nil {
		return domain.Connection{}, err
	}
	c, err := s.store.Connection(ctx, userID, p)
	if isNotFound(err) {
		return domain.Connection{}, notFound("User %s has no %s connection.", userID, p)
	}
	if err != nil {
		return domain.Connection{}, fmt.Errorf("api: connection: %w", err)
	}
	if c.Status != domain.ConnectionActive {
		return domain.Connection{}, &Error{Status: http.StatusConflict, Code: CodeConflict,
			Detail: fmt.Sprintf("the %s connection is %s: reconnect first", p, c.Status)}
	}
	return c, nil
}

// SyncProviderUser implements POST /api/v1/providers/{provider}/users/{user_id}/sync.
func (s *Server) SyncProviderUser(ctx context.Context, req apigen.SyncProviderUserRequestObject) (apigen.SyncProviderUserResponseObject, error) {
	if dt := req.Params.DataType; dt != nil && *dt != apigen.All {
		// Refused rather than ignored: a client asking for workouts only
		// must not believe it got a partial sync.
		return nil, badRequest("invalid query parameter \"data_type\": %q is not supported; wearhouse syncs every data type of a provider together (all)", *dt)
	}
	c, err := s.activeConnection(ctx, req.UserId.String(), domain.Provider(req.Provider))
	if err != nil {
		return nil, err
	}
	if deref(req.Params.Async, true) {
		if s.sync.Enqueue == nil {
			return nil, unavailable("background sync")
		}
		msg, err := s.triggerSync(ctx, c, syncer.SourceManual, 0, "sync")
		if err != nil {
			return nil, err
		}
		return apigen.SyncProviderUser200JSONResponse{Success: true, Async: true, Message: &msg}, nil
	}
	if s.sync.Syncer == nil {
		return nil, unavailable("sync")
	}
	run, err := s.sync.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceManual})
	if run.ID == "" {
		return nil, fmt.Errorf("api: sync: %w", err)
	}
	d := apigen.SyncCounts{RunId: mustUUID(run.ID), Status: string(run.Status), Fetched: run.Fetched, Stored: run.Stored,
		Updated: run.Updated, Deleted: run.Deleted}
	if run.Error != "" {
		e := run.Error
		d.Error = &e
	}
	return apigen.SyncProviderUser200JSONResponse{Success: err == nil, Async: false, Details: &d}, nil
}

// SyncProviderUserHistorical implements POST …/sync/historical.
func (s *Server) SyncProviderUserHistorical(ctx context.Context, req apigen.SyncProviderUserHistoricalRequestObject) (apigen.SyncProviderUserHistoricalResponseObject, error) {
	userID := req.UserId.String()
	c, err := s.activeConnection(ctx, userID, domain.Provider(req.Provider))
	if err != nil {
		return nil, err
	}
	if s.sync.Enqueue == nil {
		return nil, unavailable("background sync")
	}
	days := deref(req.Params.Days, 90)
	msg, err := s.triggerSync(ctx, c, syncer.SourceBackfill, days, fmt.Sprintf("historical sync of %d days", days))
	if err != nil {
		return nil, err
	}
	end := s.now().UTC()
	return apigen.SyncProviderUserHistorical200JSONResponse{Success: true, Provider: string(c.Provider), UserId: mustUUID(userID),
		Method: "pull_api", Message: msg, Days: days,
		StartDate: end.AddDate(0, 0, -days), EndDate: end}, nil
}

// triggerSync asks for an immediate sync of c and says what the request
// joined: a new job, a waiting job that already does it, or a follow-up
// queued behind the sync running now — never "enqueued" for work that is
// absorbed and will not run.
func (s *Server) triggerSync(ctx context.Context, c domain.Connection, source string, days int, what string) (string, error) {
	t, ok := s.sync.Enqueue.(syncer.Triggerer)
	if !ok {
		if err := s.sync.Enqueue.EnqueueSync(ctx, c.ID, source, days, time.Time{}); err != nil {
			return "", fmt.Errorf("api: enqueue %s: %w", what, err)
		}
		return what + " enqueued", nil
	}
	tk, err := t.TriggerSync(ctx, c.ID, source, days)
	if err != nil {
		return "", fmt.Errorf("api: enqueue %s: %w", what, err)
	}
	switch tk.Outcome {
	case jobs.Joined:
		return fmt.Sprintf("%s joined job %d, which is waiting to run and does the same", what, tk.JobID), nil
	case jobs.Queued:
		return fmt.Sprintf("%s queued as job %d, to run once job %d (a sync of this connection) has ended", what, tk.JobID, tk.Behind), nil
	default:
		return fmt.Sprintf("%s enqueued as job %d", what, tk.JobID), nil
	}
}

// ListUserSyncRuns implements GET /api/v1/users/{user_id}/sync/runs.
func (s *Server) ListUserSyncRuns(ctx context.Context, req apigen.ListUserSyncRunsRequestObject) (apigen.ListUserSyncRunsResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	runs, err := s.store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: userID, Limit: deref(req.Params.Limit, 20)})
	if err != nil {
		return nil, fmt.Errorf("api: list sync runs: %w", err)
	}
	return apigen.ListUserSyncRuns200JSONResponse(wireRuns(runs)), nil
}

// ListSyncRuns implements GET /api/v1/sync/runs.
func (s *Server) ListSyncRuns(ctx context.Context, req apigen.ListSyncRunsRequestObject) (apigen.ListSyncRunsResponseObject, error) {
	p := req.Params
	q := store.SyncRunQuery{Limit: deref(p.Limit, 50), Provider: domain.Provider(deref(p.Provider, ""))}
	if p.UserId != nil {
		q.UserID = p.UserId.String()
	}
	if p.Status != nil {
		q.Status = domain.SyncRunStatus(*p.Status)
	}
	if p.Source != nil {
		q.Sources = []string{string(*p.Source)}
	}
	runs, err := s.store.ListSyncRuns(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: list sync runs: %w", err)
	}
	return apigen.ListSyncRuns200JSONResponse(wireRuns(runs)), nil
}

func wireRuns(runs []domain.SyncRun) []apigen.SyncRunSummary {
	out := make([]apigen.SyncRunSummary, 0, len(runs))
	for _, r := range runs {
		w := apigen.SyncRunSummary{Id: mustUUID(r.ID), UserId: mustUUID(r.UserID), Provider: string(r.Provider), Source: r.Source,
			Status: apigen.SyncRunSummaryStatus(r.Status), ItemsFetched: r.Fetched, ItemsStored: r.Stored, ItemsUpdated: r.Updated, ItemsDeleted: r.Deleted,
			StartedAt: r.StartedAt.UTC()}
		w.ConnectionId.SetNull()
		if r.ConnectionID != "" {
			w.ConnectionId.Set(mustUUID(r.ConnectionID))
		}
		w.EndedAt.SetNull()
		if r.EndedAt != nil {
			w.EndedAt.Set(r.EndedAt.UTC())
		}
		w.Error.SetNull()
		if r.Error != "" {
			w.Error.Set(r.Error)
		}
		runSummaryProgress(&w, r)
		out = append(out, w)
	}
	return out
}
