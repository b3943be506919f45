package oura

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

func actions(st SubscriptionsState) map[string]int {
	out := map[string]int{}
	for _, s := range st.Subscriptions {
		out[s.Action]++
	}
	return out
}

// TestSubscriptionsRenewUnderMovingClock creates the subscriptions, moves
// the fake clock through their 90-day lifetime, and checks that Ensure
// keeps them while far from expiry, renews them inside the 14-day margin,
// recreates one Oura lost, and leaves other callbacks alone.
func TestSubscriptionsRenewUnderMovingClock(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 2}, simoura.Config{SubscriptionTTL: 90 * 24 * time.Hour})
	_, subs := b.subscribe(t, "verify-me")
	ctx := context.Background()
	all := len(WebhookTypes()) * len(EventTypes())

	st, err := subs.Ensure(ctx)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"created": all}, actions(st))
	created := b.clock.Now()
	for _, s := range st.Subscriptions {
		require.Equal(t, created.Add(90*24*time.Hour).Truncate(time.Second), s.ExpiresAt)
	}

	steps := []struct {
		name    string
		advance time.Duration
		want    map[string]int
		renews  int
	}{
		{"FarFromExpiry", 30 * 24 * time.Hour, map[string]int{"kept": all}, 0},
		{"StillOutsideMargin", 45 * 24 * time.Hour, map[string]int{"kept": all}, 0},
		{"InsideMargin", 5 * 24 * time.Hour, map[string]int{"renewed": all}, all},
		{"JustRenewed", 24 * time.Hour, map[string]int{"kept": all}, all},
		{"PastExpiryWithoutARun", 100 * 24 * time.Hour, map[string]int{"renewed": all}, 2 * all},
	}
	for _, step := range steps {
		b.clock.Advance(step.advance)
		st, err := subs.Ensure(ctx)
		require.NoError(t, err, step.name)
		require.Equal(t, step.want, actions(st), step.name)
		require.Equal(t, step.renews, b.sim.RequestCount(simoura.RouteRenew), step.name)
		for _, s := range st.Subscriptions {
			require.Greater(t, s.ExpiresAt.Sub(b.clock.Now()), subs.o.RenewBefore, step.name)
		}
		require.Equal(t, st, subs.State())
	}

	// Oura loses one subscription; another app callback exists too.
	lost := b.sim.Subscriptions()[3]
	_, err = subs.call(ctx, http.MethodDelete, "/v2/webhook/subscription/"+lost.ID, nil)
	require.NoError(t, err)
	other, otherURL := newReceiver(t, b.p, b.clock.Now)
	other.subs = NewSubscriptions(SubscriptionOptions{APIURL: b.url, ClientID: b.sim.ClientID(), ClientSecret: b.sim.ClientSecret(),
		CallbackURL: otherURL, VerificationToken: "other", DataTypes: []string{TypeSleep}, EventTypes: []string{"create"}, Client: b.p.o.Client, Now: b.clock.Now})
	_, err = other.subs.Ensure(ctx)
	require.NoError(t, err)

	st, err = subs.Ensure(ctx)
	require.NoError(t, err)
	require.Equal(t, map[string]int{"kept": all - 1, "created": 1}, actions(st))
	require.Len(t, b.sim.Subscriptions(), all+1, "the other callback's subscription is left alone")
}

func TestSubscriptionsFailures(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Users: 1, Days: 2}, simoura.Config{})
	r, subs := b.subscribe(t, "verify-me")
	// The receiver answers challenges with a different token than the
	// manager registers, so Oura's verification fails every create.
	r.subs = NewSubscriptions(SubscriptionOptions{VerificationToken: "something-else"})
	st, err := subs.Ensure(context.Background())
	require.Error(t, err)
	require.Equal(t, map[string]int{"failed": len(WebhookTypes()) * len(EventTypes())}, actions(st))
	require.Contains(t, st.Subscriptions[0].Error, "verification")
	require.Empty(t, b.sim.Subscriptions())

	_, err = NewSubscriptions(SubscriptionOptions{}).Ensure(context.Background())
	require.ErrorIs(t, err, provider.ErrNotConfigured)

	bad := NewSubscriptions(SubscriptionOptions{APIURL: b.url, ClientID: "nobody", ClientSecret: "x", CallbackURL: "http://127.0.0.1:1/", VerificationToken: "t"})
	st, err = bad.Ensure(context.Background())
	require.ErrorIs(t, err, provider.ErrUnauthorized)
	require.NotEmpty(t, st.Error)
}

func TestAnswerChallenge(t *testing.T) {
	t.Parallel()
	s := NewSubscriptions(SubscriptionOptions{VerificationToken: "tok"})
	tests := []struct {
		name   string
		q      url.Values
		status int
		body   string
	}{
		{"Match", url.Values{"verification_token": {"tok"}, "challenge": {"c1"}}, http.StatusOK, `{"challenge":"c1"}`},
		{"WrongToken", url.Values{"verification_token": {"tok2"}, "challenge": {"c1"}}, http.StatusUnauthorized, ""},
		{"NoChallenge", url.Values{"verification_token": {"tok"}}, http.StatusUnauthorized, ""},
		{"Nothing", url.Values{}, http.StatusUnauthorized, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			status, body := s.AnswerChallenge(tc.q)
			require.Equal(t, tc.status, status)
			if tc.body != "" {
				require.JSONEq(t, tc.body, string(body))
			}
		})
	}
	status, _ := NewSubscriptions(SubscriptionOptions{}).AnswerChallenge(url.Values{"verification_token": {""}, "challenge": {"c"}})
	require.Equal(t, http.StatusUnauthorized, status, "an unset token never matches")
}
