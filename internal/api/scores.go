package api

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wireScore struct {
	ID           string                           `json:"id"`
	Category     string                           `json:"category"`
	Value        *float64                         `json:"value"`
	Qualifier    *string                          `json:"qualifier"`
	RecordedAt   string                           `json:"recorded_at"`
	ZoneOffset   *string                          `json:"zone_offset"`
	Components   map[string]domain.ScoreComponent `json:"components"`
	DataSourceID *string                          `json:"data_source_id"`
	Provider     string                           `json:"provider"`
	// EventRecordID is the sleep or workout the score describes (0.9.0),
	// null when the provider does not link one.
	EventRecordID *string `json:"event_record_id"`
}

// ListHealthScores implements GET /api/v1/users/{user_id}/health-scores
// with Open Wearables' offset pagination.
func (s *Server) ListHealthScores(ctx context.Context, req apigen.ListHealthScoresRequestObject) (apigen.ListHealthScoresResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	p := req.Params
	q := store.ScoreQuery{UserID: userID, Limit: deref(p.Limit, 50), Offset: deref(p.Offset, 0),
		Provider: domain.Provider(deref(p.Provider, ""))}
	if p.Category != nil {
		q.Category = string(*p.Category)
	}
	var meta wireMetadata
	var err error
	if q.Start, q.End, err = optionalRange(p.StartDate, p.EndDate); err != nil {
		return nil, err
	}
	if q.Start != nil {
		meta.StartTime = timePtr(*q.Start)
	}
	if q.End != nil {
		meta.EndTime = timePtr(*q.End)
	}
	scores, total, err := s.store.ListHealthScores(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("api: list health scores: %w", err)
	}
	links, err := scoreEvents(ctx, s.store, userID, scores)
	if err != nil {
		return nil, err
	}
	out := wirePage[wireScore]{Data: make([]wireScore, len(scores)),
		Pagination: wirePagination{HasMore: q.Offset+len(scores) < total, TotalCount: &total}, Metadata: meta}
	out.Metadata.SampleCount = len(scores)
	for i, h := range scores {
		var event *string
		if id, linked := links[i]; linked {
			event = &id
		}
		out.Data[i] = scoreWire(h, event)
	}
	return ok(out), nil
}

// scoreWire is a score as the route serves it (and RenderRecord sends
// it); event is the id of the sleep or workout it describes, if linked.
func scoreWire(h domain.HealthScore, event *string) wireScore {
	ds := h.DataSourceID
	out := wireScore{ID: h.ID, Category: h.Category, Value: h.Value, Qualifier: h.Qualifier,
		RecordedAt: h.RecordedAt.UTC().Format(time.RFC3339Nano), ZoneOffset: offsetPtr(h.ZoneOffset),
		Components: h.Components, DataSourceID: &ds, Provider: string(h.Provider), EventRecordID: event}
	if ds == "" {
		out.DataSourceID = nil
	}
	return out
}
