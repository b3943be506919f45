package withings_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// receiver is a callback endpoint that records what Withings sends.
type receiver struct {
	srv   *httptest.Server
	mu    sync.Mutex
	heads int
	posts []url.Values
	types []string
}

// newReceiver answers HEAD with headStatus and records POSTs.
func newReceiver(t *testing.T, headStatus int) *receiver {
	t.Helper()
	rc := &receiver{}
	rc.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc.mu.Lock()
		defer rc.mu.Unlock()
		switch r.Method {
		case http.MethodHead:
			rc.heads++
			w.WriteHeader(headStatus)
		case http.MethodPost:
			body, _ := io.ReadAll(r.Body)
			v, _ := url.ParseQuery(string(body))
			rc.posts = append(rc.posts, v)
			rc.types = append(rc.types, r.Header.Get("Content-Type"))
		}
	}))
	t.Cleanup(rc.srv.Close)
	return rc
}

func (rc *receiver) snapshot() (int, []url.Values, []string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return rc.heads, append([]url.Values(nil), rc.posts...), append([]string(nil), rc.types...)
}

func subscribe(t *testing.T, b *testBundle, tok, cb, appli string) int {
	t.Helper()
	return status(t, b.post(t, withings.RouteNotify, tok, form("action", "subscribe", "callbackurl", cb, "appli", appli, "comment", "test")))
}

func TestSubscribeProbesCallback(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 1, days: 2})
	tok := b.token(t, 0)
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	tests := []struct {
		name   string
		head   int
		url    func(rc *receiver) string
		appli  string
		status int
		heads  int
	}{
		{name: "Answers200", head: http.StatusOK, appli: "1", status: 0, heads: 1},
		{name: "Answers404", head: http.StatusNotFound, appli: "1", status: withings.StatusInvalidCallback, heads: 1},
		{name: "Answers204", head: http.StatusNoContent, appli: "1", status: withings.StatusInvalidCallback, heads: 1},
		{name: "Unreachable", head: http.StatusOK, appli: "1", url: func(*receiver) string { return closed.URL }, status: withings.StatusInvalidCallback},
		{name: "NotAURL", head: http.StatusOK, appli: "1", url: func(*receiver) string { return "callback" }, status: withings.StatusInvalidCallback},
		{name: "UnknownAppli", head: http.StatusOK, appli: "3", status: withings.StatusInvalidParams},
		{name: "MissingAppli", head: http.StatusOK, appli: "", status: withings.StatusInvalidParams},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			rc := newReceiver(t, tt.head)
			cb := rc.srv.URL + "/withings"
			if tt.url != nil {
				cb = tt.url(rc)
			}
			require.Equal(t, tt.status, subscribe(t, b, tok, cb, tt.appli))
			heads, _, _ := rc.snapshot()
			require.Equal(t, tt.heads, heads)
		})
	}
}

func TestSubscriptionLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 2, days: 2})
	tok, other := b.token(t, 0), b.token(t, 1)
	rc := newReceiver(t, http.StatusOK)
	cb := rc.srv.URL + "/cb"
	notify := func(tok string, kv ...string) []byte {
		return b.post(t, withings.RouteNotify, tok, form(kv...))
	}
	require.Equal(t, 0, subscribe(t, b, tok, cb, "1"))
	require.Equal(t, 0, subscribe(t, b, tok, cb, "44"))
	require.Equal(t, 0, subscribe(t, b, tok, cb, "44")) // idempotent

	list := call[withings.NotifyListBody](t, b, withings.RouteNotify, tok, form("action", "list"))
	require.Len(t, list.Profiles, 2)
	require.Empty(t, call[withings.NotifyListBody](t, b, withings.RouteNotify, other, form("action", "list")).Profiles)
	require.Len(t, call[withings.NotifyListBody](t, b, withings.RouteNotify, tok, form("action", "list", "appli", "44")).Profiles, 1)

	got := call[withings.NotifyProfile](t, b, withings.RouteNotify, tok, form("action", "get", "callbackurl", cb))
	require.Equal(t, withings.NotifyProfile{Appli: 1, CallbackURL: cb, Comment: "test"}, got)
	require.Equal(t, withings.StatusNoSubscription, status(t, notify(other, "action", "get", "callbackurl", cb)))

	require.Equal(t, 0, status(t, notify(tok, "action", "update", "callbackurl", cb, "appli", "1", "new_appli", "16")))
	require.Equal(t, 16, call[withings.NotifyProfile](t, b, withings.RouteNotify, tok, form("action", "get", "callbackurl", cb, "appli", "16")).Appli)

	require.Equal(t, 0, status(t, notify(tok, "action", "revoke", "callbackurl", cb, "appli", "44")))
	require.Len(t, call[withings.NotifyListBody](t, b, withings.RouteNotify, tok, form("action", "list")).Profiles, 1)
	require.Equal(t, 0, status(t, notify(tok, "action", "revoke", "callbackurl", cb)))
	require.Equal(t, withings.StatusNoSubscription, status(t, notify(tok, "action", "revoke", "callbackurl", cb)))
	require.Empty(t, b.sim.Subscriptions())
}

// TestNotificationsFollowTruth advances time and checks that subscribers
// receive form-encoded notifications for what changed, each naming a
// record the API now serves, and that deletions are announced too.
func TestNotificationsFollowTruth(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 2, days: 4, deleteRate: 0.4})
	tok := b.token(t, 0)
	rc := newReceiver(t, http.StatusOK)
	for _, a := range []string{"1", "2", "4", "16", "44", "54"} {
		require.Equal(t, 0, subscribe(t, b, tok, rc.srv.URL, a))
	}
	p := b.world.Person(0)
	sent, err := b.sim.Advance(t.Context(), 72*time.Hour)
	require.NoError(t, err)
	_, posts, types := rc.snapshot()
	want := 0
	applis := map[int]bool{}
	for _, n := range sent {
		if n.UserID == p.WithingsUserID {
			want++
			applis[n.Appli] = true
		}
	}
	require.Len(t, posts, want, "one POST per notification of the subscribed user")
	for _, a := range []int{withings.AppliSleep, withings.AppliActivity, withings.AppliPressure, withings.AppliTemperature} {
		require.True(t, applis[a], "no notification for appli %d", a)
	}
	for i, v := range posts {
		require.Equal(t, "application/x-www-form-urlencoded", types[i])
		require.Equal(t, strconv.FormatInt(p.WithingsUserID, 10), v.Get("userid"))
		for _, k := range []string{"appli", "startdate", "enddate"} {
			_, err := strconv.ParseInt(v.Get(k), 10, 64)
			require.NoError(t, err, k)
		}
	}
	// Every sleep notification names a sleep the summary now serves.
	tok = b.token(t, 0) // the first one expired while time passed
	starts := map[string]bool{}
	for _, s := range call[withings.SleepSummaryBody](t, b, withings.RouteSleep, tok, form("action", "getsummary", "lastupdate", "0")).Series {
		starts[strconv.FormatInt(s.StartDate, 10)] = true
	}
	for _, v := range posts {
		if v.Get("appli") == "44" {
			require.True(t, starts[v.Get("startdate")] || deletedSleep(p, v.Get("startdate")), "sleep at %s", v.Get("startdate"))
		}
	}
}

// deletedSleep reports whether no visible sleep starts at the Unix time
// (it was announced and then deleted).
func deletedSleep(p *truth.Person, start string) bool {
	for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
		if strconv.FormatInt(s.Start.Unix(), 10) == start {
			return false
		}
	}
	return true
}

func TestDeletionsAreAnnounced(t *testing.T) {
	t.Parallel()
	b := setup(t, setupOpts{users: 4, days: 6, deleteRate: 0.6})
	// What each record looked like while visible: kind:id → span.
	type rec struct {
		appli      int
		start, end int64
	}
	before := map[string]rec{}
	for _, p := range b.world.People() {
		for _, w := range p.Workouts(time.Time{}, time.Time{}) {
			before["workout:"+w.ID] = rec{withings.AppliActivity, w.Start.Unix(), w.End.Unix()}
		}
		for _, s := range p.Sleeps(time.Time{}, time.Time{}) {
			before["sleep:"+s.ID] = rec{withings.AppliSleep, s.Start.Unix(), s.End.Unix()}
		}
	}
	changes := b.world.Advance(96 * time.Hour)
	sent, err := b.sim.Notify(t.Context(), changes)
	require.NoError(t, err)
	deleted := 0
	for _, c := range changes {
		r, ok := before[string(c.Kind)+":"+c.ID]
		if c.Op != truth.Deleted || !ok {
			continue
		}
		deleted++
		require.Contains(t, sent, withings.Notification{
			UserID: c.Person.WithingsUserID, Appli: r.appli, StartDate: r.start, EndDate: r.end,
		})
	}
	require.Positive(t, deleted, "the world deleted nothing that was visible at start")
}
