package oura

import (
	"bytes"
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// receiver is a webhook endpoint as the seed's Node example writes it: it
// answers the verification GET when the token matches and records POSTs.
type receiver struct {
	url   string
	token string
	mu    sync.Mutex
	gets  []string // paths of verification GETs
	posts []post
	// echo overrides the echoed challenge; status overrides the POST answer.
	echo   string
	status int
}

type post struct {
	header http.Header
	body   []byte
}

func newReceiver(t *testing.T, token string) *receiver {
	t.Helper()
	rc := &receiver{token: token}
	srv := httptest.NewServer(http.HandlerFunc(rc.serve))
	t.Cleanup(srv.Close)
	rc.url = srv.URL
	return rc
}

func (rc *receiver) serve(w http.ResponseWriter, r *http.Request) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	if r.Method == http.MethodGet {
		rc.gets = append(rc.gets, r.URL.Path)
		q := r.URL.Query()
		if q.Get("verification_token") != rc.token {
			http.Error(w, "Invalid verification token", http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]string{"challenge": cmp.Or(rc.echo, q.Get("challenge"))})
		return
	}
	body, _ := io.ReadAll(r.Body)
	rc.posts = append(rc.posts, post{header: r.Header.Clone(), body: body})
	w.WriteHeader(cmp.Or(rc.status, http.StatusOK))
}

// setEcho makes the receiver echo a wrong challenge (empty: the right one).
func (rc *receiver) setEcho(v string) {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	rc.echo = v
}

// verifications returns the paths of the verification GETs so far.
func (rc *receiver) verifications() []string {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]string(nil), rc.gets...)
}

func (rc *receiver) received() []post {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]post(nil), rc.posts...)
}

// appCall sends a webhook-API request with the app's credentials.
func (b *testBundle) appCall(t *testing.T, method, path string, body any, secret string) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		require.NoError(t, err)
		rd = bytes.NewReader(raw)
	}
	req, err := http.NewRequestWithContext(t.Context(), method, b.url+path, rd)
	require.NoError(t, err)
	req.Header.Set("x-client-id", b.srv.ClientID())
	req.Header.Set("x-client-secret", secret)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer func() { _ = resp.Body.Close() }()
	out, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, out
}

// subscribe creates a subscription and requires success.
func (b *testBundle) subscribe(t *testing.T, rc *receiver, op, dataType string) Subscription {
	t.Helper()
	status, body := b.appCall(t, http.MethodPost, "/v2/webhook/subscription",
		CreateSubscription{CallbackURL: rc.url + "/hook", VerificationToken: rc.token, EventType: op, DataType: dataType}, b.srv.ClientSecret())
	require.Equal(t, http.StatusCreated, status, "%s", body)
	var sub Subscription
	require.NoError(t, json.Unmarshal(body, &sub))
	return sub
}

// TestSubscriptionLifecycle drives create (with the verification
// challenge), list, get, update, renew and delete.
func TestSubscriptionLifecycle(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{})
	rc := newReceiver(t, "s3cret")
	secret := b.srv.ClientSecret()

	status, body := b.appCall(t, http.MethodGet, "/v2/webhook/subscription", nil, "wrong")
	require.Equal(t, http.StatusUnauthorized, status, "%s", body)
	status, body = b.appCall(t, http.MethodPost, "/v2/webhook/subscription",
		CreateSubscription{CallbackURL: rc.url, VerificationToken: "s3cret", EventType: "created", DataType: DataSleep}, secret)
	require.Equal(t, http.StatusUnprocessableEntity, status, "%s", body)
	status, body = b.appCall(t, http.MethodPost, "/v2/webhook/subscription",
		CreateSubscription{CallbackURL: rc.url, VerificationToken: "not-the-token", EventType: OpCreate, DataType: DataSleep}, secret)
	require.Equal(t, http.StatusBadRequest, status, "a callback failing the challenge is refused: %s", body)
	rc.setEcho("something-else")
	status, _ = b.appCall(t, http.MethodPost, "/v2/webhook/subscription",
		CreateSubscription{CallbackURL: rc.url, VerificationToken: "s3cret", EventType: OpCreate, DataType: DataSleep}, secret)
	require.Equal(t, http.StatusBadRequest, status, "the challenge must be echoed")
	rc.setEcho("")
	require.Empty(t, b.srv.Subscriptions())

	sub := b.subscribe(t, rc, OpCreate, DataVO2Max)
	require.Equal(t, b.clock.Now().Add(DefaultSubscriptionTTL).Format(time.RFC3339), sub.ExpirationTime)
	require.Equal(t, []string{"/", "/", "/hook"}, rc.verifications())
	status, _ = b.appCall(t, http.MethodPost, "/v2/webhook/subscription",
		CreateSubscription{CallbackURL: rc.url + "/hook", VerificationToken: "s3cret", EventType: OpCreate, DataType: DataVO2Max}, secret)
	require.Equal(t, http.StatusConflict, status)

	var list []Subscription
	status, body = b.appCall(t, http.MethodGet, "/v2/webhook/subscription", nil, secret)
	require.Equal(t, http.StatusOK, status)
	require.NoError(t, json.Unmarshal(body, &list))
	require.Equal(t, []Subscription{sub}, list)

	status, body = b.appCall(t, http.MethodGet, "/v2/webhook/subscription/nope", nil, secret)
	require.Equal(t, http.StatusForbidden, status)
	require.JSONEq(t, `{"detail":"Webhook with specified id does not exist."}`, string(body))

	newURL := rc.url + "/v2"
	status, body = b.appCall(t, http.MethodPut, "/v2/webhook/subscription/"+sub.ID,
		UpdateSubscription{VerificationToken: "s3cret", CallbackURL: &newURL, EventType: ptr(OpUpdate)}, secret)
	require.Equal(t, http.StatusOK, status, "%s", body)
	var updated Subscription
	require.NoError(t, json.Unmarshal(body, &updated))
	require.Equal(t, newURL, updated.CallbackURL)
	require.Equal(t, OpUpdate, updated.EventType)
	gets := rc.verifications()
	require.Equal(t, "/v2", gets[len(gets)-1], "a new callback is verified again")

	b.clock.Advance(48 * time.Hour)
	status, body = b.appCall(t, http.MethodPut, "/v2/webhook/subscription/renew/"+sub.ID, nil, secret)
	require.Equal(t, http.StatusOK, status)
	var renewed Subscription
	require.NoError(t, json.Unmarshal(body, &renewed))
	require.Equal(t, b.clock.Now().Add(DefaultSubscriptionTTL).Format(time.RFC3339), renewed.ExpirationTime)

	status, _ = b.appCall(t, http.MethodDelete, "/v2/webhook/subscription/"+sub.ID, nil, secret)
	require.Equal(t, http.StatusNoContent, status)
	status, _ = b.appCall(t, http.MethodGet, "/v2/webhook/subscription/"+sub.ID, nil, secret)
	require.Equal(t, http.StatusForbidden, status)
}

// verifyOura is an independent implementation of the seed's check:
// HMAC-SHA256 over timestamp + body with the client secret, compared as
// upper-case hex.
func verifyOura(secret string, header http.Header, body []byte) bool {
	mac := hmac.New(sha256.New, []byte(secret))
	_, _ = io.WriteString(mac, header.Get("X-Oura-Timestamp")+string(body))
	want := fmt.Sprintf("%X", mac.Sum(nil))
	return hmac.Equal([]byte(want), []byte(header.Get("X-Oura-Signature")))
}

// TestWebhookEvents checks that time passing sends signed events for
// connected users only, to matching subscriptions, naming documents the
// API serves; that subscriptions stop at expiration_time and resume when
// renewed; and that answering 410 cancels a subscription.
func TestWebhookEvents(t *testing.T) {
	t.Parallel()
	b := setup(t, Config{SubscriptionTTL: 36 * time.Hour})
	rc := newReceiver(t, "tok")
	_, err := b.srv.IssueToken(0)
	require.NoError(t, err)
	subs := map[[2]string]bool{}
	for _, k := range [][2]string{{OpCreate, DataSleep}, {OpCreate, DataDailyActivity}, {OpUpdate, DataDailyActivity},
		{OpCreate, DataEnhancedTag}, {OpUpdate, DataDailySleep}} {
		b.subscribe(t, rc, k[0], k[1])
		subs[k] = true
	}

	events, err := b.srv.Advance(t.Context(), 24*time.Hour)
	require.NoError(t, err)
	require.NotEmpty(t, events)
	posts := rc.received()
	require.NotEmpty(t, posts)
	seen := map[[2]string]int{}
	for _, p := range posts {
		require.True(t, verifyOura(b.srv.ClientSecret(), p.header, p.body), "signature of %s", p.body)
		require.Equal(t, strconv.FormatInt(b.clock.Now().Unix(), 10), p.header.Get("X-Oura-Timestamp"))
		var ev Event
		dec := json.NewDecoder(bytes.NewReader(p.body))
		dec.DisallowUnknownFields()
		require.NoError(t, dec.Decode(&ev))
		require.Equal(t, b.world.Person(0).OuraUserID, ev.UserID, "only connected users are notified")
		require.True(t, subs[[2]string{ev.EventType, ev.DataType}], "no subscription for %s/%s", ev.EventType, ev.DataType)
		seen[[2]string{ev.EventType, ev.DataType}]++
		path := ev.DataType
		if path == DataVO2Max {
			path = "vO2_max"
		}
		resp, body := b.get(t, b.pat(0), CollectionPrefix+path+"/"+ev.ObjectID, nil, nil)
		require.Equal(t, http.StatusOK, resp.StatusCode, "event names a document the API serves: %s", body)
	}
	require.Positive(t, seen[[2]string{OpCreate, DataSleep}], "a night passed: %v", seen)
	require.Positive(t, seen[[2]string{OpCreate, DataDailyActivity}], "a day appeared: %v", seen)

	_, err = b.srv.Advance(t.Context(), 24*time.Hour)
	require.NoError(t, err)
	require.Len(t, rc.received(), len(posts), "expired subscriptions get nothing")

	for _, s := range b.srv.Subscriptions() {
		status, _ := b.appCall(t, http.MethodPut, "/v2/webhook/subscription/renew/"+s.ID, nil, b.srv.ClientSecret())
		require.Equal(t, http.StatusOK, status)
	}
	rc.mu.Lock()
	rc.status = http.StatusGone
	rc.mu.Unlock()
	_, err = b.srv.Advance(t.Context(), 24*time.Hour)
	require.NoError(t, err)
	require.Greater(t, len(rc.received()), len(posts), "renewed subscriptions get events again")
	require.Less(t, len(b.srv.Subscriptions()), len(subs), "410 Gone cancels the subscription")
}

// TestSignKnownVector pins Sign to a value computed by hand with the
// seed's recipe, so a change in encoding is caught.
func TestSignKnownVector(t *testing.T) {
	t.Parallel()
	cases := []struct {
		secret, ts, body string
	}{
		{"secret", "1234567890", `{"event_type":"update","data_type":"sleep"}`},
		{"", "0", ""},
	}
	for _, c := range cases {
		t.Run(c.ts, func(t *testing.T) {
			t.Parallel()
			h := http.Header{}
			h.Set(HeaderTimestamp, c.ts)
			h.Set(HeaderSignature, Sign(c.secret, c.ts, []byte(c.body)))
			require.True(t, verifyOura(c.secret, h, []byte(c.body)))
			require.Regexp(t, `^[0-9A-F]{64}$`, h.Get(HeaderSignature))
		})
	}
}

// TestEventsMatchDocuments checks, for several ways of letting time pass,
// that the create events of each data type name exactly the documents that
// appeared in its collection, and the delete events the ones that left.
func TestEventsMatchDocuments(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name        string
		steps       []time.Duration
		wantDeletes bool
	}{
		{"Day", []time.Duration{24 * time.Hour}, false},
		{"SmallSteps", []time.Duration{17 * time.Minute, 41 * time.Minute, 3 * time.Hour, 7 * time.Hour, 13 * time.Hour}, false},
		{"Days", []time.Duration{72 * time.Hour, 30 * time.Hour}, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			// A high delete rate makes deletions happen within a few days.
			w, err := truth.Generate(truth.Options{Seed: 11, Users: 2, Days: 6, DeleteRate: 0.4})
			require.NoError(t, err)
			b := setup(t, Config{World: w})
			_, err = b.srv.IssueToken(0)
			require.NoError(t, err)
			p := b.world.Person(0)
			snapshot := func() map[string]map[string]bool {
				out := map[string]map[string]bool{}
				for _, col := range collections() {
					out[col.dataType] = map[string]bool{}
					for _, it := range col.items(b.srv.env, p) {
						out[col.dataType][it.id] = true
					}
				}
				return out
			}
			deletes := 0
			for _, step := range c.steps {
				before := snapshot()
				events, err := b.srv.Advance(t.Context(), step)
				require.NoError(t, err)
				after := snapshot()
				for _, col := range collections() {
					dt := col.dataType
					created, deleted := map[string]bool{}, map[string]bool{}
					for _, ev := range events {
						require.Equal(t, p.OuraUserID, ev.UserID, "only the connected person")
						switch {
						case ev.DataType == dt && ev.EventType == OpCreate:
							created[ev.ObjectID] = true
						case ev.DataType == dt && ev.EventType == OpDelete:
							deleted[ev.ObjectID] = true
						}
					}
					wantCreated, wantDeleted := map[string]bool{}, map[string]bool{}
					for id := range after[dt] {
						if !before[dt][id] {
							wantCreated[id] = true
						}
					}
					for id := range before[dt] {
						if !after[dt][id] {
							wantDeleted[id] = true
						}
					}
					require.Equal(t, wantCreated, created, "%s create events after %s", dt, step)
					require.Equal(t, wantDeleted, deleted, "%s delete events after %s", dt, step)
					deletes += len(deleted)
				}
			}
			if c.wantDeletes {
				require.Positive(t, deletes, "the world deleted nothing; the test proves less than it says")
			}
		})
	}
}
