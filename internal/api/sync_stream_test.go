package api

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// sse reads one Server-Sent Events stream.
type sse struct {
	t   *testing.T
	r   *bufio.Reader
	res *http.Response
}

type sseEvent struct {
	name, id string
	data     map[string]any
}

// openStream opens a user's sync stream; the request ends with the test
// (or after a minute, so a stream that never sends fails instead of
// hanging).
func openStream(t *testing.T, b *testBundle, userID, query string) *sse {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), time.Minute)
	t.Cleanup(cancel)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, b.http.URL+"/api/v1/users/"+userID+"/sync/stream"+query, nil)
	require.NoError(t, err)
	req.Header.Set("X-Open-Wearables-API-Key", b.key)
	res, err := b.http.Client().Do(req)
	require.NoError(t, err)
	t.Cleanup(func() { _ = res.Body.Close() })
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, "text/event-stream", res.Header.Get("Content-Type"))
	return &sse{t: t, r: bufio.NewReader(res.Body), res: res}
}

// next returns the next event, skipping comments, and checks its data
// against the SyncStatusEvent schema of api/openapi.yaml.
func (s *sse) next() sseEvent {
	s.t.Helper()
	var ev sseEvent
	for {
		line, err := s.r.ReadString('\n')
		require.NoError(s.t, err)
		line = strings.TrimRight(line, "\n")
		switch {
		case line == "" && ev.name != "":
			return ev
		case strings.HasPrefix(line, ":"), line == "":
		case strings.HasPrefix(line, "event: "):
			ev.name = strings.TrimPrefix(line, "event: ")
		case strings.HasPrefix(line, "id: "):
			ev.id = strings.TrimPrefix(line, "id: ")
		case strings.HasPrefix(line, "data: "):
			raw := strings.TrimPrefix(line, "data: ")
			require.NoError(s.t, json.Unmarshal([]byte(raw), &ev.data))
			spec, err := apigen.GetSwagger()
			require.NoError(s.t, err)
			var v any
			require.NoError(s.t, json.Unmarshal([]byte(raw), &v))
			require.NoError(s.t, spec.Components.Schemas["SyncStatusEvent"].Value.VisitJSON(v), raw)
		default:
			s.t.Fatalf("unexpected stream line %q", line)
		}
	}
}

func (e sseEvent) stage() string { return e.data["stage"].(string) }

// TestSyncStream: the replay, then started, progress (with every data
// type's counts) and finished events as a run goes, on both engines.
func TestSyncStream(t *testing.T) {
	t.Parallel()
	storetest.ForEachEngine(t, func(t *testing.T, st store.Store) {
		b := setupWithOptions(t, Options{Store: st, SyncStreamPoll: 5 * time.Millisecond})
		h := newSyncHistory(t, b)
		ctx := context.Background()
		s := openStream(t, b, h.user.ID, "?replay=3")
		var replay []string
		for range 3 {
			ev := s.next()
			require.Equal(t, "sync.status", ev.name)
			require.Equal(t, ev.data["event_id"], ev.id)
			replay = append(replay, ev.stage())
		}
		require.Equal(t, []string{"completed", "started", "processing"}, replay, "the latest three, oldest first")

		run, err := st.CreateSyncRun(ctx, domain.SyncRun{UserID: h.user.ID, Provider: domain.ProviderOura, Source: "webhook", StartedAt: time.Now()})
		require.NoError(t, err)
		ev := s.next()
		require.Equal(t, run.ID, ev.data["run_id"])
		require.Equal(t, "started", ev.stage())
		require.Equal(t, "webhook", ev.data["source"])

		require.NoError(t, st.PutSyncRunDataType(ctx, domain.SyncRunDataType{RunID: run.ID, DataType: "sleep", Position: 2, Status: domain.SyncSuccess,
			Attempts: 1, Fetched: 3, Stored: 2, Updated: 1}))
		ev = s.next()
		require.Equal(t, "processing", ev.stage())
		meta := ev.data["metadata"].(map[string]any)
		require.Equal(t, "run_progress", meta["kind"])
		require.Equal(t, 3.0, meta["items_fetched"])
		types := meta["data_types"].([]any)
		require.Len(t, types, 1)
		require.Equal(t, map[string]any{"data_type": "sleep", "status": "success", "items_fetched": 3.0, "items_inserted": 2.0,
			"items_updated": 1.0}, pick(types[0].(map[string]any), "data_type", "status", "items_fetched", "items_inserted", "items_updated"))

		end := time.Now()
		run.Status, run.Fetched, run.Stored, run.Updated, run.EndedAt = domain.SyncFailed, 3, 2, 1, &end
		run.Error = "oura daily_activity: 502"
		require.NoError(t, st.FinishSyncRun(ctx, run))
		ev = s.next()
		require.Equal(t, "failed", ev.stage())
		require.Equal(t, "failed", ev.data["status"])
		require.Equal(t, "oura daily_activity: 502", ev.data["error"])
		require.Equal(t, "run_finished", ev.data["metadata"].(map[string]any)["kind"])

		// Another user's runs never reach this stream; the next event is
		// this user's.
		other, err := st.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		_, err = st.CreateSyncRun(ctx, domain.SyncRun{UserID: other.ID, Provider: domain.ProviderOura, Source: "pull", StartedAt: time.Now()})
		require.NoError(t, err)
		mine, err := st.CreateSyncRun(ctx, domain.SyncRun{UserID: h.user.ID, Provider: domain.ProviderWHOOP, Source: "pull", StartedAt: time.Now()})
		require.NoError(t, err)
		require.Equal(t, mine.ID, s.next().data["run_id"])

		b.server.StopStreams()
		_, err = s.r.ReadString('\n')
		for err == nil {
			_, err = s.r.ReadString('\n')
		}
		require.ErrorContains(t, err, "EOF", "stopping the server ends the stream")
	})
}

func pick(m map[string]any, keys ...string) map[string]any {
	out := map[string]any{}
	for _, k := range keys {
		out[k] = m[k]
	}
	return out
}

// TestSyncStreamRefusesBadInput: the stream's parameters and user are
// checked before it opens.
func TestSyncStreamRefusesBadInput(t *testing.T) {
	t.Parallel()
	b := setup(t)
	res := b.do(t, http.MethodGet, "/api/v1/users/0190a1b2-0000-7000-8000-000000000000/sync/stream", nil)
	require.Equal(t, http.StatusNotFound, res.Status)
	u, err := b.store.CreateUser(context.Background(), domain.User{})
	require.NoError(t, err)
	res = b.do(t, http.MethodGet, "/api/v1/users/"+u.ID+"/sync/stream?replay=0", nil)
	require.Equal(t, http.StatusBadRequest, res.Status)
	require.Contains(t, res.detail(t), "replay")
}
