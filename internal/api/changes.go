package api

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
)

// ListChanges implements GET /api/v1/changes: the outbox, oldest first.
// On PostgreSQL the outbox is appended in commit order (the store's
// outbox lock), so a page never passes a change still being written.
func (s *Server) ListChanges(ctx context.Context, req apigen.ListChangesRequestObject) (apigen.ListChangesResponseObject, error) {
	after, limit := deref(req.Params.After, 0), deref(req.Params.Limit, 100)
	cs, err := s.store.Changes(ctx, after, limit+1)
	if err != nil {
		return nil, fmt.Errorf("api: list changes: %w", err)
	}
	out := apigen.ListChanges200JSONResponse{Data: make([]apigen.Change, 0, min(len(cs), limit)), HasMore: len(cs) > limit, NextCursor: after}
	for _, c := range cs[:min(len(cs), limit)] {
		out.Data = append(out.Data, changeWire(c))
		out.NextCursor = c.Seq
	}
	return out, nil
}

func changeWire(c domain.Change) apigen.Change {
	out := apigen.Change{Id: c.Seq, Type: event.Type(c), Kind: c.Kind, ChangeType: string(c.ChangeType), RecordId: c.RecordID,
		UserId: mustUUID(c.UserID), At: c.At.UTC(), Provider: nullable.NewNullNullable[string]()}
	if c.Provider != "" {
		out.Provider = nullable.NewNullableWithValue(string(c.Provider))
	}
	return out
}

// StreamChanges implements GET /api/v1/changes/stream (Server-Sent Events).
func (s *Server) StreamChanges(ctx context.Context, req apigen.StreamChangesRequestObject) (apigen.StreamChangesResponseObject, error) {
	after := int64(-1) // the newest, found when the stream starts
	if req.Params.After != nil {
		after = *req.Params.After
	}
	if id := req.Params.LastEventID; id != nil {
		n, err := strconv.ParseInt(*id, 10, 64)
		if err != nil {
			return nil, badRequest("Last-Event-ID: want a change id, got %q", *id)
		}
		after = n
	}
	return changeStream{s: s, ctx: ctx, after: after}, nil
}

// Stream timings: how often the outbox is read for new changes, and how
// often a comment keeps an idle connection (and its proxies) open.
const (
	streamPoll      = 200 * time.Millisecond
	streamKeepAlive = 15 * time.Second
	streamPage      = 500
)

// changeStream writes the feed as it grows until the client leaves.
type changeStream struct {
	s     *Server
	ctx   context.Context
	after int64
}

// VisitStreamChangesResponse implements apigen.StreamChangesResponseObject.
func (c changeStream) VisitStreamChangesResponse(w http.ResponseWriter) error {
	rc := http.NewResponseController(w)
	if c.after < 0 {
		newest, err := c.s.newestChange(c.ctx)
		if err != nil {
			return err
		}
		c.after = newest
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	// The server's write deadline would cut a long stream; clients
	// resume with Last-Event-ID.
	_ = rc.SetWriteDeadline(time.Time{})
	if err := rc.Flush(); err != nil {
		return nil // the client left, or nothing can stream here
	}
	poll := time.NewTicker(streamPoll)
	defer poll.Stop()
	idle := time.Now()
	for {
		cs, err := c.s.store.Changes(c.ctx, c.after, streamPage)
		if err != nil {
			return err
		}
		for _, ch := range cs {
			b, err := json.Marshal(changeWire(ch))
			if err != nil {
				return err
			}
			if _, err := fmt.Fprintf(w, "id: %d\nevent: change\ndata: %s\n\n", ch.Seq, b); err != nil {
				return nil // the client left
			}
			c.after = ch.Seq
		}
		if len(cs) > 0 || time.Since(idle) >= streamKeepAlive {
			if len(cs) == 0 {
				if _, err := fmt.Fprint(w, ": keep-alive\n\n"); err != nil {
					return nil
				}
			}
			idle = time.Now()
			if err := rc.Flush(); err != nil {
				return nil
			}
		}
		if len(cs) == streamPage {
			continue
		}
		select {
		case <-c.ctx.Done():
			return nil
		case <-poll.C:
		}
	}
}

// newestChange is the seq of the newest change (0 when none).
func (s *Server) newestChange(ctx context.Context) (int64, error) {
	var newest int64
	for {
		cs, err := s.store.Changes(ctx, newest, 1000)
		if err != nil {
			return 0, err
		}
		if len(cs) == 0 {
			return newest, nil
		}
		newest = cs[len(cs)-1].Seq
	}
}
