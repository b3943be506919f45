package api

import (
	"context"
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// ListWorkoutTypes implements GET …/events/workouts/types: the types of
// the user's live workouts, from the indexed event counts.
func (s *Server) ListWorkoutTypes(ctx context.Context, req apigen.ListWorkoutTypesRequestObject) (apigen.ListWorkoutTypesResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	st, err := s.store.DataStats(ctx, store.StatsQuery{UserID: userID})
	if err != nil {
		return nil, fmt.Errorf("api: workout types: %w", err)
	}
	out := apigen.ListWorkoutTypes200JSONResponse{}
	for _, e := range st.Events {
		if e.Category != domain.CategoryWorkout || e.Count == 0 {
			continue
		}
		t := e.Type
		if t == "" {
			t = "unknown" // as the workout list names it
		}
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	slices.Sort(out)
	return out, nil
}

// ListMenstrualCycles implements GET …/events/menstrual-cycles. No
// provider of this build reports cycles, so after the same validation as
// every event list the page is empty; a cursor can only be one this route
// issued, and it never issues one.
func (s *Server) ListMenstrualCycles(ctx context.Context, req apigen.ListMenstrualCyclesRequestObject) (apigen.ListMenstrualCyclesResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if _, err := s.userSources(ctx, userID); err != nil {
		return nil, err
	}
	win, err := parseWindow("start_date", p.StartDate, "end_date", p.EndDate)
	if err != nil {
		return nil, err
	}
	if p.Cursor != nil && *p.Cursor != "" {
		if _, err := s.cursors.decode("cursor", scope(userID, "menstrual_cycle"), *p.Cursor); err != nil {
			return nil, err
		}
	}

	out := apigen.ListMenstrualCycles200JSONResponse{Data: []apigen.MenstrualCycle{}}
	out.Pagination.TotalCount.Set(0)
	out.Pagination.NextCursor.SetNull()
	out.Pagination.PreviousCursor.SetNull()
	out.Metadata.StartTime.Set(win.start.UTC())
	out.Metadata.EndTime.Set(win.end.UTC())
	out.Metadata.SampleCount.Set(0)
	return out, nil
}

// DeleteMenstrualCycle implements DELETE …/events/menstrual-cycles/{id}:
// there are no cycles, so every id is unknown.
func (s *Server) DeleteMenstrualCycle(ctx context.Context, req apigen.DeleteMenstrualCycleRequestObject) (apigen.DeleteMenstrualCycleResponseObject, error) {
	if _, err := s.user(ctx, req.UserId.String()); err != nil {
		return nil, err
	}
	return nil, notFound("menstrual cycle %s not found", req.CycleId)
}

// userDetail is a user in 0.9.0's UserDetailRead shape: UserRead and
// whether the user has women's health data, which no provider of this
// build reports.
func userDetail(u apigen.UserRead) apigen.UserDetailRead {
	return apigen.UserDetailRead{Connections: u.Connections, CreatedAt: u.CreatedAt, Email: u.Email, ExternalUserId: u.ExternalUserId,
		FirstName: u.FirstName, HasActiveConnection: u.HasActiveConnection, Id: u.Id, LastName: u.LastName, LastSyncedAt: u.LastSyncedAt,
		LastSyncedProvider: u.LastSyncedProvider, HasWomensHealthData: false}
}
