package api

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
)

// TestRenderRecordIsTheRouteObject: what an outgoing webhook carries as
// data is byte for byte the object the REST route serves for the record.
func TestRenderRecordIsTheRouteObject(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 2)
		for _, tc := range []struct {
			path string
			kind string
			id   string
		}{
			{"/events/sleep", domain.ChangeKindSleep, f.sleeps[0].ID},
			{"/events/workouts", domain.ChangeKindWorkout, f.workout[0].ID},
		} {
			res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+tc.path+"?start_date=2025-02-01&end_date=2025-04-01&limit=100", nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			var page struct {
				Data []json.RawMessage `json:"data"`
			}
			require.NoError(t, json.Unmarshal(res.Body, &page))
			var want json.RawMessage
			for _, d := range page.Data {
				if bytes.Contains(d, []byte(`"id":"`+tc.id+`"`)) {
					want = d
				}
			}
			require.NotNil(t, want, tc.path)
			got, err := RenderRecord(context.Background(), b.store, domain.Change{UserID: f.user.ID, Kind: tc.kind, RecordID: tc.id})
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), tc.path)
		}
		// Every health score the route serves is its webhook data.
		res := b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/health-scores?limit=100", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var scores struct {
			Data []json.RawMessage `json:"data"`
		}
		require.NoError(t, json.Unmarshal(res.Body, &scores))
		require.NotEmpty(t, scores.Data)
		for _, want := range scores.Data {
			var rec struct {
				ID string `json:"id"`
			}
			require.NoError(t, json.Unmarshal(want, &rec))
			got, err := RenderRecord(context.Background(), b.store, domain.Change{UserID: f.user.ID, Kind: domain.ChangeKindHealthScore, RecordID: rec.ID})
			require.NoError(t, err)
			require.Equal(t, string(want), string(got), "health score %s", rec.ID)
		}
		// Every activity and cycle summary renders as its day's row of
		// the activity route.
		res = b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/summaries/activity?start_date=2025-02-01&end_date=2025-04-01&limit=100", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var days struct {
			Data []json.RawMessage `json:"data"`
		}
		require.NoError(t, json.Unmarshal(res.Body, &days))
		byDate := map[string]string{}
		for _, d := range days.Data {
			var row struct {
				Date string `json:"date"`
			}
			require.NoError(t, json.Unmarshal(d, &row))
			byDate[row.Date] = string(d)
		}
		sums, err := b.store.ListDailySummaries(context.Background(), store.SummaryQuery{UserID: f.user.ID})
		require.NoError(t, err)
		require.NotEmpty(t, sums)
		render := RecordRenderer(catalog.Default())
		for _, sum := range sums {
			got, err := render(context.Background(), b.store, domain.Change{UserID: f.user.ID, Kind: domain.ChangeKindDailySummary, RecordID: sum.ID})
			require.NoError(t, err)
			require.NotEmpty(t, byDate[sum.Date], sum.Date)
			require.Equal(t, byDate[sum.Date], string(got), "%s summary %s", sum.Kind, sum.ID)
		}
		// A series event's samples are the timeseries route's samples.
		day := f.day0.Format(time.DateOnly)
		rs := &event.Renderer{Store: b.store, Samples: SampleRenderer(catalog.Default()), SampleCap: 50}
		body, err := rs.Render(context.Background(), domain.Change{UserID: f.user.ID, Kind: domain.ChangeKindSeries,
			RecordID: f.ring.ID + "/1/" + day, ChangeType: domain.ChangeCreated}, "series.heart_rate.created")
		require.NoError(t, err)
		var env struct {
			Data struct {
				Samples   []json.RawMessage `json:"samples"`
				Truncated bool              `json:"truncated"`
			} `json:"data"`
		}
		require.NoError(t, json.Unmarshal(body, &env))
		require.Len(t, env.Data.Samples, 50)
		require.True(t, env.Data.Truncated)
		res = b.do(t, http.MethodGet, "/api/v1/users/"+f.user.ID+"/timeseries?types=heart_rate&resolution=raw&limit=50&start_time="+
			day+"T00:00:00Z&end_time="+f.day0.AddDate(0, 0, 1).Format(time.DateOnly)+"T00:00:00Z", nil)
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		var series struct {
			Data []json.RawMessage `json:"data"`
		}
		require.NoError(t, json.Unmarshal(res.Body, &series))
		require.Len(t, series.Data, 50)
		for i := range series.Data {
			require.Equal(t, string(series.Data[i]), string(env.Data.Samples[i]), "sample %d", i)
		}
		none, err := RenderRecord(context.Background(), b.store, domain.Change{UserID: f.user.ID, Kind: domain.ChangeKindSleep, RecordID: "nope"})
		require.NoError(t, err)
		require.Nil(t, none)
	})
}
