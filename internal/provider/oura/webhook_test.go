package oura

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// subscribe wires a receiver and a subscription manager to b's simulator.
func (b *testBundle) subscribe(t *testing.T, token string) (*receiver, *Subscriptions) {
	t.Helper()
	r, callback := newReceiver(t, b.p, b.clock.Now)
	subs := NewSubscriptions(SubscriptionOptions{APIURL: b.url, ClientID: b.sim.ClientID(), ClientSecret: b.sim.ClientSecret(),
		CallbackURL: callback, VerificationToken: token, Client: b.p.o.Client, Now: b.clock.Now})
	r.subs = subs
	return r, subs
}

// TestWebhookFlows subscribes, lets the simulated world move on, and
// follows every event the simulator signs and posts: creates and updates
// fetch the named document, deletes remove a document we had fetched.
func TestWebhookFlows(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 10, DeleteRate: 0.6}, simoura.Config{})
	r, subs := b.subscribe(t, "verify-me")
	st, err := subs.Ensure(context.Background())
	require.NoError(t, err)
	require.Len(t, st.Subscriptions, len(WebhookTypes())*len(EventTypes()))
	require.Len(t, b.sim.Subscriptions(), len(WebhookTypes())*len(EventTypes()))

	tok, err := b.sim.IssueToken(0)
	require.NoError(t, err)
	token := tok.AccessToken
	known := map[string]bool{}
	for _, dt := range []string{TypeSleep, TypeWorkout} {
		docs, _ := b.fetchAll(t, token, dt, b.everything())
		for _, d := range docs {
			known[dt+"/"+d.ID] = true
		}
	}
	ctx := context.Background()
	events, err := b.sim.Advance(ctx, 4*24*time.Hour)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	targets, rejected := r.received()
	require.Zero(t, rejected)
	require.Len(t, targets, len(events), "every event verified and parsed")
	// Four days outlive the 24-hour access token: rotate it as the token
	// lifecycle would.
	_, err = b.p.Identity(ctx, token)
	require.ErrorIs(t, err, provider.ErrUnauthorized)
	fresh, err := b.p.Refresh(ctx, tok.RefreshToken)
	require.NoError(t, err)
	token = fresh.AccessToken

	ops := map[string]int{}
	for _, tg := range targets {
		require.Equal(t, b.world.Person(0).OuraUserID, tg.ProviderUserID)
		pg, err := b.p.FetchTarget(ctx, token, tg)
		require.NoError(t, err, tg.EventType)
		switch {
		case tg.Deleted:
			ops["delete"]++
			require.Equal(t, []provider.Deletion{{DataType: tg.DataType, ID: tg.ID}}, pg.Deleted)
			if tg.DataType == TypeSleep || tg.DataType == TypeWorkout {
				require.True(t, known[tg.DataType+"/"+tg.ID], "deleted %s/%s was never announced or fetched", tg.DataType, tg.ID)
			}
		default:
			ops[tg.EventType[:6]]++
			known[tg.DataType+"/"+tg.ID] = true
			if len(pg.Docs) == 0 {
				continue // deleted again before we fetched it; its delete event follows
			}
			require.Len(t, pg.Docs, 1)
			require.Equal(t, tg.DataType, pg.Docs[0].DataType)
			if tg.DataType != TypeDailyCardiovascularAge {
				require.Equal(t, tg.ID, pg.Docs[0].ID)
			}
			_, err := b.p.Normalize(pg.Docs[0], nil)
			require.NoError(t, err)
		}
	}
	require.Positive(t, ops["create"], "creates")
	require.Positive(t, ops["update"], "updates")
	require.Positive(t, ops["delete"], "deletes")
}

func TestVerifyWebhookRejectsForgeries(t *testing.T) {
	t.Parallel()
	p := New(Options{ClientID: "id", ClientSecret: "secret"})
	now := time.Unix(1_767_000_000, 0)
	body := []byte(`{"event_type":"update","data_type":"sleep","object_id":"abc","event_time":"2025-12-29T09:20:00+00:00","user_id":"u1"}`)
	sign := func(at time.Time, secret string, b []byte) http.Header {
		ts := strconv.FormatInt(at.Unix(), 10)
		h := http.Header{}
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderSignature, simoura.Sign(secret, ts, b))
		return h
	}
	lower := sign(now, "secret", body)
	lower.Set(HeaderSignature, http.CanonicalHeaderKey("x")+lower.Get(HeaderSignature)[1:])
	tests := []struct {
		name string
		h    http.Header
		body []byte
		ok   bool
	}{
		{"Valid", sign(now, "secret", body), body, true},
		{"ValidFourMinutesOld", sign(now.Add(-4*time.Minute), "secret", body), body, true},
		{"WrongSecret", sign(now, "guess", body), body, false},
		{"TamperedBody", sign(now, "secret", body), append([]byte(nil), append(body[:len(body)-1], ' ', '}')...), false},
		{"Replayed", sign(now.Add(-6*time.Minute), "secret", body), body, false},
		{"FromTheFuture", sign(now.Add(6*time.Minute), "secret", body), body, false},
		{"Unsigned", http.Header{}, body, false},
		{"NotHex", http.Header{HeaderSignature: {"zz"}, HeaderTimestamp: {strconv.FormatInt(now.Unix(), 10)}}, body, false},
		{"Corrupted", lower, body, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			err := p.VerifyWebhook(tc.h, tc.body, now)
			if tc.ok {
				require.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, provider.ErrBadSignature)
		})
	}
}

func TestParseWebhook(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	tests := []struct {
		name string
		body string
		want []provider.Target
		err  bool
	}{
		{"Update", `{"event_type":"update","data_type":"sleep","object_id":"s1","user_id":"u1"}`,
			[]provider.Target{{ProviderUserID: "u1", DataType: TypeSleep, ID: "s1", EventType: "update.sleep"}}, false},
		{"Delete", `{"event_type":"delete","data_type":"workout","object_id":"w1","user_id":"u1"}`,
			[]provider.Target{{ProviderUserID: "u1", DataType: TypeWorkout, ID: "w1", Deleted: true, EventType: "delete.workout"}}, false},
		{"VO2MaxSpelling", `{"event_type":"create","data_type":"vO2_max","object_id":"v","user_id":"u1"}`,
			[]provider.Target{{ProviderUserID: "u1", DataType: TypeVO2Max, ID: "v", EventType: "create.vo2_max"}}, false},
		{"UnknownType", `{"event_type":"create","data_type":"daily_cycle_phases","object_id":"x","user_id":"u1"}`, nil, false},
		{"UnknownOperation", `{"event_type":"merge","data_type":"sleep","object_id":"x","user_id":"u1"}`, nil, false},
		{"NoUser", `{"event_type":"create","data_type":"sleep","object_id":"x"}`, nil, true},
		{"Garbage", `{"event_type":`, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := p.ParseWebhook([]byte(tc.body))
			if tc.err {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte(`{"event_type":"update","data_type":"sleep","object_id":"s1","user_id":"u1"}`))
	f.Add([]byte(`{"event_type":"delete","data_type":"vo2_max","object_id":"","user_id":"u1"}`))
	p := New(Options{ClientSecret: "s"})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = p.ParseWebhook(b)
		_ = p.VerifyWebhook(http.Header{HeaderSignature: {"AB"}, HeaderTimestamp: {"1"}}, b, time.Unix(1, 0))
	})
}
