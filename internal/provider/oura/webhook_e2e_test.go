package oura

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// TestWebhooksThroughEngine subscribes wearhouse's real webhook route,
// backfills a member and then lets the simulated world move on for three
// days in 1-hour steps (short enough that a sleep is created and scored in
// different steps). Every event the simulator signs and posts is
// accepted by the route and run as a job: sleeps and daily documents are
// created, updated with new values and deleted, and afterwards the store
// holds exactly what Oura serves. A daily document and a sleep deleted
// on purpose disappear too.
func TestWebhooksThroughEngine(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setup(t, truth.Options{Users: 1, Days: 6, DeleteRate: 0.5}, simoura.Config{})
		e := newEngine(t, b, st, 8)
		ctx := t.Context()
		state, err := e.subs.Ensure(ctx)
		require.NoError(t, err, "the simulator verified the real route's challenge answer")
		require.Len(t, state.Subscriptions, len(WebhookTypes())*len(EventTypes()))
		c := e.connect(t, 0)
		require.Equal(t, domain.SyncSuccess, e.sync(t, c, syncer.SourceBackfill).Status)

		ops := map[string]int{}
		first := map[string]string{}
		changed := map[string]bool{}
		for range 72 {
			events, err := b.sim.Advance(ctx, time.Hour)
			require.NoError(t, err)
			for _, ev := range events {
				ops[ev.EventType+"."+ev.DataType]++
			}
			require.Equal(t, len(events), e.jobs.pending(), "every event verified and recorded")
			e.drain(t)
			for k, v := range e.fingerprints(t, c.UserID) {
				if f, seen := first[k]; !seen {
					first[k] = v
				} else if f != v {
					changed[kindOf(k)] = true
				}
			}
		}
		for _, op := range []string{"create.sleep", "update.sleep", "delete.sleep", "create.daily_activity", "update.daily_activity"} {
			require.Positive(t, ops[op], "the world sent no %s: %v", op, ops)
		}
		require.True(t, changed["sleep"] && changed["activity"], "updates stored new values: %v", changed)
		e.requireConsistent(t, c.UserID, "after the webhooks")
		e.requireSleepsMatchOura(t, c)

		// Deletions on purpose: a daily document (daily documents are
		// never deleted by the truth) and a sleep marked type "deleted".
		day := b.world.Person(0).Days()[2].Date
		dailySleep := simoura.DocumentID(b.world.Seed(), c.ProviderUserID, TypeDailySleep, day)
		scores, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Category: domain.ScoreSleep, Limit: 1000})
		require.NoError(t, err)
		require.True(t, hasScore(scores, dailySleep))
		_, err = b.sim.RemoveDocument(ctx, b.world.Person(0), TypeDailySleep, dailySleep, simoura.Vanish)
		require.NoError(t, err)
		sleep := e.storedSleeps(t, c.UserID)[0]
		_, err = b.sim.RemoveDocument(ctx, b.world.Person(0), TypeSleep, sleep.ProviderRecordID, simoura.MarkDeleted)
		require.NoError(t, err)
		require.Equal(t, 2, e.jobs.pending())
		e.drain(t)
		after, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Category: domain.ScoreSleep, Limit: 1000})
		require.NoError(t, err)
		require.False(t, hasScore(after, dailySleep), "the deleted daily_sleep score is gone")
		require.Len(t, after, len(scores)-1, "and only it")
		for _, ev := range e.storedSleeps(t, c.UserID) {
			require.NotEqual(t, sleep.ProviderRecordID, ev.ProviderRecordID, "the sleep marked deleted is gone")
		}
		e.requireConsistent(t, c.UserID, "after the deletions")
		e.requireSleepsMatchOura(t, c)
	})
}

// TestForgedWebhooksRejected posts a delete event for a stored sleep to
// the real route with forged, stale and missing signatures: each is
// answered 401 and records nothing, and the sleep stays. The same event
// signed properly is accepted and deletes it, so the refusals are not
// vacuous.
func TestForgedWebhooksRejected(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setup(t, truth.Options{Users: 1, Days: 3}, simoura.Config{})
		e := newEngine(t, b, st, 4)
		c := e.connect(t, 0)
		require.Equal(t, domain.SyncSuccess, e.sync(t, c, syncer.SourceBackfill).Status)
		sleep := e.storedSleeps(t, c.UserID)[0]
		body := []byte(fmt.Sprintf(`{"event_type":"delete","data_type":"sleep","object_id":%q,"event_time":%q,"user_id":%q}`,
			sleep.ProviderRecordID, b.clock.Now().UTC().Format(time.RFC3339), c.ProviderUserID))
		now := b.clock.Now()
		signed := func(at time.Time, secret string) http.Header {
			ts := strconv.FormatInt(at.Unix(), 10)
			return http.Header{HeaderTimestamp: {ts}, HeaderSignature: {simoura.Sign(secret, ts, body)}}
		}
		cases := []struct {
			name   string
			header http.Header
		}{
			{"WrongSecret", signed(now, "not-the-secret")},
			{"Stale", signed(now.Add(-6*time.Minute), b.sim.ClientSecret())},
			{"FromTheFuture", signed(now.Add(6*time.Minute), b.sim.ClientSecret())},
			{"Unsigned", http.Header{HeaderTimestamp: {strconv.FormatInt(now.Unix(), 10)}}},
			{"NoTimestamp", http.Header{HeaderSignature: signed(now, b.sim.ClientSecret())[HeaderSignature]}},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				require.Equal(t, http.StatusUnauthorized, e.post(t, tc.header, body))
				require.Zero(t, e.jobs.pending(), "nothing recorded")
			})
		}
		require.Len(t, e.storedSleeps(t, c.UserID), len(b.world.Person(0).Sleeps(time.Time{}, time.Time{})), "nothing deleted")

		require.Equal(t, http.StatusAccepted, e.post(t, signed(now, b.sim.ClientSecret()), body))
		require.Equal(t, 1, e.jobs.pending())
		require.Equal(t, 1, e.drain(t).Deleted)
		for _, ev := range e.storedSleeps(t, c.UserID) {
			require.NotEqual(t, sleep.ProviderRecordID, ev.ProviderRecordID)
		}
	})
}

// post sends a webhook POST to the real route and returns the status.
func (e *engine) post(t *testing.T, h http.Header, body []byte) int {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodPost, e.api+WebhookPath, bytes.NewReader(body))
	require.NoError(t, err)
	req.Header = h.Clone()
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	require.NoError(t, resp.Body.Close())
	return resp.StatusCode
}

func hasScore(scores []domain.HealthScore, providerRecordID string) bool {
	for _, s := range scores {
		if s.ProviderRecordID == providerRecordID {
			return true
		}
	}
	return false
}
