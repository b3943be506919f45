package withings

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// receiver plays wearhouse's notification endpoint through WebhookHandler,
// verifying and parsing as the sync engine's receiver does.
type receiver struct {
	mu      sync.Mutex
	targets []provider.Target
}

func newReceiver(t *testing.T, p func() *Provider) (*receiver, string) {
	t.Helper()
	r := &receiver{}
	h := WebhookHandler(func(_ context.Context, h http.Header, body []byte) error {
		prov := p()
		if err := prov.VerifyWebhook(h, body, time.Now()); err != nil {
			return err
		}
		ts, err := prov.ParseWebhook(body)
		if err != nil {
			return err
		}
		r.mu.Lock()
		r.targets = append(r.targets, ts...)
		r.mu.Unlock()
		return nil
	})
	hs := httptest.NewServer(h)
	t.Cleanup(hs.Close)
	return r, hs.URL
}

func (r *receiver) received() []provider.Target {
	r.mu.Lock()
	defer r.mu.Unlock()
	return slices.Clone(r.targets)
}

// TestNotificationsEndToEnd subscribes a user (the simulator probes the
// callback with HEAD), lets the world move on so Withings notifies each
// category, and fetches every announced window.
func TestNotificationsEndToEnd(t *testing.T) {
	t.Parallel()
	var b *testBundle
	r, base := newReceiver(t, func() *Provider { return b.p })
	b = setup(t, truth.Options{Days: 4, DeleteRate: -1}, simwithings.Config{}, base)
	ctx := context.Background()
	tok := b.token(t, 0)
	uid := b.sim.World().Person(0).WithingsUserID
	user := strconv.FormatInt(uid, 10)

	states, err := b.p.Subscribe(ctx, tok, user)
	require.NoError(t, err)
	require.Len(t, states, len(DefaultApplis()))
	for _, s := range states {
		require.Equal(t, "created", s.Action, "appli %d: %s", s.Appli, s.Error)
	}
	require.Len(t, b.sim.Subscriptions(), len(DefaultApplis()))
	for _, s := range b.sim.Subscriptions() {
		require.Equal(t, b.p.CallbackURL(user), s.CallbackURL)
	}
	// Repair is idempotent.
	states, err = b.p.Subscribe(ctx, tok, user)
	require.NoError(t, err)
	for _, s := range states {
		require.Equal(t, "kept", s.Action)
	}

	_, err = b.sim.Advance(ctx, 3*24*time.Hour)
	require.NoError(t, err)
	tok = b.token(t, 0) // three days on, the 3-hour access token has expired
	targets := r.received()
	got := map[string]bool{}
	for _, tg := range targets {
		require.Equal(t, user, tg.ProviderUserID)
		got[tg.EventType+" "+tg.DataType] = true
		pg, err := b.p.FetchTarget(ctx, tok, tg)
		require.NoError(t, err, "%+v", tg)
		if tg.DataType == TypeSleep || tg.DataType == TypeActivity {
			require.NotEmpty(t, pg.Docs, "%+v", tg)
		}
		for _, d := range pg.Docs {
			_, err := b.p.Normalize(d, nil)
			require.NoError(t, err)
		}
	}
	for _, want := range []string{"appli.2 measure", "appli.4 measure", "appli.16 activity", "appli.16 workout",
		"appli.16 intraday", "appli.44 sleep"} {
		require.True(t, got[want], "no %s notification among %v", want, got)
	}

	n, err := b.p.Unsubscribe(ctx, tok)
	require.NoError(t, err)
	require.Equal(t, len(DefaultApplis()), n)
	require.Empty(t, b.sim.Subscriptions())
}

// TestWebhookEndpoint checks the probe, the token and the body handling.
func TestWebhookEndpoint(t *testing.T) {
	t.Parallel()
	p := New(Options{ClientID: "id", ClientSecret: "secret", BaseURL: "https://wh.example"})
	_, base := newReceiver(t, func() *Provider { return p })
	good := strings.TrimPrefix(p.CallbackURL("42"), "https://wh.example")
	tests := []struct {
		name   string
		method string
		path   string
		body   string
		status int
	}{
		{"Probe", http.MethodHead, WebhookPath, "", http.StatusOK},
		{"Valid", http.MethodPost, good, "userid=42&appli=1&startdate=1700000000&enddate=1700000100", http.StatusOK},
		{"OtherUsersToken", http.MethodPost, good, "userid=43&appli=1&startdate=1700000000&enddate=1700000100", http.StatusUnauthorized},
		{"NoToken", http.MethodPost, WebhookPath, "userid=42&appli=1", http.StatusUnauthorized},
		{"ForgedToken", http.MethodPost, WebhookPath + "?token=AAAA", "userid=42&appli=1", http.StatusUnauthorized},
		{"BadAppli", http.MethodPost, good, "userid=42&appli=x", http.StatusBadRequest},
		{"Delete", http.MethodDelete, good, "", http.StatusMethodNotAllowed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			req, err := http.NewRequest(tc.method, base+tc.path, strings.NewReader(tc.body))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			_, _ = io.Copy(io.Discard, res.Body)
			_ = res.Body.Close()
			require.Equal(t, tc.status, res.StatusCode)
		})
	}
}

func TestParseWebhookEveryAppli(t *testing.T) {
	t.Parallel()
	p := New(Options{})
	tests := []struct {
		appli string
		types []string
	}{
		{"1", []string{TypeMeasure}}, {"2", []string{TypeMeasure}}, {"4", []string{TypeMeasure}},
		{"16", []string{TypeActivity, TypeWorkout, TypeIntraday}}, {"44", []string{TypeSleep}},
		{"46", []string{TypeDevice}}, {"50", []string{TypeSleep}}, {"51", []string{TypeSleep}},
		{"54", []string{TypeECG}}, {"55", nil}, {"58", []string{TypeMeasure}}, {"62", nil},
	}
	for _, tc := range tests {
		t.Run("Appli"+tc.appli, func(t *testing.T) {
			t.Parallel()
			ts, err := p.ParseWebhook([]byte("userid=7&appli=" + tc.appli + "&startdate=100&enddate=200"))
			require.NoError(t, err)
			var types []string
			for _, tg := range ts {
				require.Equal(t, "7", tg.ProviderUserID)
				require.Equal(t, "100-200", tg.ID)
				types = append(types, tg.DataType)
			}
			require.Equal(t, tc.types, types)
		})
	}
	ts, err := p.ParseWebhook([]byte("userid=7&appli=50&date=300"))
	require.NoError(t, err)
	require.Equal(t, "300-300", ts[0].ID)
	for _, bad := range []string{"appli=1", "userid=x&appli=1", "userid=1&appli=1&startdate=x", "%zz"} {
		_, err := p.ParseWebhook([]byte(bad))
		require.Error(t, err, bad)
	}
}

func FuzzParseWebhook(f *testing.F) {
	f.Add([]byte("userid=7&appli=44&startdate=100&enddate=200"))
	f.Add([]byte("userid=7&appli=50&date=300"))
	p := New(Options{ClientSecret: "s"})
	f.Fuzz(func(t *testing.T, b []byte) {
		_, _ = p.ParseWebhook(b)
		_ = p.VerifyWebhook(http.Header{TokenHeader: {"x"}}, b, time.Time{})
	})
}
