package api

import (
	"context"
	"log/slog"
	"net/http"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/sdk"
)

// sdkSync implements POST /api/v1/sdk/users/{user_id}/sync. Its body is
// decoded by internal/sdk rather than the spec validator (see the route's
// description), so it is registered by hand.
func (s *Server) sdkSync(w http.ResponseWriter, r *http.Request) {
	user, err := pathUser(r)
	if err == nil {
		err = sdkAllowed(r.Context(), user)
	}
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	if err := s.capBody(w, r, s.sdkMaxBody); err != nil {
		writeError(w, r, s.log, err)
		return
	}
	req, err := sdk.DecodeSyncRequest(r.Body)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	res, err := s.sdk.Sync(r.Context(), user, req)
	if err != nil {
		writeError(w, r, s.log, err)
		return
	}
	types := res.Types
	if types == nil {
		types = []string{}
	}
	writeJSON(w, http.StatusAccepted, apigen.UploadDataResponse{StatusCode: http.StatusAccepted, Response: "Stored",
		UserId: nullableString(user), DroppedCount: res.Dropped, RecordsSaved: res.RecordsSaved, RecordsInserted: res.Inserted,
		RecordsUpdated: res.Updated, Types: types, WorkoutsSaved: res.WorkoutsSaved, SleepSaved: res.SleepSaved})
}

// SdkLogs implements POST /api/v1/sdk/users/{user_id}/logs: the events
// were checked by the spec; only their count reaches the log.
func (s *Server) SdkLogs(ctx context.Context, req apigen.SdkLogsRequestObject) (apigen.SdkLogsResponseObject, error) {
	user := req.UserId.String()
	if err := sdkAllowed(ctx, user); err != nil {
		return nil, err
	}
	if _, err := s.store.User(ctx, user); err != nil {
		return nil, err
	}
	s.log.DebugContext(ctx, "sdk log events", slog.String("user_id", user), slog.Int("events", len(req.Body.Events)),
		slog.String("sdk_version", req.Body.SdkVersion))
	return apigen.SdkLogs202JSONResponse{StatusCode: http.StatusAccepted, Response: "Accepted", UserId: nullableString(user),
		Types: []string{}}, nil
}
