package api

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
	"github.com/wearhouse/wearhouse/internal/webhook/manage"
)

// hookBundle is an API server whose webhook routes accept loopback
// receivers, with a delivery engine the test runs by hand.
func hookBundle(t *testing.T, st store.Store) (*testBundle, *delivery.Engine) {
	t.Helper()
	g := delivery.Guard{AllowLoopback: true}
	b := setupWithOptions(t, Options{Store: st, Webhooks: &manage.Service{Store: st, Guard: g}})
	eng, err := delivery.NewEngine(delivery.Options{Store: st, Sender: delivery.NewSender(g),
		Renderer: &event.Renderer{Store: st, Records: RenderRecord}})
	require.NoError(t, err)
	return b, eng
}

// TestWebhookEndpointRoutes drives the management API end to end: create,
// filters, secret and rotation, test events, a real delivery through the
// engine verified with the Standard Webhooks library, messages and
// attempts with paging, replay (since) and recover (since).
func TestWebhookEndpointRoutes(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b0 *testBundle) {
		b, eng := hookBundle(t, b0.store)
		var got []*http.Request
		var bodies [][]byte
		status := http.StatusOK
		rc := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			var buf strings.Builder
			_, _ = bufio.NewReader(r.Body).WriteTo(&buf)
			got, bodies = append(got, r), append(bodies, []byte(buf.String()))
			w.WriteHeader(status)
		}))
		t.Cleanup(rc.Close)

		f := newFixture(t, b, 1)
		for _, bad := range []map[string]any{
			{"url": "http://example.com/hook"},
			{"url": "https://10.0.0.1/hook"},
			{"url": rc.URL, "filter_types": []string{"nope.created"}},
			{"url": rc.URL, "user_id": "0190a1b2-0000-7000-8000-000000000000"},
		} {
			res := b.do(t, http.MethodPost, "/api/v1/webhooks/endpoints", bad)
			require.Equal(t, http.StatusBadRequest, res.Status, "%v: %s", bad, res.Body)
		}
		res := b.do(t, http.MethodPost, "/api/v1/webhooks/endpoints", map[string]any{"url": rc.URL, "description": "mine"})
		require.Equal(t, http.StatusCreated, res.Status, string(res.Body))
		var ep struct {
			ID          string    `json:"id"`
			FilterTypes *[]string `json:"filter_types"`
			UserID      *string   `json:"user_id"`
			Disabled    bool      `json:"disabled"`
		}
		res.json(t, &ep)
		require.Nil(t, ep.FilterTypes)
		base := "/api/v1/webhooks/endpoints/" + ep.ID

		res = b.do(t, http.MethodPatch, base, map[string]any{"user_id": f.user.ID, "filter_types": []string{"workout.created", "sleep.created"}})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		res.json(t, &ep)
		require.Equal(t, f.user.ID, *ep.UserID)
		res = b.do(t, http.MethodPatch, base, map[string]any{"user_id": nil})
		res.json(t, &ep)
		require.Nil(t, ep.UserID, "null clears the user filter")
		require.Len(t, *ep.FilterTypes, 2, "absent fields stay")

		var sec struct {
			Key string `json:"key"`
		}
		b.do(t, http.MethodGet, base+"/secret", nil).json(t, &sec)
		require.True(t, strings.HasPrefix(sec.Key, "whsec_"))

		// A write after creation is delivered, signed with the secret.
		_, err := b.store.UpsertEvents(context.Background(), []domain.Event{{RecordMeta: domain.RecordMeta{UserID: f.user.ID,
			DataSourceID: f.band.ID, ProviderRecordID: "hook-1"}, Category: domain.CategoryWorkout, Type: "running",
			StartTime: f.day0.Add(10 * time.Hour), EndTime: f.day0.Add(11 * time.Hour)}})
		require.NoError(t, err)
		_, err = eng.Pass(context.Background(), ep.ID)
		require.NoError(t, err)
		require.Len(t, got, 1)
		wh, err := standardwebhooks.NewWebhook(sec.Key)
		require.NoError(t, err)
		require.NoError(t, wh.Verify(bodies[0], got[0].Header))
		var env struct {
			Type string          `json:"type"`
			Data json.RawMessage `json:"data"`
		}
		require.NoError(t, json.Unmarshal(bodies[0], &env))
		require.Equal(t, "workout.created", env.Type)

		// Rotation: the new secret and the old one both verify.
		var rot struct {
			Key string `json:"key"`
		}
		b.do(t, http.MethodPost, base+"/secret/rotate", nil).json(t, &rot)
		require.NotEqual(t, sec.Key, rot.Key)
		res = b.do(t, http.MethodPost, base+"/test", map[string]any{"event_type": "sleep.created"})
		require.Equal(t, http.StatusOK, res.Status, string(res.Body))
		status = http.StatusInternalServerError
		_, err = eng.Pass(context.Background(), ep.ID)
		require.NoError(t, err)
		require.Len(t, got, 2)
		for _, k := range []string{sec.Key, rot.Key} {
			w, err := standardwebhooks.NewWebhook(k)
			require.NoError(t, err)
			require.NoError(t, w.Verify(bodies[1], got[1].Header))
		}

		var page struct {
			Data []struct {
				ID        string `json:"id"`
				EventType string `json:"eventType"`
				Status    string `json:"status"`
			} `json:"data"`
			Done     bool    `json:"done"`
			Iterator *string `json:"iterator"`
		}
		b.do(t, http.MethodGet, "/api/v1/webhooks/messages?limit=1", nil).json(t, &page)
		require.Len(t, page.Data, 1)
		require.False(t, page.Done)
		first := page.Data[0]
		b.do(t, http.MethodGet, "/api/v1/webhooks/messages?limit=1&iterator="+*page.Iterator, nil).json(t, &page)
		require.Len(t, page.Data, 1)
		require.NotEqual(t, first.ID, page.Data[0].ID)
		require.True(t, page.Done)
		b.do(t, http.MethodGet, "/api/v1/webhooks/messages?status=pending&endpoint_id="+ep.ID, nil).json(t, &page)
		require.Len(t, page.Data, 1, "the test message failed once and waits")
		b.do(t, http.MethodGet, "/api/v1/webhooks/messages?event_types=workout.created", nil).json(t, &page)
		require.Len(t, page.Data, 1)
		workoutMsg := page.Data[0].ID

		var atts struct {
			Data []struct {
				Status             int    `json:"status"`
				ResponseStatusCode int    `json:"responseStatusCode"`
				URL                string `json:"url"`
			} `json:"data"`
			Done     bool    `json:"done"`
			Iterator *string `json:"iterator"`
		}
		b.do(t, http.MethodGet, "/api/v1/webhooks/messages/"+workoutMsg+"/attempts", nil).json(t, &atts)
		require.Len(t, atts.Data, 1)
		require.Equal(t, 0, atts.Data[0].Status)
		require.Equal(t, rc.URL, atts.Data[0].URL)
		b.do(t, http.MethodGet, base+"/attempts?limit=1", nil).json(t, &atts)
		require.Len(t, atts.Data, 1)
		require.Equal(t, 500, atts.Data[0].ResponseStatusCode, "newest first")
		b.do(t, http.MethodGet, base+"/attempts?limit=1&iterator="+*atts.Iterator, nil).json(t, &atts)
		require.Equal(t, 200, atts.Data[0].ResponseStatusCode)

		// Replay since before the workout: it is sent again, same id.
		res = b.do(t, http.MethodPost, base+"/replay?since=2000-01-01", nil)
		require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))
		status = http.StatusOK
		_, err = eng.Pass(context.Background(), ep.ID)
		require.NoError(t, err)
		ids := map[string]int{}
		for _, r := range got {
			ids[r.Header.Get("webhook-id")]++
		}
		require.Equal(t, 2, ids[workoutMsg], "replayed with the same message id")
		res = b.do(t, http.MethodPost, base+"/recover", map[string]any{"since": "2000-01-01T00:00:00Z"})
		require.Equal(t, http.StatusAccepted, res.Status, string(res.Body))

		res = b.do(t, http.MethodPatch, base, map[string]any{"disabled": true})
		res.json(t, &ep)
		require.True(t, ep.Disabled)
		res = b.doWith(t, http.MethodGet, "/api/v1/webhooks/event-types", nil, nil)
		require.Equal(t, http.StatusOK, res.Status, "public")
		require.Contains(t, string(res.Body), `"connection.created"`)
		require.Equal(t, http.StatusNoContent, b.do(t, http.MethodDelete, base, nil).Status)
		require.Equal(t, http.StatusNotFound, b.do(t, http.MethodGet, base, nil).Status)
	})
}

// TestChangesFeedPagesAndStreams: GET /changes pages the outbox by
// `after`; the stream starts after `after` (or Last-Event-ID) and sends
// what is stored next.
func TestChangesFeedPagesAndStreams(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		f := newFixture(t, b, 1)
		var page struct {
			Data []struct {
				ID   int64  `json:"id"`
				Type string `json:"type"`
			} `json:"data"`
			NextCursor int64 `json:"next_cursor"`
			HasMore    bool  `json:"has_more"`
		}
		b.do(t, http.MethodGet, "/api/v1/changes?limit=2", nil).json(t, &page)
		require.Len(t, page.Data, 2)
		require.True(t, page.HasMore)
		second := page.Data[1].ID
		b.do(t, http.MethodGet, "/api/v1/changes?limit=1&after=1", nil).json(t, &page)
		require.Equal(t, second, page.Data[0].ID)
		require.NotEmpty(t, page.Data[0].Type)

		for _, resume := range []map[string]string{{"after": "1"}, {"Last-Event-ID": "1"}} {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			url := b.http.URL + "/api/v1/changes/stream"
			if v, ok := resume["after"]; ok {
				url += "?after=" + v
			}
			req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
			require.NoError(t, err)
			req.Header.Set("X-Open-Wearables-API-Key", b.key)
			if v, ok := resume["Last-Event-ID"]; ok {
				req.Header.Set("Last-Event-ID", v)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			require.Equal(t, http.StatusOK, res.StatusCode)
			require.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
			sc := bufio.NewScanner(res.Body)
			var id string
			for sc.Scan() {
				if v, ok := strings.CutPrefix(sc.Text(), "id: "); ok {
					id = v
					break
				}
			}
			require.Equal(t, "2", id, "the stream resumes after change 1")
			cancel()
			res.Body.Close()
		}
		_ = f
	})
}
