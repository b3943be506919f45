package oura

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Removal is how RemoveDocument takes a document away.
type Removal int

const (
	// Vanish drops the document from the list and single-document routes
	// (404 from then on) and sends a delete event: how Oura reports a
	// deleted document of any type.
	Vanish Removal = iota
	// MarkDeleted keeps a sleep period listed with type "deleted" (a value
	// of the seed's sleep type enum) and sends an update event: the other
	// way a client can learn that a sleep period is gone.
	MarkDeleted
)

// RemoveDocument deletes one of p's documents at "Oura". The truth never
// deletes daily documents, so this is how tests exercise their delete
// events. dataType is a webhook data type and id the document's id (what
// the single-document route and webhooks name it by; DocumentID gives the
// id of a daily_cardiovascular_age document, whose body carries none).
// The event is returned, and sent signed to the matching subscriptions
// when p has authorized the app (Oura sends no webhooks for personal
// access tokens).
func (s *Server) RemoveDocument(ctx context.Context, p *truth.Person, dataType, id string, how Removal) (Event, error) {
	i := slices.IndexFunc(collections(), func(c collection) bool { return c.dataType == dataType })
	if i < 0 {
		return Event{}, fmt.Errorf("oura: remove: unknown data type %q", dataType)
	}
	if !slices.ContainsFunc(collections()[i].items(s.env, p), func(it item) bool { return it.id == id }) {
		return Event{}, fmt.Errorf("oura: remove: %s has no %s document %q", p.OuraUserID, dataType, id)
	}
	op := OpDelete
	if how == MarkDeleted {
		if dataType != DataSleep {
			return Event{}, errors.New("oura: remove: only sleep periods can be marked deleted")
		}
		op = OpUpdate
	}
	ev := Event{EventType: op, DataType: dataType, ObjectID: id, EventTime: utc(s.clock.Now()), UserID: p.OuraUserID}
	s.mu.Lock()
	s.removed[id] = how
	s.mu.Unlock()
	if !s.isConnected(p.OuraUserID) {
		return ev, nil
	}
	if err := s.deliver(ctx, ev); err != nil {
		return ev, err
	}
	return ev, nil
}

// shown is what the routes show of a collection item: nothing once it
// vanished, a sleep of type "deleted" once marked so, else the document.
func (s *Server) shown(it item) (any, bool) {
	s.mu.Lock()
	how, removed := s.removed[it.id]
	s.mu.Unlock()
	switch {
	case !removed:
		return it.render(), true
	case how == Vanish:
		return nil, false
	}
	doc := it.render()
	if sl, ok := doc.(Sleep); ok {
		sl.Type = "deleted"
		return sl, true
	}
	return doc, true
}
