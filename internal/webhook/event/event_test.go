package event_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/timeseries"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
)

func TestType(t *testing.T) {
	t.Parallel()
	hr, ok := domain.SeriesTypeByCode("heart_rate")
	require.True(t, ok)
	for _, tc := range []struct {
		c    domain.Change
		want string
	}{
		{domain.Change{Kind: domain.ChangeKindSleep, ChangeType: domain.ChangeCreated}, "sleep.created"},
		{domain.Change{Kind: domain.ChangeKindWorkout, ChangeType: domain.ChangeDeleted}, "workout.deleted"},
		{domain.Change{Kind: domain.ChangeKindHealthScore, ChangeType: domain.ChangeUpdated}, "health_score.updated"},
		{domain.Change{Kind: domain.SummaryChangeKind(domain.SummaryActivity), ChangeType: domain.ChangeCreated}, "activity_summary.created"},
		{domain.Change{Kind: domain.SummaryChangeKind(domain.SummaryCycle), ChangeType: domain.ChangeUpdated}, "cycle_summary.updated"},
		{domain.Change{Kind: domain.SummaryChangeKind(domain.SummaryBody), ChangeType: domain.ChangeCreated}, "body_summary.created"},
		{domain.Change{Kind: domain.ChangeKindConnection, ChangeType: domain.ChangeRevoked}, "connection.revoked"},
		{domain.Change{Kind: domain.ChangeKindSyncRun, ChangeType: domain.ChangeCompleted}, "sync.completed"},
		{domain.Change{Kind: domain.ChangeKindSeries, RecordID: "ds/" + itoa(hr.ID) + "/2026-01-01", ChangeType: domain.ChangeCreated}, "series.heart_rate.created"},
		{domain.Change{Kind: domain.ChangeKindSeries, RecordID: "garbage", ChangeType: domain.ChangeCreated}, ""},
		{domain.Change{Kind: "unknown", ChangeType: domain.ChangeCreated}, ""},
	} {
		require.Equal(t, tc.want, event.Type(tc.c), tc.c)
	}
	names := map[string]bool{}
	for _, i := range event.Catalog() {
		require.False(t, names[i.Name], i.Name)
		names[i.Name] = true
	}
	require.True(t, names["series.heart_rate.created"])
	require.True(t, names["connection.created"])
	require.True(t, names["activity_summary.updated"])
	require.False(t, names["daily_summary.created"], "summaries are named per kind")
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

func TestRenderSeriesAndConnection(t *testing.T) {
	t.Parallel()
	st := storetest.NewSQLite(t)
	ctx := t.Context()
	u, err := st.CreateUser(ctx, domain.User{})
	require.NoError(t, err)
	c, err := st.UpsertConnection(ctx, domain.Connection{UserID: u.ID, Provider: domain.ProviderOura, ProviderUserID: "ou-1", AccessToken: "x"})
	require.NoError(t, err)
	ds, err := st.EnsureDataSource(ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderOura})
	require.NoError(t, err)
	hr, _ := domain.SeriesTypeByCode("heart_rate")
	day := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	var samples []timeseries.Sample
	for i := range 5 {
		samples = append(samples, timeseries.Sample{T: day.Add(time.Duration(i) * time.Minute).UnixMilli(), V: float64(60 + i)})
	}
	_, err = st.WriteSamples(ctx, u.ID, ds.ID, hr.ID, samples)
	require.NoError(t, err)
	cs := storetest.Changes(t, st)
	require.Len(t, cs, 2)
	r := &event.Renderer{Store: st, SampleCap: 3}

	body, err := r.Render(ctx, cs[0], event.Type(cs[0]))
	require.NoError(t, err)
	var env struct {
		event.Envelope
		Data map[string]any `json:"data"`
	}
	require.NoError(t, json.Unmarshal(body, &env))
	require.Equal(t, "connection.created", env.Type)
	require.Equal(t, cs[0].Seq, env.ChangeID)
	require.Equal(t, "oura", *env.Provider)
	require.Equal(t, c.ID, env.Data["connection_id"])
	require.Equal(t, "ou-1", env.Data["provider_user_id"])
	require.NotEmpty(t, env.Data["connected_at"])

	body, err = r.Render(ctx, cs[1], event.Type(cs[1]))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(body, &env))
	require.Equal(t, "series.heart_rate.created", env.Type)
	require.Equal(t, float64(5), env.Data["sample_count"])
	require.Len(t, env.Data["samples"], 3, "capped")
	require.Equal(t, true, env.Data["truncated"])
	require.Contains(t, env.Data["link"], "/api/v1/users/"+u.ID+"/timeseries?types=heart_rate")
}

// The engine finds the batch renderer through this assertion.
var _ interface{ ForBatch() delivery.Renderer } = (*event.Renderer)(nil)
