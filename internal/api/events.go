package api

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

type wireSleep struct {
	ID                   string         `json:"id"`
	StartTime            string         `json:"start_time"`
	EndTime              string         `json:"end_time"`
	ZoneOffset           *string        `json:"zone_offset"`
	Source               wireSource     `json:"source"`
	DurationSeconds      int64          `json:"duration_seconds"`
	SleepDurationSeconds *int64         `json:"sleep_duration_seconds"`
	EfficiencyPercent    *float64       `json:"efficiency_percent"`
	Stages               *wireStages    `json:"stages"`
	Intervals            stageIntervals `json:"sleep_stage_intervals"`
	IsNap                bool           `json:"is_nap"`
	TimeInBedSeconds     *int64         `json:"time_in_bed_seconds"`
	// hypnogram stands for Intervals when the store gave the compact form.
	hypnogram domain.Hypnogram
}

type wireStages struct {
	Awake int64 `json:"awake_minutes"`
	Light int64 `json:"light_minutes"`
	Deep  int64 `json:"deep_minutes"`
	REM   int64 `json:"rem_minutes"`
}

type wireWorkout struct {
	ID              string     `json:"id"`
	Type            string     `json:"type"`
	Name            *string    `json:"name"`
	StartTime       string     `json:"start_time"`
	EndTime         string     `json:"end_time"`
	ZoneOffset      *string    `json:"zone_offset"`
	DurationSeconds *int64     `json:"duration_seconds"`
	Source          wireSource `json:"source"`
	CaloriesKcal    *float64   `json:"calories_kcal"`
	DistanceMeters  *float64   `json:"distance_meters"`
	AvgHeartRate    *int       `json:"avg_heart_rate_bpm"`
	MaxHeartRate    *int       `json:"max_heart_rate_bpm"`
	AvgPace         *float64   `json:"avg_pace_sec_per_km"`
	ElevationGain   *float64   `json:"elevation_gain_meters"`
	workoutDetail
}

// ListSleepSessions implements GET /api/v1/users/{user_id}/events/sleep.
func (s *Server) ListSleepSessions(ctx context.Context, req apigen.ListSleepSessionsRequestObject) (apigen.ListSleepSessionsResponseObject, error) {
	p := req.Params
	page, err := s.listEvents(ctx, eventRequest{userID: req.UserId.String(), category: domain.CategorySleep,
		start: p.StartDate, end: p.EndDate, cursor: p.Cursor, limit: deref(p.Limit, 50), filter: deref(p.FilterByPriority, false),
		sources: newSourceFilter(p.Provider, p.Source, p.DeviceModel, p.DataSourceId), isNap: p.IsNap})
	if err != nil {
		return nil, err
	}
	out := wirePage[wireSleep]{Data: make([]wireSleep, 0, len(page.events)), Pagination: page.pagination, Metadata: page.metadata}
	for _, e := range page.events {
		out.Data = append(out.Data, sleepWire(e, page.sources))
	}
	body, err := s.pages.render(func(buf []byte) ([]byte, error) { return renderPage(buf, out) })
	if err != nil {
		return nil, fmt.Errorf("api: encode sleep page: %w", err)
	}
	return body, nil
}

// ListWorkouts implements GET /api/v1/users/{user_id}/events/workouts.
func (s *Server) ListWorkouts(ctx context.Context, req apigen.ListWorkoutsRequestObject) (apigen.ListWorkoutsResponseObject, error) {
	p := req.Params
	page, err := s.listEvents(ctx, eventRequest{userID: req.UserId.String(), category: domain.CategoryWorkout,
		start: p.StartDate, end: p.EndDate, cursor: p.Cursor, limit: deref(p.Limit, 50), recordType: deref(p.RecordType, ""),
		exactType: deref(p.Type, ""), filter: deref(p.FilterByPriority, false),
		sources: newSourceFilter(p.Provider, p.Source, p.DeviceModel, p.DataSourceId)})
	if err != nil {
		return nil, err
	}
	zones := p.Include != nil && slices.Contains(*p.Include, apigen.WorkoutIncludeZones)
	out := wirePage[wireWorkout]{Data: make([]wireWorkout, 0, len(page.events)), Pagination: page.pagination, Metadata: page.metadata}
	for _, e := range page.events {
		out.Data = append(out.Data, workoutWire(e, page.sources, zones))
	}
	body, err := s.pages.encode(out)
	if err != nil {
		return nil, fmt.Errorf("api: encode workout page: %w", err)
	}
	return body, nil
}

// DeleteSleepSession implements DELETE …/events/sleep/{record_id}.
func (s *Server) DeleteSleepSession(ctx context.Context, req apigen.DeleteSleepSessionRequestObject) (apigen.DeleteSleepSessionResponseObject, error) {
	return jsonBody{status: 204}, s.deleteEvent(ctx, req.UserId.String(), req.RecordId.String(), domain.CategorySleep)
}

// DeleteWorkout implements DELETE …/events/workouts/{record_id}.
func (s *Server) DeleteWorkout(ctx context.Context, req apigen.DeleteWorkoutRequestObject) (apigen.DeleteWorkoutResponseObject, error) {
	return jsonBody{status: 204}, s.deleteEvent(ctx, req.UserId.String(), req.RecordId.String(), domain.CategoryWorkout)
}

func (s *Server) deleteEvent(ctx context.Context, userID, id string, c domain.EventCategory) error {
	if _, err := s.user(ctx, userID); err != nil {
		return err
	}
	e, err := s.store.Event(ctx, userID, id)
	if err != nil || e.Category != c || e.Deleted {
		if err == nil || isNotFound(err) {
			return notFound("%s with ID: %s not found.", categoryName(c), id)
		}
		return fmt.Errorf("api: load event %s: %w", id, err)
	}
	if err := s.store.DeleteEvent(ctx, userID, id); err != nil {
		if isNotFound(err) {
			return notFound("%s with ID: %s not found.", categoryName(c), id)
		}
		return fmt.Errorf("api: delete event %s: %w", id, err)
	}
	return nil
}

func categoryName(c domain.EventCategory) string {
	if c == domain.CategorySleep {
		return "Sleep session"
	}
	return "Workout"
}

type eventRequest struct {
	userID     string
	category   domain.EventCategory
	start, end string
	cursor     *string
	limit      int
	recordType string
	exactType  string
	filter     bool
	sources    sourceFilter
	isNap      *bool
}

// query is the store query of the request's filters over win (no page).
func (r eventRequest) query(win window, srcs sources) store.EventQuery {
	return store.EventQuery{UserID: r.userID, Category: r.category, Start: win.start, End: win.end, Type: r.recordType,
		ExactType: r.exactType, DataSourceIDs: r.sources.ids(srcs), IsNap: r.isNap}
}

// scope binds cursors to the request's filters.
func (r eventRequest) scope(win window) string {
	nap := "any"
	if r.isNap != nil {
		nap = fmt.Sprint(*r.isNap)
	}
	return scope(r.userID, string(r.category), win.start.String(), win.end.String(), strings.ToLower(r.recordType), fmt.Sprint(r.filter),
		r.exactType, r.sources.scope(), nap)
}

type eventPage struct {
	events     []domain.Event
	sources    sources
	pagination wirePagination
	metadata   wireMetadata
}

// listEvents is the shared keyset-paged read behind the event routes:
// newest first, cursors bound to (user, category, range, filter).
func (s *Server) listEvents(ctx context.Context, r eventRequest) (eventPage, error) {
	srcs, err := s.userSources(ctx, r.userID)
	if err != nil {
		return eventPage{}, err
	}
	win, err := parseWindow("start_date", r.start, "end_date", r.end)
	if err != nil {
		return eventPage{}, err
	}
	sc := r.scope(win)
	var cur *cursor
	if r.cursor != nil && *r.cursor != "" {
		c, err := s.cursors.decode("cursor", sc, *r.cursor)
		if err != nil {
			return eventPage{}, err
		}
		cur = &c
	}
	meta := wireMetadata{StartTime: timePtr(win.start), EndTime: timePtr(win.end)}
	q := r.query(win, srcs)
	if q.DataSourceIDs != nil && len(q.DataSourceIDs) == 0 {
		// The source filters match none of the user's sources.
		zero := 0
		return eventPage{sources: srcs, pagination: wirePagination{TotalCount: &zero}, metadata: meta}, nil
	}
	if r.filter {
		evs, pg, err := s.prioritizedEvents(ctx, r, q, sc, cur, srcs)
		meta.SampleCount = len(evs)
		return eventPage{events: evs, sources: srcs, pagination: pg, metadata: meta}, err
	}
	count := q
	q.Page, q.DisplayOnly = keysetPage(cur, r.limit, true), true
	evs, err := s.store.ListEvents(ctx, q)
	if err != nil {
		return eventPage{}, fmt.Errorf("api: list events: %w", err)
	}
	keys := make([]store.Keyset, len(evs))
	for i, e := range evs {
		keys[i] = store.Keyset{Time: e.StartTime, ID: e.ID}
	}
	from, to, pg := pageLinks(s.cursors, sc, cur, keys, r.limit)
	evs = evs[from:to]
	total := len(evs)
	if cur != nil || len(keys) > r.limit {
		// Only a first page that holds every match knows the total.
		total, err = s.store.CountEvents(ctx, count)
		if err != nil {
			return eventPage{}, fmt.Errorf("api: count events: %w", err)
		}
	}
	pg.TotalCount = &total
	meta.SampleCount = len(evs)
	return eventPage{events: evs, sources: srcs, pagination: pg, metadata: meta}, nil
}

// userSources indexes the data sources of a user that must exist (404
// otherwise): the existence check and the sources in one store call.
func (s *Server) userSources(ctx context.Context, userID string) (sources, error) {
	list, err := s.store.UserDataSources(ctx, userID)
	if err != nil {
		return nil, userErr(userID, err)
	}
	out := make(sources, len(list))
	for _, ds := range list {
		out[ds.ID] = ds
	}
	return out, nil
}

func (s *Server) sources(ctx context.Context, userID string) (sources, error) {
	list, err := s.store.ListDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("api: list data sources: %w", err)
	}
	out := make(sources, len(list))
	for _, ds := range list {
		out[ds.ID] = ds
	}
	return out, nil
}

func sleepWire(e domain.Event, src sources) wireSleep {
	out := wireSleep{ID: e.ID, StartTime: rfc3339(e.StartTime), EndTime: rfc3339(e.EndTime), ZoneOffset: offsetPtr(e.ZoneOffset),
		Source: src.wire(e.DataSourceID), DurationSeconds: int64(e.Duration().Seconds())}
	d := e.Sleep
	if d == nil {
		return out
	}
	out.IsNap = d.IsNap
	out.TimeInBedSeconds = d.TimeInBedSeconds
	out.SleepDurationSeconds = d.TotalSleepSeconds
	out.EfficiencyPercent = d.EfficiencyPercent
	if d.AwakeSeconds != nil || d.LightSeconds != nil || d.DeepSeconds != nil || d.REMSeconds != nil {
		out.Stages = &wireStages{Awake: minutes(d.AwakeSeconds), Light: minutes(d.LightSeconds), Deep: minutes(d.DeepSeconds), REM: minutes(d.REMSeconds)}
	}
	if len(d.Stages) > 0 {
		out.Intervals = d.Stages
	} else if d.Hypnogram != "" {
		out.hypnogram = d.Hypnogram
	}
	return out
}

// workoutWire is one workout of the list route (and of its webhook
// events, which send it as the route does without include=zones).
func workoutWire(e domain.Event, src sources, zones bool) wireWorkout {
	dur := int64(e.Duration().Seconds())
	out := wireWorkout{ID: e.ID, Type: e.Type, StartTime: rfc3339(e.StartTime), EndTime: rfc3339(e.EndTime),
		ZoneOffset: offsetPtr(e.ZoneOffset), DurationSeconds: &dur, Source: src.wire(e.DataSourceID),
		workoutDetail: workoutDetails(e, zones)}
	if out.Type == "" {
		out.Type = "unknown"
	}
	d := e.Workout
	if d == nil {
		return out
	}
	out.Name = d.Name
	out.CaloriesKcal = d.EnergyKcal
	out.DistanceMeters = d.DistanceMeters
	out.AvgHeartRate = roundInt(d.AvgHeartRate)
	out.MaxHeartRate = roundInt(d.MaxHeartRate)
	out.ElevationGain = d.ElevationGainMeters
	if d.DistanceMeters != nil && *d.DistanceMeters > 0 && dur > 0 {
		pace := float64(dur) / (*d.DistanceMeters / 1000)
		out.AvgPace = &pace
	}
	return out
}

// minutes rounds seconds to the nearest whole minute (Open Wearables
// floors; rounding keeps stage minutes summing closer to the total).
func minutes(sec *int64) int64 {
	if sec == nil {
		return 0
	}
	return int64(math.Round(float64(*sec) / 60))
}

func roundInt(f *float64) *int {
	if f == nil {
		return nil
	}
	v := int(math.Round(*f))
	return &v
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// stageIntervals encodes a hypnogram without reflection: a night at
// 30-second resolution is a hundred intervals, and a page has fifty nights.
type stageIntervals []domain.StageInterval

// MarshalJSON renders [{"stage","start_time","end_time"}] with UTC times.
func (s stageIntervals) MarshalJSON() ([]byte, error) {
	return s.appendJSON(make([]byte, 0, len(s)*90+2)), nil
}

// appendJSON appends the intervals as MarshalJSON renders them.
func (s stageIntervals) appendJSON(buf []byte) []byte {
	if s == nil {
		return append(buf, "null"...)
	}
	var ts timestampFormatter // a night's times share one or two dates
	buf = append(buf, '[')
	for i, iv := range s {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = appendInterval(buf, &ts, iv.Stage, iv.Start, iv.End)
	}
	return append(buf, ']')
}

// appendInterval appends one {"stage","start_time","end_time"} object.
func appendInterval(buf []byte, ts *timestampFormatter, st domain.SleepStage, start, end time.Time) []byte {
	buf = append(buf, `{"stage":`...)
	buf = appendStage(buf, st)
	buf = append(buf, `,"start_time":`...)
	buf = ts.appendJSONTime(buf, start)
	buf = append(buf, `,"end_time":`...)
	buf = ts.appendJSONTime(buf, end)
	return append(buf, '}')
}

// appendHypnogram appends a compact hypnogram as stageIntervals renders
// the intervals it holds, without building them.
func appendHypnogram(buf []byte, h domain.Hypnogram) ([]byte, error) {
	var ts timestampFormatter
	buf = append(buf, '[')
	first := true
	err := h.Each(func(st domain.SleepStage, start, end int64) {
		if !first {
			buf = append(buf, ',')
		}
		first = false
		buf = appendInterval(buf, &ts, st, time.UnixMilli(start), time.UnixMilli(end))
	})
	return append(buf, ']'), err
}

// appendStage appends a stage name as a JSON string: the known names
// need no escaping.
func appendStage(buf []byte, st domain.SleepStage) []byte {
	switch st {
	case domain.StageInBed, domain.StageAwake, domain.StageSleeping, domain.StageLight, domain.StageDeep, domain.StageREM, domain.StageUnknown:
		buf = append(buf, '"')
		buf = append(buf, st...)
		return append(buf, '"')
	}
	return appendJSONString(buf, string(st))
}
