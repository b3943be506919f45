package api

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// TestPageLimitsOfOpenWearables: every limit an Open Wearables 0.9.0
// client may send (up to 1,000) is accepted on events, summaries, time
// series and health scores; beyond the route's maximum is a 400 naming
// limit.
func TestPageLimitsOfOpenWearables(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newFixture(t, b, 2)
	u := "/api/v1/users/" + f.user.ID
	r := "start_date=2025-03-01&end_date=2025-03-02&limit="
	for _, tt := range []struct {
		path string
		max  int
	}{
		{u + "/events/sleep?" + r, 1000},
		{u + "/events/workouts?" + r, 1000},
		{u + "/summaries/activity?" + r, 1000},
		{u + "/summaries/sleep?" + r, 1000},
		{u + "/summaries/recovery?" + r, 1000},
		{u + "/health-scores?limit=", 1000},
		{u + "/timeseries?start_time=2025-03-01&end_time=2025-03-02&limit=", 86400},
	} {
		res := b.do(t, http.MethodGet, tt.path+"1000", nil)
		require.Equal(t, http.StatusOK, res.Status, "%s1000: %s", tt.path, res.Body)
		res = b.do(t, http.MethodGet, tt.path+strconv.Itoa(tt.max+1), nil)
		require.Equal(t, http.StatusBadRequest, res.Status, tt.path)
		require.Contains(t, res.detail(t), "limit")
	}
}

// TestRangesReadAsOpenWearables: a date-only end covers its whole day, so
// a date-only range includes both boundary days and start = end is one
// day; a time without an offset is UTC.
func TestRangesReadAsOpenWearables(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newFixture(t, b, 3) // nights wake on 03-02, 03-03, 03-04 (two sources each)
	u := "/api/v1/users/" + f.user.ID
	count := func(path string, q url.Values) int {
		t.Helper()
		return len(getPage[json.RawMessage](t, b, u+path, q).Data)
	}
	tests := []struct {
		name       string
		path       string
		start, end string
		want       int
	}{
		{"BothBoundaryDays", "/summaries/activity", "2025-03-01", "2025-03-03", 3},
		{"StartIsEndIsOneDay", "/summaries/activity", "2025-03-02", "2025-03-02", 1},
		{"SleepOfOneWakeDay", "/summaries/sleep", "2025-03-03", "2025-03-03", 1},
		{"DateTimeEndIsExclusive", "/summaries/activity", "2025-03-01", "2025-03-03T00:00:00Z", 2},
		{"EventsOfOneDay", "/events/workouts", "2025-03-03", "2025-03-03", 1},
		{"EventsWithoutOffset", "/events/workouts", "2025-03-01T16:30:00", "2025-03-01T16:40:00", 1},
		{"EventsWithoutOffsetAreUTC", "/events/workouts", "2025-03-01T17:30:00", "2025-03-01T18:00:00", 0},
		{"ScoresOfOneDay", "/health-scores", "2025-03-02", "2025-03-02", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, count(tt.path, url.Values{"start_date": {tt.start}, "end_date": {tt.end}}))
		})
	}
	ts := getPage[wireSample](t, b, u+"/timeseries", url.Values{"start_time": {"2025-03-01"}, "end_time": {"2025-03-01"}, "types": {"weight"}})
	require.Len(t, ts.Data, 1, "a date-only end_time covers its day")
	require.Equal(t, "2025-03-02T00:00:00Z", *ts.Metadata.EndTime)
	res := b.do(t, http.MethodGet, u+"/summaries/activity?start_date=2025-03-03&end_date=2025-03-02", nil)
	require.Equal(t, http.StatusBadRequest, res.Status, "an end before the start is still refused")
}

// TestIntegerFieldsAreIntegers: fields Open Wearables 0.9.0 declares as
// integers are served as whole numbers even when they are means, and the
// summaries' metadata bounds are date-times.
func TestIntegerFieldsAreIntegers(t *testing.T) {
	t.Parallel()
	b := setup(t)
	f := newFixture(t, b, 1)
	ctx := context.Background()
	// A second resting heart rate the same day: the day's mean is 52.5.
	_, err := b.store.WriteSamples(ctx, f.user.ID, f.band.ID, 2, []timeseries.Sample{{T: f.day0.Add(9 * time.Hour).UnixMilli(), V: 53, Offset: 3600}})
	require.NoError(t, err)
	_, err = b.store.UpsertHealthScores(ctx, []domain.HealthScore{{RecordMeta: domain.RecordMeta{UserID: f.user.ID, DataSourceID: f.band.ID, ProviderRecordID: "r-2025-03-01"},
		Provider: domain.ProviderWHOOP, Category: domain.ScoreRecovery, Value: ptr(40.6), RecordedAt: f.day0.Add(7 * time.Hour), ZoneOffset: 3600}})
	require.NoError(t, err)

	res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/summaries/recovery?start_date=2025-03-01&end_date=2025-03-01", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var rec struct {
		Data []map[string]json.RawMessage `json:"data"`
		Meta map[string]json.RawMessage   `json:"metadata"`
	}
	require.NoError(t, json.Unmarshal(res.Body, &rec))
	require.Len(t, rec.Data, 1)
	require.Equal(t, "53", string(rec.Data[0]["resting_heart_rate_bpm"]), "the mean of 52 and 53, rounded")
	require.Equal(t, "41", string(rec.Data[0]["recovery_score"]))
	require.Equal(t, `"2025-03-01T00:00:00Z"`, string(rec.Meta["start_time"]))
	require.Equal(t, `"2025-03-02T00:00:00Z"`, string(rec.Meta["end_time"]))

	bp := func(v float64, at time.Time, typ int) {
		_, err := b.store.WriteSamples(ctx, f.user.ID, f.scale.ID, typ, []timeseries.Sample{{T: at.UnixMilli(), V: v, Offset: 3600}})
		require.NoError(t, err)
	}
	now := b.server.now()
	bp(120, now.Add(-2*time.Hour), 22)
	bp(123, now.Add(-time.Hour), 22)
	bp(80, now.Add(-time.Hour), 23)
	res = b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/summaries/body", nil)
	require.Equal(t, http.StatusOK, res.Status, string(res.Body))
	var body struct {
		Latest struct {
			BP map[string]json.RawMessage `json:"blood_pressure"`
		} `json:"latest"`
	}
	require.NoError(t, json.Unmarshal(res.Body, &body))
	require.Equal(t, "122", string(body.Latest.BP["avg_systolic_mmhg"]), "the mean of 120 and 123, rounded")
	require.Equal(t, "80", string(body.Latest.BP["min_diastolic_mmhg"]))
}
