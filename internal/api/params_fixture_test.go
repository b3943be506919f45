package api

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// paramWorld is the data set of the parameter walk: the data fixture's
// user (sleep, workouts, summaries, scores, samples from a ring, a band
// and a scale) plus what makes every filter bite — a nap, an overlapping
// workout of another type from another source, a second heart-rate
// source, a recent temperature, raw documents, connections, sync runs and
// more users — on a server with the connect-and-sync services.
type paramWorld struct {
	*testBundle
	f     fixture
	names *strings.Replacer // {user}, {ring}, {band}, {scale} in paths
}

func newParamWorld(t *testing.T) *paramWorld {
	t.Helper()
	st := storetest.NewSQLite(t)
	r, err := syncertest.New(syncertest.Options{Store: st, Users: 1, Days: 2, Seed: 21, RateLimits: []simkit.Window{}, Budget: provider.Unlimited{},
		BackfillDays: 1, Enqueue: &jobLog{}})
	require.NoError(t, err)
	t.Cleanup(r.Close)
	challenge := func(q url.Values) (int, []byte) { // as Oura answers, on the rig's provider
		if q.Get("verification_token") != "tok" {
			return http.StatusUnauthorized, []byte(`{"detail":"verification token mismatch","code":"unauthorized"}`)
		}
		return http.StatusOK, []byte(`{"challenge":"` + q.Get("challenge") + `"}`)
	}
	b := setupWithOptions(t, Options{Store: st, MaxBodyBytes: 1 << 16, Now: r.Clock.Now,
		Sync: SyncServices{Registry: r.Registry, Connect: r.Tokens, Syncer: r.Syncer, Enqueue: &jobLog{},
			Challenges: map[string]ChallengeFunc{"whoop": challenge}}})
	f := newFixture(t, b, 3)
	w := &paramWorld{testBundle: b, f: f,
		names: strings.NewReplacer("{user}", f.user.ID, "{ring}", f.ring.ID, "{band}", f.band.ID, "{scale}", f.scale.ID)}
	w.addRecords(t)
	w.addUsers(t)
	return w
}

// addRecords adds the nap, the ring's workout, the band's heart rate, a
// temperature within the last day, raw documents and sync runs.
func (w *paramWorld) addRecords(t *testing.T) {
	t.Helper()
	ctx, f := context.Background(), w.f
	id := func() string { return uuid.Must(uuid.NewV7()).String() }
	napStart := f.day0.Add(24*time.Hour + 13*time.Hour)
	nap := domain.Event{RecordMeta: domain.RecordMeta{ID: id(), UserID: f.user.ID, DataSourceID: f.ring.ID, ProviderRecordID: "nap", Revision: 1},
		Category: domain.CategorySleep, Type: "sleep_session", StartTime: napStart, EndTime: napStart.Add(40 * time.Minute), ZoneOffset: 3600,
		Sleep: &domain.SleepDetails{IsNap: true, TotalSleepSeconds: ptr(int64(2100))}}
	trailStart := f.day0.Add(16*time.Hour + 10*time.Minute)
	trail := domain.Event{RecordMeta: domain.RecordMeta{ID: id(), UserID: f.user.ID, DataSourceID: f.ring.ID, ProviderRecordID: "trail", Revision: 1},
		Category: domain.CategoryWorkout, Type: "trail_running", StartTime: trailStart, EndTime: trailStart.Add(40 * time.Minute), ZoneOffset: 3600,
		Workout: &domain.WorkoutDetails{EnergyKcal: ptr(400.0), HRZones: []domain.HRZone{{Zone: 2, Seconds: 1200}, {Zone: 3, Seconds: 1200}}}}
	_, err := w.store.UpsertEvents(ctx, []domain.Event{nap, trail})
	require.NoError(t, err)

	var hr []timeseries.Sample
	for i := range 300 {
		hr = append(hr, timeseries.Sample{T: f.day0.Add(10*time.Hour + time.Duration(i)*time.Second).UnixMilli(), V: 90, Offset: 3600})
	}
	_, err = w.store.WriteSamples(ctx, f.user.ID, f.band.ID, 1, hr) // heart_rate
	require.NoError(t, err)
	temp, ok := domain.SeriesTypeByCode("body_temperature")
	require.True(t, ok)
	at := w.server.now().Add(-10 * time.Hour).Truncate(time.Second)
	_, err = w.store.WriteSamples(ctx, f.user.ID, f.scale.ID, temp.ID, []timeseries.Sample{{T: at.UnixMilli(), V: 36.6}})
	require.NoError(t, err)

	var docs []domain.RawDocument
	for d := range 2 {
		start := f.day0.AddDate(0, 0, d)
		docs = append(docs, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "sleep",
			ProviderRecordID: fmt.Sprintf("raw-%d", d), StartTime: &start, Body: []byte(fmt.Sprintf(`{"id":%d}`, d)), FetchedAt: start})
	}
	for d := range 2 { // the vendor workout route's documents
		start := f.day0.AddDate(0, 0, d)
		docs = append(docs, domain.RawDocument{UserID: f.user.ID, Provider: domain.ProviderWHOOP, DataType: "workout",
			ProviderRecordID: fmt.Sprintf("vw-%d", d), StartTime: &start, Body: []byte(fmt.Sprintf(`{"id":"vw-%d"}`, d)), FetchedAt: start})
	}
	_, err = w.store.PutRawDocuments(ctx, docs)
	require.NoError(t, err)
}

// addUsers adds Ann and Bob beside the fixture's user and the rig's
// unnamed one, connections of two of them, and sync runs.
func (w *paramWorld) addUsers(t *testing.T) {
	t.Helper()
	ctx := context.Background()
	ann, err := w.store.CreateUser(ctx, domain.User{FirstName: ptr("Ann"), LastName: ptr("Zed"), Email: ptr("z@example.com"), ExternalUserID: ptr("ext-ann")})
	require.NoError(t, err)
	_, err = w.store.CreateUser(ctx, domain.User{FirstName: ptr("Bob"), LastName: ptr("Able"), Email: ptr("a@example.com")})
	require.NoError(t, err)
	connect := func(u string, p domain.Provider, synced time.Time, revoked bool) domain.Connection {
		c, err := w.store.UpsertConnection(ctx, domain.Connection{UserID: u, Provider: p, ProviderUserID: u + string(p)})
		require.NoError(t, err)
		require.NoError(t, w.store.MarkConnectionSynced(ctx, c.ID, synced))
		if revoked {
			require.NoError(t, w.store.SetConnectionStatus(ctx, c.ID, domain.ConnectionRevoked, "refresh rejected"))
		}
		return c
	}
	mine := connect(w.f.user.ID, domain.ProviderWHOOP, w.f.day0.AddDate(0, 0, 4), false)
	anns := connect(ann.ID, domain.ProviderOura, w.f.day0.AddDate(0, -2, 0), true)
	for i, c := range []domain.Connection{mine, mine, anns} {
		status := domain.SyncRunStatus("success")
		if c.ID == anns.ID {
			status = "failed"
		}
		run, err := w.store.CreateSyncRun(ctx, domain.SyncRun{UserID: c.UserID, ConnectionID: c.ID, Provider: c.Provider, Source: "manual",
			Status: "in_progress", StartedAt: w.f.day0.Add(time.Duration(i) * time.Hour)})
		require.NoError(t, err)
		end := run.StartedAt.Add(time.Minute)
		run.Status, run.EndedAt = status, &end
		require.NoError(t, w.store.FinishSyncRun(ctx, run))
	}
}
