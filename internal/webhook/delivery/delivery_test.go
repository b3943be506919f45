package delivery_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

var loopback = delivery.Guard{AllowLoopback: true}

// TestDeliversEveryChangeInOrderSigned: every change after the endpoint
// was created arrives once, per user in change order, signed so the
// Standard Webhooks library verifies it under both header names.
func TestDeliversEveryChangeInOrderSigned(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		rc := newReceiver(t, nil)
		w := newWorld(t, st, rc.URL, loopback)
		users := []string{w.user(t), w.user(t), w.user(t)}
		for _, u := range users {
			w.sleeps(t, u, 0, 5)
		}
		require.True(t, w.pass(t).IsZero(), "nothing left pending")
		reqs := rc.requests()
		require.Len(t, reqs, 15)
		ids := map[string]bool{}
		last := map[string]int64{}
		for _, g := range reqs {
			verify(t, w.secret, g)
			require.False(t, ids[g.ID], "each message once")
			ids[g.ID] = true
			require.Equal(t, "sleep.created", g.Env.Type)
			require.NotNil(t, g.Env.Provider)
			require.Equal(t, "whoop", *g.Env.Provider)
			require.Greater(t, g.Env.ChangeID, last[g.Env.UserID], "a user's changes arrive in order")
			last[g.Env.UserID] = g.Env.ChangeID
			require.Equal(t, "application/json", g.Header.Get("Content-Type"))
		}
		atts, err := st.ListWebhookAttempts(w.ctx, store.WebhookAttemptQuery{EndpointID: w.ep.ID, Limit: 100})
		require.NoError(t, err)
		require.Len(t, atts, 15, "every attempt recorded")
		for _, a := range atts {
			require.Equal(t, 200, a.StatusCode)
			require.Contains(t, a.ResponseBody, "answer")
		}
		// A second pass sends nothing again.
		require.True(t, w.pass(t).IsZero())
		require.Len(t, rc.requests(), 15)
	})
}

// TestRetryScheduleRetryAfterAndOrder: a failed head waits on the retry
// schedule (pushed back by Retry-After on 503) and holds its user's next
// message back, while another user's messages go on.
func TestRetryScheduleRetryAfterAndOrder(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		var slow string
		rc := newReceiver(t, func(n int, r *http.Request) (int, http.Header) { return 0, nil })
		w := newWorld(t, st, rc.URL, loopback)
		slow, fast := w.user(t), w.user(t)
		fails := 0
		rc.answer = func(n int, r *http.Request) (int, http.Header) {
			g := rc.got[n]
			if g.Env.UserID == slow && fails < 2 {
				fails++
				if fails == 1 {
					return http.StatusServiceUnavailable, http.Header{"Retry-After": {"120"}}
				}
				return http.StatusInternalServerError, nil
			}
			return http.StatusOK, nil
		}
		w.sleeps(t, slow, 0, 2)
		w.sleeps(t, fast, 0, 3)
		t0 := w.clock.now()
		next := w.pass(t)
		require.Equal(t, t0.Add(120*time.Second), next, "Retry-After pushes the 5 s retry back")
		bySlow := func() []int64 {
			var out []int64
			for _, g := range rc.requests() {
				if g.Env.UserID == slow {
					out = append(out, g.Env.ChangeID)
				}
			}
			return out
		}
		require.Len(t, bySlow(), 1, "the slow user's second message waits behind its head")
		require.Len(t, rc.requests(), 4, "the other user's three went out")

		w.clock.add(119 * time.Second)
		require.Equal(t, next, w.pass(t), "not due yet")
		w.clock.add(time.Second)
		next = w.pass(t)
		require.Equal(t, w.clock.now().Add(5*time.Minute), next, "second failure waits 5 minutes")
		ep, err := st.WebhookEndpoint(w.ctx, w.ep.ID)
		require.NoError(t, err)
		require.NotNil(t, ep.FailingSince)

		w.clock.add(5 * time.Minute)
		require.True(t, w.pass(t).IsZero())
		seqs := bySlow()
		require.Len(t, seqs, 4)
		require.Equal(t, seqs[0], seqs[1])
		require.Equal(t, seqs[0], seqs[2])
		require.Less(t, seqs[2], seqs[3], "the next message only after the head succeeded")
		ep, err = st.WebhookEndpoint(w.ctx, w.ep.ID)
		require.NoError(t, err)
		require.Nil(t, ep.FailingSince, "a success ends the failure run")

		head := rc.requests()[0]
		atts, err := st.ListWebhookAttempts(w.ctx, store.WebhookAttemptQuery{EndpointID: w.ep.ID, Limit: 100})
		require.NoError(t, err)
		var codes []int
		for i := len(atts) - 1; i >= 0; i-- {
			m, err := st.WebhookMessage(w.ctx, atts[i].MessageID)
			require.NoError(t, err)
			if m.UserID == slow && m.Seq == head.Env.ChangeID || m.UserID == slow && m.Seq == seqs[0] {
				codes = append(codes, atts[i].StatusCode)
			}
		}
		require.Equal(t, []int{503, 500, 200}, codes)
	})
}

// TestGoneDisables: 410 disables the endpoint at once; the message stays
// pending for when it is enabled again.
func TestGoneDisables(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		rc := newReceiver(t, func(int, *http.Request) (int, http.Header) { return http.StatusGone, nil })
		w := newWorld(t, st, rc.URL, loopback)
		w.sleeps(t, w.user(t), 0, 3)
		require.True(t, w.pass(t).IsZero())
		require.Len(t, rc.requests(), 1)
		ep, err := st.WebhookEndpoint(w.ctx, w.ep.ID)
		require.NoError(t, err)
		require.False(t, ep.Enabled)
		require.Contains(t, ep.DisabledReason, "410")
		pending, err := st.ListWebhookMessages(w.ctx, store.WebhookMessageQuery{EndpointID: w.ep.ID, Status: domain.WebhookPending})
		require.NoError(t, err)
		require.Len(t, pending, 3)
	})
}

// TestDisabledAfterFiveDaysFailing: an endpoint that has failed without a
// success for five days is disabled by the next failure.
func TestDisabledAfterFiveDaysFailing(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		rc := newReceiver(t, func(int, *http.Request) (int, http.Header) { return http.StatusInternalServerError, nil })
		w := newWorld(t, st, rc.URL, loopback)
		u := w.user(t)
		w.sleeps(t, u, 0, 1)
		next := w.pass(t)
		for i := range 30 {
			if next.IsZero() {
				// The message ran out of retries (3 days): another one
				// keeps the endpoint failing.
				w.sleeps(t, u, 1+i, 1)
				next = w.clock.now()
			}
			w.clock.t = next
			next = w.pass(t)
			ep, err := st.WebhookEndpoint(w.ctx, w.ep.ID)
			require.NoError(t, err)
			if !ep.Enabled {
				require.GreaterOrEqual(t, w.clock.now().Sub(*ep.FailingSince), delivery.DisableAfter)
				require.Equal(t, "failing for 5 days", ep.DisabledReason)
				failed, err := st.ListWebhookMessages(w.ctx, store.WebhookMessageQuery{EndpointID: w.ep.ID, Status: domain.WebhookFailed})
				require.NoError(t, err)
				require.Len(t, failed, 1, "the first message ran out of retries after the last step of the schedule")
				return
			}
			require.Less(t, w.clock.now().Sub(*ep.FailingSince), delivery.DisableAfter)
		}
		t.Fatal("the endpoint was never disabled")
	})
}

// TestRedirectNotFollowed: a 3xx is a failed attempt; the target of the
// redirect is never called.
func TestRedirectNotFollowed(t *testing.T) {
	t.Parallel()
	target := newReceiver(t, nil)
	rc := newReceiver(t, func(int, *http.Request) (int, http.Header) {
		return http.StatusFound, http.Header{"Location": {target.URL}}
	})
	w := newWorld(t, storetest.NewSQLite(t), rc.URL, loopback)
	w.sleeps(t, w.user(t), 0, 1)
	w.pass(t)
	require.Len(t, rc.requests(), 1)
	require.Empty(t, target.requests())
	atts, err := w.st.ListWebhookAttempts(w.ctx, store.WebhookAttemptQuery{EndpointID: w.ep.ID})
	require.NoError(t, err)
	require.Equal(t, http.StatusFound, atts[0].StatusCode)
}

// TestGuardRefusesLoopbackAtConnect: without the loopback setting the
// connection to 127.0.0.1 is refused after resolution; nothing is sent.
func TestGuardRefusesLoopbackAtConnect(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	w := newWorld(t, storetest.NewSQLite(t), rc.URL, delivery.Guard{})
	w.sleeps(t, w.user(t), 0, 1)
	w.pass(t)
	require.Empty(t, rc.requests())
	atts, err := w.st.ListWebhookAttempts(w.ctx, store.WebhookAttemptQuery{EndpointID: w.ep.ID})
	require.NoError(t, err)
	require.Len(t, atts, 1)
	require.Zero(t, atts[0].StatusCode)
	require.Contains(t, atts[0].Error, "forbidden address")
}

// TestRotationSignsWithBoth: during the overlap both secrets sign, so a
// receiver holding either verifies; afterwards only the new one.
func TestRotationSignsWithBoth(t *testing.T) {
	t.Parallel()
	rc := newReceiver(t, nil)
	st := storetest.NewSQLite(t)
	w := newWorld(t, st, rc.URL, loopback)
	next, err := signing.NewSecret(nil)
	require.NoError(t, err)
	_, err = st.RotateWebhookSecret(w.ctx, w.ep.ID, next.Bytes(), w.clock.now().Add(time.Hour))
	require.NoError(t, err)
	u := w.user(t)
	w.sleeps(t, u, 0, 1)
	w.pass(t)
	atts, err := st.ListWebhookAttempts(w.ctx, store.WebhookAttemptQuery{EndpointID: w.ep.ID})
	require.NoError(t, err)
	require.Len(t, atts, 1)
	require.Empty(t, atts[0].Error)
	g := rc.requests()[0]
	verify(t, w.secret, g)
	verify(t, next, g)

	w.clock.add(2 * time.Hour)
	w.sleeps(t, u, 1, 1)
	w.pass(t)
	g = rc.requests()[1]
	require.Len(t, splitSigs(g.Header.Get("webhook-signature")), 1, "the old secret stopped signing")
}

func splitSigs(s string) []string {
	var out []string
	for _, f := range []byte(s) {
		if f == ' ' {
			out = append(out, "")
		}
	}
	return append(out, s)
}
