package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// newEndpoint stores an endpoint for tests.
func newEndpoint(t *testing.T, f fixture, url string) domain.WebhookEndpoint {
	t.Helper()
	e, err := f.s.CreateWebhookEndpoint(f.ctx, domain.WebhookEndpoint{URL: url, Secret: []byte("0123456789abcdef0123456789abcdef")})
	require.NoError(t, err)
	return e
}

func testWebhookEndpoints(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	_, err := s.UpsertEvents(f.ctx, []domain.Event{f.sleep("s1", baseTime(), time.Hour)})
	require.NoError(t, err)
	cs := changes(t, s)
	require.Len(t, cs, 1)
	require.Equal(t, domain.ProviderWHOOP, cs[0].Provider, "a change names its record's provider")

	e := newEndpoint(t, f, "https://example.com/hook")
	require.True(t, e.Enabled)
	require.Equal(t, cs[0].Seq, e.Cursor, "a new endpoint starts at the newest change")
	require.Equal(t, []string{}, e.EventTypes)
	require.Nil(t, e.UserID)

	got, err := s.WebhookEndpoint(f.ctx, e.ID)
	require.NoError(t, err)
	require.Equal(t, e, got)
	require.Equal(t, []byte("0123456789abcdef0123456789abcdef"), got.Secret, "the secret opens")

	uid, prov := f.user.ID, domain.ProviderOura
	up, err := s.UpdateWebhookEndpoint(f.ctx, e.ID, store.WebhookEndpointPatch{
		URL: ptr("https://example.com/v2"), Description: ptr("mine"), EventTypes: &[]string{"sleep.created"},
		UserID: &uid, Provider: &prov,
	})
	require.NoError(t, err)
	require.Equal(t, "https://example.com/v2", up.URL)
	require.Equal(t, "mine", up.Description)
	require.Equal(t, []string{"sleep.created"}, up.EventTypes)
	require.Equal(t, &uid, up.UserID)
	require.Equal(t, prov, up.Provider)

	off, err := s.UpdateWebhookEndpoint(f.ctx, e.ID, store.WebhookEndpointPatch{ClearUser: true, Enabled: ptr(false), DisabledReason: "manual"})
	require.NoError(t, err)
	require.Nil(t, off.UserID)
	require.False(t, off.Enabled)
	require.Equal(t, "manual", off.DisabledReason)
	require.NotNil(t, off.DisabledAt)
	on, err := s.UpdateWebhookEndpoint(f.ctx, e.ID, store.WebhookEndpointPatch{Enabled: ptr(true)})
	require.NoError(t, err)
	require.True(t, on.Enabled)
	require.Empty(t, on.DisabledReason)
	require.Nil(t, on.DisabledAt)

	until := baseTime().Add(24 * time.Hour)
	rot, err := s.RotateWebhookSecret(f.ctx, e.ID, []byte("fedcba9876543210fedcba9876543210"), until)
	require.NoError(t, err)
	require.Equal(t, []byte("fedcba9876543210fedcba9876543210"), rot.Secret)
	require.Equal(t, []byte("0123456789abcdef0123456789abcdef"), rot.PreviousSecret)
	require.True(t, until.Equal(*rot.PreviousUntil))

	all, err := s.ListWebhookEndpoints(f.ctx)
	require.NoError(t, err)
	require.Len(t, all, 1)

	require.NoError(t, s.DeleteWebhookEndpoint(f.ctx, e.ID))
	_, err = s.WebhookEndpoint(f.ctx, e.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.ErrorIs(t, s.DeleteWebhookEndpoint(f.ctx, e.ID), store.ErrNotFound)
	_, err = s.UpdateWebhookEndpoint(f.ctx, e.ID, store.WebhookEndpointPatch{})
	require.ErrorIs(t, err, store.ErrNotFound)
}

// msg builds a feed message of the fixture's user.
func msg(e domain.WebhookEndpoint, seq int64, lane string) domain.WebhookMessage {
	return domain.WebhookMessage{EndpointID: e.ID, Seq: seq, Lane: lane, Ord: seq, UserID: lane,
		EventType: "sleep.created", Payload: []byte(`{"n":1}`)}
}

func testWebhookMessages(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	e := newEndpoint(t, f, "https://example.com/hook")
	from := e.Cursor
	batch := []domain.WebhookMessage{msg(e, from+1, "a"), msg(e, from+2, "a"), msg(e, from+3, "b")}
	require.NoError(t, s.EnqueueWebhookMessages(f.ctx, e.ID, from, from+3, batch))
	err := s.EnqueueWebhookMessages(f.ctx, e.ID, from, from+3, batch)
	require.ErrorIs(t, err, store.ErrConflict, "a second worker with the old cursor enqueues nothing")
	got, err := s.WebhookEndpoint(f.ctx, e.ID)
	require.NoError(t, err)
	require.Equal(t, from+3, got.Cursor)

	now := time.Now()
	work, err := s.WebhookWork(f.ctx, now)
	require.NoError(t, err)
	require.Empty(t, work, "the cursor is past the outbox and nothing is recorded due")
	require.NoError(t, s.SetWebhookNextDue(f.ctx, e.ID, &now))
	work, err = s.WebhookWork(f.ctx, now)
	require.NoError(t, err)
	require.Equal(t, []string{e.ID}, work, "a due message is work")
	later0 := now.Add(time.Hour)
	require.NoError(t, s.SetWebhookNextDue(f.ctx, e.ID, &later0))
	work, err = s.WebhookWork(f.ctx, now)
	require.NoError(t, err)
	require.Empty(t, work, "not before it is due")
	due, err := s.DueWebhookMessages(f.ctx, e.ID, now, 10)
	require.NoError(t, err)
	require.Len(t, due, 2, "only the head of each lane is due")
	require.ElementsMatch(t, []int64{from + 1, from + 3}, []int64{due[0].Seq, due[1].Seq})

	// The head of lane a succeeds; lane b fails and waits a minute.
	var head, other domain.WebhookMessage
	for _, m := range due {
		if m.Lane == "a" {
			head = m
		} else {
			other = m
		}
	}
	later := now.Add(time.Minute)
	rs := []store.WebhookResult{
		{Attempt: domain.WebhookAttempt{MessageID: head.ID, Attempt: 1, StatusCode: 200, Latency: 12 * time.Millisecond, ResponseBody: "ok", StartedAt: now},
			Status: domain.WebhookSucceeded},
		{Attempt: domain.WebhookAttempt{MessageID: other.ID, Attempt: 1, StatusCode: 500, ResponseBody: "boom", StartedAt: now},
			Status: domain.WebhookPending, NextAttemptAt: &later},
	}
	require.NoError(t, s.RecordWebhookAttempts(f.ctx, e.ID, rs, store.WebhookHealth{FailingSince: &now}))
	due, err = s.DueWebhookMessages(f.ctx, e.ID, now, 10)
	require.NoError(t, err)
	require.Len(t, due, 1)
	require.Equal(t, from+2, due[0].Seq, "lane a moves on; lane b waits for its retry")
	next, err := s.NextWebhookAttempt(f.ctx, e.ID)
	require.NoError(t, err)
	require.NotNil(t, next)

	got, err = s.WebhookEndpoint(f.ctx, e.ID)
	require.NoError(t, err)
	require.NotNil(t, got.FailingSince)

	m, err := s.WebhookMessage(f.ctx, head.ID)
	require.NoError(t, err)
	require.Equal(t, domain.WebhookSucceeded, m.Status)
	require.Equal(t, 1, m.Attempts)
	require.Equal(t, 200, m.LastStatus)
	require.NotNil(t, m.FinishedAt)

	atts, err := s.ListWebhookAttempts(f.ctx, store.WebhookAttemptQuery{MessageID: head.ID})
	require.NoError(t, err)
	require.Len(t, atts, 1)
	require.Equal(t, 12*time.Millisecond, atts[0].Latency)
	require.Equal(t, "ok", atts[0].ResponseBody)
	atts, err = s.ListWebhookAttempts(f.ctx, store.WebhookAttemptQuery{EndpointID: e.ID})
	require.NoError(t, err)
	require.Len(t, atts, 2)

	// A failure that ends the schedule, then recover.
	rs = []store.WebhookResult{{Attempt: domain.WebhookAttempt{MessageID: other.ID, Attempt: 2, StatusCode: 500, StartedAt: now},
		Status: domain.WebhookFailed}}
	require.NoError(t, s.RecordWebhookAttempts(f.ctx, e.ID, rs, store.WebhookHealth{Disable: "failing for 5 days", At: now}))
	got, err = s.WebhookEndpoint(f.ctx, e.ID)
	require.NoError(t, err)
	require.False(t, got.Enabled)
	require.Equal(t, "failing for 5 days", got.DisabledReason)
	failed, err := s.ListWebhookMessages(f.ctx, store.WebhookMessageQuery{EndpointID: e.ID, Status: domain.WebhookFailed})
	require.NoError(t, err)
	require.Len(t, failed, 1)
	n, err := s.RecoverWebhookMessages(f.ctx, e.ID, now.Add(-time.Hour), now)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	m, err = s.WebhookMessage(f.ctx, other.ID)
	require.NoError(t, err)
	require.Equal(t, domain.WebhookPending, m.Status)

	// Paging newest first.
	page, err := s.ListWebhookMessages(f.ctx, store.WebhookMessageQuery{EndpointID: e.ID, Limit: 2})
	require.NoError(t, err)
	require.Len(t, page, 2)
	rest, err := s.ListWebhookMessages(f.ctx, store.WebhookMessageQuery{EndpointID: e.ID, BeforeID: page[1].ID})
	require.NoError(t, err)
	require.Len(t, rest, 1)
	ids := map[string]bool{page[0].ID: true, page[1].ID: true, rest[0].ID: true}
	require.Len(t, ids, 3)

	// A test message lives outside the feed.
	tm, err := s.AddWebhookMessage(f.ctx, domain.WebhookMessage{EndpointID: e.ID, Lane: "test:1", EventType: "workout.created", Payload: []byte(`{}`)})
	require.NoError(t, err)
	require.Zero(t, tm.Seq)
	require.Equal(t, domain.WebhookPending, tm.Status)
}

func testWebhookReplayAndPrune(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	e := newEndpoint(t, f, "https://example.com/hook")
	other := newEndpoint(t, f, "https://example.com/other")
	_, err := s.UpsertEvents(f.ctx, []domain.Event{f.sleep("s1", baseTime(), time.Hour), f.sleep("s2", baseTime().Add(24*time.Hour), time.Hour)})
	require.NoError(t, err)
	cs := changes(t, s)
	require.Len(t, cs, 2)
	first, last := cs[0].Seq, cs[1].Seq
	work, err := s.WebhookWork(f.ctx, time.Now())
	require.NoError(t, err)
	require.ElementsMatch(t, []string{e.ID, other.ID}, work, "endpoints behind the outbox have work")

	require.NoError(t, s.EnqueueWebhookMessages(f.ctx, e.ID, e.Cursor, last, []domain.WebhookMessage{msg(e, first, "u"), msg(e, last, "u")}))
	due, err := s.DueWebhookMessages(f.ctx, e.ID, time.Now(), 10)
	require.NoError(t, err)
	require.Len(t, due, 1)
	rs := []store.WebhookResult{{Attempt: domain.WebhookAttempt{MessageID: due[0].ID, Attempt: 1, StatusCode: 204, StartedAt: time.Now()}, Status: domain.WebhookSucceeded}}
	require.NoError(t, s.RecordWebhookAttempts(f.ctx, e.ID, rs, store.WebhookHealth{}))

	// Replay from before the first change moves the cursor back; enqueueing
	// the same changes again makes the delivered one pending again.
	cur, err := s.ReplayWebhookMessages(f.ctx, e.ID, cs[0].At.Add(-time.Second))
	require.NoError(t, err)
	require.Equal(t, first-1, cur)
	require.NoError(t, s.EnqueueWebhookMessages(f.ctx, e.ID, cur, last, []domain.WebhookMessage{msg(e, first, "u"), msg(e, last, "u")}))
	m, err := s.WebhookMessage(f.ctx, due[0].ID)
	require.NoError(t, err)
	require.Equal(t, domain.WebhookPending, m.Status, "the same message id is sent again")

	// Pruning: other has not passed the changes, so nothing goes.
	future := time.Now().Add(time.Hour)
	n, err := s.PruneChanges(f.ctx, future)
	require.NoError(t, err)
	require.Zero(t, n)
	// Once every enabled endpoint has passed a change, it goes, but only
	// when it is older than the retention horizon.
	require.NoError(t, s.EnqueueWebhookMessages(f.ctx, other.ID, other.Cursor, first, nil))
	n, err = s.PruneChanges(f.ctx, cs[0].At.Add(-time.Hour))
	require.NoError(t, err)
	require.Zero(t, n, "younger than the retention")
	n, err = s.PruneChanges(f.ctx, future)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Len(t, changes(t, s), 1)
	// A disabled endpoint does not hold the outbox back.
	_, err = s.UpdateWebhookEndpoint(f.ctx, other.ID, store.WebhookEndpointPatch{Enabled: ptr(false)})
	require.NoError(t, err)
	n, err = s.PruneChanges(f.ctx, future)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Empty(t, changes(t, s))
}

func testConnectionAndSyncChanges(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	c, err := s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderOura, AccessToken: "a"})
	require.NoError(t, err)
	_, err = s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderOura, AccessToken: "b"})
	require.NoError(t, err)
	require.NoError(t, s.RevokeConnection(f.ctx, c.ID, c.TokenVersion+1, "refresh_failed"))
	_, err = s.UpsertConnection(f.ctx, domain.Connection{UserID: f.user.ID, Provider: domain.ProviderOura, AccessToken: "c"})
	require.NoError(t, err)
	run, err := s.CreateSyncRun(f.ctx, domain.SyncRun{UserID: f.user.ID, ConnectionID: c.ID, Provider: domain.ProviderOura, Source: "pull"})
	require.NoError(t, err)
	run.Status, run.Error = domain.SyncFailed, "boom"
	require.NoError(t, s.FinishSyncRun(f.ctx, run))
	cs := changes(t, s)
	require.Equal(t, []string{"connection:created", "connection:revoked", "connection:created", "sync_run:completed", "connection:error"},
		changeTypes(cs), "a token refresh is no event; a reconnect after a revoke is")
	for _, ch := range cs {
		require.Equal(t, domain.ProviderOura, ch.Provider)
		require.Equal(t, f.user.ID, ch.UserID)
	}
	require.Equal(t, run.ID, cs[3].RecordID)
	require.Equal(t, c.ID, cs[4].RecordID)
}
