package withings_test

import (
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestNotificationsThroughEngine connects a user (which subscribes every
// category at the API's webhook route, probed by the simulator with
// HEAD), backfills, then lets three days pass. The simulator posts its
// form-encoded notifications (userid, appli, startdate, enddate) to the
// route with the user's ?token=; the API verifies and enqueues them, and
// each one, run through the engine, fetches its window and stores the
// record it announced — weight (1), blood pressure (4), activity (16),
// sleep (44) and ECG (54) — after which the store equals the truth.
func TestNotificationsThroughEngine(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		ctx := t.Context()
		q := &queue{}
		var front atomic.Pointer[api.Server]
		hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { front.Load().ServeHTTP(w, r) }))
		t.Cleanup(hs.Close)
		// Seed 5's person weighs in, takes a blood pressure and records a
		// watch ECG within the three days.
		r := newRig(t, syncertest.Options{Store: st, Seed: 5, BaseURL: hs.URL, Enqueue: q})
		a, err := api.New(api.Options{Store: st, MaxBodyBytes: 1 << 16, Now: r.Clock.Now,
			Sync: api.SyncServices{Registry: r.Registry, Connect: r.Tokens, Syncer: r.Syncer, Enqueue: q}})
		require.NoError(t, err)
		front.Store(a)

		c, err := r.Connect(ctx, 0)
		require.NoError(t, err)
		require.Len(t, r.Sim.Subscriptions(), len(withings.DefaultApplis()), "connecting subscribed every category")
		syncToEnd(t, r.Syncer, c, syncer.SourceBackfill)
		p := r.World.Person(0)
		before := newRecords(t, r, c.UserID)
		require.Zero(t, before.total(), "the backfill stored everything there was")

		notes, err := r.Advance(ctx, 3*24*time.Hour)
		require.NoError(t, err)
		for _, d := range r.Sim.Webhooks().Deliveries() {
			require.NoError(t, d.Err)
			require.Equal(t, http.StatusAccepted, d.Status, "the webhook route accepted %s", d.Body)
		}
		windows := map[string]bool{}
		for _, n := range notes {
			windows[strconv.Itoa(n.Appli)+" "+strconv.FormatInt(n.StartDate, 10)+"-"+strconv.FormatInt(n.EndDate, 10)] = true
		}
		byAppli := map[string][]provider.Target{}
		for _, tg := range q.drain() {
			require.Equal(t, c.ProviderUserID, tg.ProviderUserID)
			appli := tg.EventType[len("appli."):]
			require.True(t, windows[appli+" "+tg.ID], "target %+v is the window a notification announced", tg)
			byAppli[appli] = append(byAppli[appli], tg)
		}
		fresh := newRecords(t, r, c.UserID)
		tests := []struct {
			appli string
			// waiting is how many announced records of the category are
			// not stored yet.
			waiting func(n pending) int
		}{
			{"1", func(n pending) int { return n.weights }},
			{"4", func(n pending) int { return n.pressures }},
			{"16", func(n pending) int { return n.days + n.workouts }},
			{"44", func(n pending) int { return n.sleeps }},
			{"54", func(n pending) int { return n.ecgs }},
		}
		for _, tc := range tests {
			require.Positive(t, tc.waiting(fresh), "appli %s: three days bring new records", tc.appli)
			require.NotEmpty(t, byAppli[tc.appli], "appli %s was notified", tc.appli)
			for _, tg := range byAppli[tc.appli] {
				_, err := r.Syncer.HandleWebhook(ctx, domain.ProviderWithings, tg)
				require.NoError(t, err, "%+v", tg)
			}
			require.Zero(t, tc.waiting(newRecords(t, r, c.UserID)), "appli %s: its notifications stored the new records", tc.appli)
		}
		for appli, ts := range byAppli {
			for _, tg := range ts {
				_, err := r.Syncer.HandleWebhook(ctx, domain.ProviderWithings, tg)
				require.NoError(t, err, "appli %s: %+v", appli, tg)
			}
		}
		require.Zero(t, newRecords(t, r, c.UserID).total())
		requireMatchesTruth(t, st, c.UserID, p)
	})
}

// pending counts the truth's records the store does not hold yet, by
// the category that announces them.
type pending struct {
	weights, pressures, days, workouts, sleeps, ecgs int
}

func (n pending) total() int {
	return n.weights + n.pressures + n.days + n.workouts + n.sleeps + n.ecgs
}

// newRecords compares the truth with the store. ECGs exist only in the
// simulator (the truth has none), so the ones it lists are read through
// its API with a fresh token.
func newRecords(t *testing.T, r *syncertest.WithingsRig, userID string) pending {
	t.Helper()
	st, p := r.Store, r.World.Person(0)
	var n pending
	weights, systolic := samples(t, st, userID, "weight"), samples(t, st, userID, "blood_pressure_systolic")
	for _, m := range p.Measurements(time.Time{}, time.Time{}) {
		switch _, w := weights[m.Time.UnixMilli()]; {
		case m.Kind == truth.MeasureWeight && !w:
			n.weights++
		case m.Kind == truth.MeasureBloodPressure:
			if _, ok := systolic[m.Time.UnixMilli()]; !ok {
				n.pressures++
			}
		}
	}
	days := activityDays(t, st, userID)
	for _, d := range p.Days() {
		if _, ok := days[d.Date]; !ok {
			n.days++
		}
	}
	for c, count := range map[domain.EventCategory]*int{domain.CategoryWorkout: &n.workouts, domain.CategorySleep: &n.sleeps} {
		stored := events(t, st, userID, c)
		starts := []time.Time{}
		if c == domain.CategoryWorkout {
			for _, w := range p.Workouts(time.Time{}, time.Time{}) {
				starts = append(starts, w.Start)
			}
		} else {
			for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
				starts = append(starts, s.Start)
			}
		}
		for _, s := range starts {
			if _, ok := stored[s.Unix()]; !ok {
				*count++
			}
		}
	}
	n.ecgs = ecgsWaiting(t, r, userID)
	return n
}

// ecgsWaiting counts the recordings the simulator lists for person 0
// that are not stored as raw documents.
func ecgsWaiting(t *testing.T, r *syncertest.WithingsRig, userID string) int {
	t.Helper()
	tok, err := r.Sim.IssueToken(0)
	require.NoError(t, err)
	var listed []string
	w := provider.Window{Start: r.World.Start().AddDate(0, 0, -30), End: r.Clock.Now()}
	err = r.Provider.Fetch(t.Context(), tok.AccessToken, withings.TypeECG, w, "", func(pg provider.Page) error {
		for _, d := range pg.Docs {
			listed = append(listed, d.ID)
		}
		return nil
	})
	require.NoError(t, err)
	docs, err := r.Store.ListRawDocuments(t.Context(), store.RawQuery{UserID: userID, Provider: domain.ProviderWithings,
		DataType: withings.TypeECG, Page: store.Page{Limit: 10_000}})
	require.NoError(t, err)
	stored := map[string]bool{}
	for _, d := range docs {
		stored[d.ProviderRecordID] = true
	}
	n := 0
	for _, id := range listed {
		if !stored[id] {
			n++
		}
	}
	return n
}
