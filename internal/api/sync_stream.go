package api

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"maps"
	"net/http"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/store"
)

const (
	// defaultStreamPoll is how often a sync stream reads the store.
	defaultStreamPoll = time.Second
	// streamHeartbeat keeps proxies from closing an idle stream.
	streamHeartbeat = 15 * time.Second
	// streamWatch is how many of the user's latest runs a poll reads;
	// streamBaseline how many count as already told when a stream opens.
	streamWatch, streamBaseline = 20, 50
)

// streams lets the server end every open event stream at shutdown
// (http.Server.Shutdown waits for handlers and never cancels them).
type streams struct {
	once sync.Once
	done chan struct{}
}

func newStreams() *streams { return &streams{done: make(chan struct{})} }

// StopStreams ends the open sync event streams; the server registers it
// with http.Server.RegisterOnShutdown.
func (s *Server) StopStreams() { s.streams.once.Do(func() { close(s.streams.done) }) }

// StreamSyncEvents implements GET /api/v1/users/{user_id}/sync/stream:
// the replay now, then the stream's loop once the response is written.
func (s *Server) StreamSyncEvents(ctx context.Context, req apigen.StreamSyncEventsRequestObject) (apigen.StreamSyncEventsResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	replay, err := s.recentSyncEvents(ctx, userID, deref(req.Params.Replay, 20))
	if err != nil {
		return nil, err
	}
	told := map[string]uuid.UUID{}
	if _, err := s.syncChanges(ctx, userID, streamBaseline, told); err != nil {
		return nil, err
	}
	return syncStream{s: s, ctx: ctx, userID: userID, replay: replay, told: told}, nil
}

// syncStream writes one client's event stream.
type syncStream struct {
	s      *Server
	ctx    context.Context
	userID string
	replay []apigen.SyncStatusEvent
	// told is the last event sent (or known to the client) per run.
	told map[string]uuid.UUID
}

// VisitStreamSyncEventsResponse writes the stream until the client
// leaves or the server stops.
func (st syncStream) VisitStreamSyncEventsResponse(w http.ResponseWriter) error {
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // the server's write timeout would cut the stream
	h := w.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache, no-transform")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	bw := bufio.NewWriter(w)
	send := func(evs []apigen.SyncStatusEvent) error {
		for _, ev := range evs {
			if err := writeEvent(bw, ev); err != nil {
				return err
			}
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		return rc.Flush()
	}
	if err := send(st.replay); err != nil {
		return nil // the client left
	}
	poll, beat := time.NewTicker(st.s.streamPoll), time.NewTicker(streamHeartbeat)
	defer poll.Stop()
	defer beat.Stop()
	for {
		select {
		case <-st.ctx.Done():
			return nil
		case <-st.s.streams.done:
			return nil
		case <-beat.C:
			if _, err := bw.WriteString(": keep-alive\n\n"); err != nil || send(nil) != nil {
				return nil
			}
		case <-poll.C:
			evs, err := st.s.syncChanges(st.ctx, st.userID, streamWatch, st.told)
			if err != nil {
				if st.ctx.Err() == nil {
					st.s.log.WarnContext(st.ctx, "sync stream read failed", slog.String("user_id", st.userID), slog.Any("error", err))
				}
				continue // the next poll retries
			}
			if err := send(evs); err != nil {
				return nil
			}
		}
	}
}

// writeEvent writes one Server-Sent Event.
func writeEvent(w *bufio.Writer, ev apigen.SyncStatusEvent) error {
	data, err := json.Marshal(ev)
	if err != nil {
		return fmt.Errorf("api: encode sync event: %w", err)
	}
	_, err = fmt.Fprintf(w, "event: sync.status\nid: %s\ndata: %s\n\n", ev.EventId, data)
	return err
}

// syncChanges reads the user's latest n runs and returns, oldest first,
// the events told does not have yet: a new run's started event and its
// latest one, a known run's latest one when it changed. told is updated.
func (s *Server) syncChanges(ctx context.Context, userID string, n int, told map[string]uuid.UUID) ([]apigen.SyncStatusEvent, error) {
	runs, err := s.store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: userID, Limit: n})
	if err != nil {
		return nil, fmt.Errorf("api: sync stream: %w", err)
	}
	types, err := s.runTypes(ctx, runs)
	if err != nil {
		return nil, err
	}
	slices.Reverse(runs)
	var out []apigen.SyncStatusEvent
	current := make(map[string]bool, len(runs))
	for _, r := range runs {
		current[r.ID] = true
		kind := runEventKind(r, types[r.ID])
		cur := s.syncEvent(r, types[r.ID], kind)
		last, seen := told[r.ID]
		switch {
		case !seen && kind != apigen.SyncEventRunStarted:
			out = append(out, s.syncEvent(r, nil, apigen.SyncEventRunStarted), cur)
		case !seen || last != cur.EventId:
			out = append(out, cur)
		}
		told[r.ID] = cur.EventId
	}
	// A run older than the latest n never comes back into them: forget
	// it, so a stream open for weeks holds n entries, not every run.
	maps.DeleteFunc(told, func(id string, _ uuid.UUID) bool { return !current[id] })
	return out, nil
}
