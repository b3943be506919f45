package api

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// The data routes encode these lean wire structs instead of the generated
// models: they are the same shapes (every API test validates responses
// against the spec), without the nullable wrappers' cost on pages of
// 10,000 samples.

type wireSource struct {
	Provider   string  `json:"provider"`
	Source     *string `json:"source"`
	Device     *string `json:"device"`
	DeviceType *string `json:"device_type"`
	DeviceName *string `json:"device_name"`
}

type wirePagination struct {
	NextCursor     *string `json:"next_cursor"`
	PreviousCursor *string `json:"previous_cursor"`
	HasMore        bool    `json:"has_more"`
	TotalCount     *int    `json:"total_count"`
}

type wireMetadata struct {
	Resolution  *string `json:"resolution"`
	SampleCount int     `json:"sample_count"`
	StartTime   *string `json:"start_time"`
	EndTime     *string `json:"end_time"`
}

type wirePage[T any] struct {
	Data       []T            `json:"data"`
	Pagination wirePagination `json:"pagination"`
	Metadata   wireMetadata   `json:"metadata"`
}

// jsonBody is a response object for every generated Visit…Response
// interface of the data routes: status plus any JSON-encodable body.
type jsonBody struct {
	status int
	body   any
}

func ok(body any) jsonBody { return jsonBody{status: http.StatusOK, body: body} }

func (r jsonBody) visit(w http.ResponseWriter) error {
	if r.status == http.StatusNoContent {
		w.WriteHeader(r.status)
		return nil
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.status)
	if err := json.NewEncoder(w).Encode(r.body); err != nil {
		return fmt.Errorf("api: encode response: %w", err)
	}
	return nil
}

// Visit methods for the generated response interfaces.
func (r jsonBody) VisitListSleepSessionsResponse(w http.ResponseWriter) error  { return r.visit(w) }
func (r jsonBody) VisitListWorkoutsResponse(w http.ResponseWriter) error       { return r.visit(w) }
func (r jsonBody) VisitDeleteSleepSessionResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r jsonBody) VisitDeleteWorkoutResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r jsonBody) VisitListTimeseriesResponse(w http.ResponseWriter) error     { return r.visit(w) }
func (r jsonBody) VisitListHealthScoresResponse(w http.ResponseWriter) error   { return r.visit(w) }
func (r jsonBody) VisitListDataSourcesResponse(w http.ResponseWriter) error    { return r.visit(w) }
func (r jsonBody) VisitListActivitySummariesResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitListSleepSummariesResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r jsonBody) VisitListRecoverySummariesResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitGetBodySummaryResponse(w http.ResponseWriter) error   { return r.visit(w) }
func (r jsonBody) VisitGetCoverageResponse(w http.ResponseWriter) error      { return r.visit(w) }
func (r jsonBody) VisitListRawDocumentsResponse(w http.ResponseWriter) error { return r.visit(w) }

// formatOffset renders a zone offset as Open Wearables does: "+01:00".
func formatOffset(o domain.ZoneOffset) string {
	sign := '+'
	s := int(o)
	if s < 0 {
		sign, s = '-', -s
	}
	return fmt.Sprintf("%c%02d:%02d", sign, s/3600, (s%3600)/60)
}

func offsetPtr(o domain.ZoneOffset) *string {
	s := formatOffset(o)
	return &s
}

// utc renders instants with a Z suffix, as Open Wearables does.
func utc(t time.Time) time.Time { return t.UTC() }

func strPtr(s string) *string { return &s }

func timePtr(t time.Time) *string {
	s := t.UTC().Format(time.RFC3339)
	return &s
}

// sources indexes a user's data sources for rendering SourceMetadata.
type sources map[string]domain.DataSource

func (s sources) wire(id string) wireSource {
	ds, ok := s[id]
	if !ok {
		return wireSource{Provider: "unknown"}
	}
	out := wireSource{Provider: string(ds.Provider), Source: ds.Source, Device: ds.DeviceModel}
	if ds.Source == nil {
		out.Source = strPtr(string(ds.Provider))
	}
	if ds.DeviceType != nil {
		out.DeviceType = strPtr(string(*ds.DeviceType))
	}
	out.DeviceName = ds.DeviceModel
	return out
}

// Visit methods of the priority and data-summary routes.
func (r jsonBody) VisitListProviderPrioritiesResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r jsonBody) VisitListDeviceTypePrioritiesResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitSetProviderPriorityResponse(w http.ResponseWriter) error    { return r.visit(w) }
func (r jsonBody) VisitDeleteProviderPriorityResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r jsonBody) VisitSetDeviceTypePriorityResponse(w http.ResponseWriter) error  { return r.visit(w) }
func (r jsonBody) VisitDeleteDeviceTypePriorityResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitGetUserPrioritiesResponse(w http.ResponseWriter) error { return r.visit(w) }
func (r jsonBody) VisitSetUserProviderPriorityResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitDeleteUserProviderPriorityResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitSetUserDeviceTypePriorityResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitDeleteUserDeviceTypePriorityResponse(w http.ResponseWriter) error {
	return r.visit(w)
}
func (r jsonBody) VisitGetDataSummaryResponse(w http.ResponseWriter) error { return r.visit(w) }
