package api

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// vendorWorkoutType is the raw data type every provider of this build
// stores its workout documents under.
const vendorWorkoutType = "workout"

// vendorPage is how many documents one store read skips at a time while
// walking to an offset.
const vendorPage = 1000

// ListVendorWorkouts implements GET
// /api/v1/providers/{provider}/users/{user_id}/workouts: the provider's
// workout documents as stored, oldest first.
func (s *Server) ListVendorWorkouts(ctx context.Context, req apigen.ListVendorWorkoutsRequestObject) (apigen.ListVendorWorkoutsResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if err := s.vendorRoute(ctx, req.Provider, userID, p.Samples, p.Zones, p.Route); err != nil {
		return nil, err
	}
	q := store.RawQuery{UserID: userID, Provider: domain.Provider(req.Provider), DataType: vendorWorkoutType}
	if since := deref(p.Since, 0); since > 0 {
		t := time.Unix(int64(since), 0).UTC()
		if deref(p.FilterByModificationTime, true) {
			q.UpdatedSince = &t
		} else {
			q.Start = &t
		}
	}
	if p.SummaryStartTime != nil {
		t, _, err := parseTime("summary_start_time", *p.SummaryStartTime)
		if err != nil {
			return nil, err
		}
		if q.Start == nil || t.After(*q.Start) {
			q.Start = &t
		}
	}
	if p.SummaryEndTime != nil {
		t, err := parseEnd("summary_end_time", *p.SummaryEndTime)
		if err != nil {
			return nil, err
		}
		q.End = &t
	}
	docs, err := s.vendorDocs(ctx, q, deref(p.Offset, 0), deref(p.Limit, 50))
	if err != nil {
		return nil, err
	}
	body := []byte{'['}
	for i, d := range docs {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, d.Body...)
	}
	return rawDocs(append(body, ']', '\n')), nil
}

// vendorDocs skips offset documents and returns the next limit, walking
// the keyset in bounded reads.
func (s *Server) vendorDocs(ctx context.Context, q store.RawQuery, offset, limit int) ([]domain.RawDocument, error) {
	var after *store.Keyset
	for {
		n := limit
		if offset > 0 {
			n = min(offset, vendorPage)
		}
		q.Page = store.Page{After: after, Limit: n}
		docs, err := s.store.ListRawDocuments(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("api: vendor workouts: %w", err)
		}
		if offset == 0 || len(docs) < n {
			if offset > 0 {
				return nil, nil // the offset is past the end
			}
			return docs, nil
		}
		offset -= len(docs)
		last := docs[len(docs)-1]
		t := last.FetchedAt
		if last.StartTime != nil {
			t = *last.StartTime
		}
		after = &store.Keyset{Time: t, ID: last.ID}
	}
}

// GetVendorWorkout implements GET …/workouts/{workout_id}: one stored
// document by the provider's id.
func (s *Server) GetVendorWorkout(ctx context.Context, req apigen.GetVendorWorkoutRequestObject) (apigen.GetVendorWorkoutResponseObject, error) {
	userID, p := req.UserId.String(), req.Params
	if err := s.vendorRoute(ctx, req.Provider, userID, p.Samples, p.Zones, p.Route); err != nil {
		return nil, err
	}
	d, err := s.store.RawDocument(ctx, userID, domain.Provider(req.Provider), vendorWorkoutType, req.WorkoutId)
	if isNotFound(err) || (err == nil && d.Deleted) {
		return nil, notFound("%s workout %q not found", req.Provider, req.WorkoutId)
	}
	if err != nil {
		return nil, fmt.Errorf("api: vendor workout: %w", err)
	}
	return rawDocs(append(bytes.Clone(d.Body), '\n')), nil
}

// vendorRoute checks the provider, the user and the detail flags: the
// providers of this build have no separate samples, zones or route to
// fetch, so asking for them is refused rather than ignored.
func (s *Server) vendorRoute(ctx context.Context, prov, userID string, flags ...*bool) error {
	if err := s.rawDataType(domain.Provider(prov), vendorWorkoutType); err != nil {
		return err
	}
	if _, err := s.user(ctx, userID); err != nil {
		return err
	}
	for i, name := range []string{"samples", "zones", "route"} {
		if deref(flags[i], false) {
			return badRequest("invalid query parameter %q: %s serves no separate workout %s; its stored documents hold all it sends", name, prov, name)
		}
	}
	return nil
}

// rawDocs is a JSON body written as is: provider documents byte for byte.
type rawDocs []byte

func (b rawDocs) visit(w http.ResponseWriter) error {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, err := w.Write(b)
	return err
}

// VisitListVendorWorkoutsResponse implements the generated response interface.
func (b rawDocs) VisitListVendorWorkoutsResponse(w http.ResponseWriter) error { return b.visit(w) }

// VisitGetVendorWorkoutResponse implements the generated response interface.
func (b rawDocs) VisitGetVendorWorkoutResponse(w http.ResponseWriter) error { return b.visit(w) }
