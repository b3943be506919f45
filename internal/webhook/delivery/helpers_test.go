package delivery_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// got is one request a receiver saw.
type got struct {
	ID     string
	Header http.Header
	Body   []byte
	Env    event.Envelope
}

// receiver is a local webhook receiver whose answers a test scripts.
type receiver struct {
	*httptest.Server
	mu     sync.Mutex
	got    []got
	answer func(n int, r *http.Request) (int, http.Header)
}

func newReceiver(t *testing.T, answer func(n int, r *http.Request) (int, http.Header)) *receiver {
	t.Helper()
	rc := &receiver{answer: answer}
	rc.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var env event.Envelope
		_ = json.Unmarshal(body, &env)
		rc.mu.Lock()
		n := len(rc.got)
		rc.got = append(rc.got, got{ID: r.Header.Get("webhook-id"), Header: r.Header.Clone(), Body: body, Env: env})
		rc.mu.Unlock()
		status, h := http.StatusOK, http.Header(nil)
		if rc.answer != nil {
			status, h = rc.answer(n, r)
		}
		for k, v := range h {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		_, _ = fmt.Fprintf(w, "answer %d", n)
	}))
	t.Cleanup(rc.Close)
	return rc
}

func (rc *receiver) requests() []got {
	rc.mu.Lock()
	defer rc.mu.Unlock()
	return append([]got(nil), rc.got...)
}

// clock is a settable test clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// world is a store with users, an endpoint and an engine.
type world struct {
	ctx    context.Context
	st     store.Store
	ds     map[string]domain.DataSource
	secret signing.Secret
	ep     domain.WebhookEndpoint
	eng    *delivery.Engine
	clock  *clock
}

func newWorld(t *testing.T, st store.Store, url string, g delivery.Guard) *world {
	t.Helper()
	ctx := t.Context()
	sec, err := signing.NewSecret(nil)
	require.NoError(t, err)
	ep, err := st.CreateWebhookEndpoint(ctx, domain.WebhookEndpoint{URL: url, Secret: sec.Bytes()})
	require.NoError(t, err)
	w := &world{ctx: ctx, st: st, ds: map[string]domain.DataSource{}, secret: sec, ep: ep,
		clock: &clock{t: time.Now().UTC().Truncate(time.Millisecond)}}
	w.eng, err = delivery.NewEngine(delivery.Options{Store: st, Renderer: &event.Renderer{Store: st}, Sender: delivery.NewSender(g), Now: w.clock.now})
	require.NoError(t, err)
	return w
}

// user creates a user with a WHOOP data source.
func (w *world) user(t *testing.T) string {
	t.Helper()
	u, err := w.st.CreateUser(w.ctx, domain.User{})
	require.NoError(t, err)
	ds, err := w.st.EnsureDataSource(w.ctx, domain.DataSource{UserID: u.ID, Provider: domain.ProviderWHOOP})
	require.NoError(t, err)
	w.ds[u.ID] = ds
	return u.ID
}

// sleeps writes n sleep sessions of a user, one write each.
func (w *world) sleeps(t *testing.T, userID string, from, n int) {
	t.Helper()
	for i := from; i < from+n; i++ {
		start := time.Date(2026, 1, 1, 22, 0, 0, 0, time.UTC).Add(time.Duration(i) * 24 * time.Hour)
		_, err := w.st.UpsertEvents(w.ctx, []domain.Event{{RecordMeta: domain.RecordMeta{UserID: userID, DataSourceID: w.ds[userID].ID,
			ProviderRecordID: fmt.Sprintf("s%d", i)}, Category: domain.CategorySleep, Type: "sleep_session", StartTime: start, EndTime: start.Add(8 * time.Hour)}})
		require.NoError(t, err)
	}
}

// pass runs one delivery pass and returns when it asks to run again.
func (w *world) pass(t *testing.T) time.Time {
	t.Helper()
	next, err := w.eng.Pass(w.ctx, w.ep.ID)
	require.NoError(t, err)
	return next
}

// verify checks a request with the Standard Webhooks library, under both
// header names.
func verify(t *testing.T, sec signing.Secret, g got) {
	t.Helper()
	wh, err := standardwebhooks.NewWebhook(sec.Encode())
	require.NoError(t, err)
	require.NoError(t, wh.Verify(g.Body, g.Header), "webhook-* headers verify")
	svix := http.Header{}
	svix.Set("webhook-id", g.Header.Get("svix-id"))
	svix.Set("webhook-timestamp", g.Header.Get("svix-timestamp"))
	svix.Set("webhook-signature", g.Header.Get("svix-signature"))
	require.NoError(t, wh.Verify(g.Body, svix), "svix-* headers verify")
}
