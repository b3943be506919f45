package api

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// RenderRecord renders the record an outbox change names exactly as its
// REST route serves it inside the page's data array, with the route's
// own encoder, so an outgoing webhook's data and the API never differ.
// A deleted (tombstoned) record renders as it was last stored. It
// returns nil when the change's kind has no per-record route rendering
// here (summaries, scores and series are served per day and source;
// webhook payloads describe those themselves) or the record is gone.
func RenderRecord(ctx context.Context, st store.Reader, c domain.Change) (json.RawMessage, error) {
	var cat domain.EventCategory
	switch c.Kind {
	case domain.ChangeKindSleep:
		cat = domain.CategorySleep
	case domain.ChangeKindWorkout:
		cat = domain.CategoryWorkout
	default:
		return nil, nil
	}
	e, err := st.Event(ctx, c.UserID, c.RecordID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("api: render %s %s: %w", c.Kind, c.RecordID, err)
	}
	if e.Category != cat {
		return nil, nil
	}
	list, err := st.ListDataSources(ctx, c.UserID)
	if err != nil {
		return nil, fmt.Errorf("api: render %s %s: %w", c.Kind, c.RecordID, err)
	}
	srcs := make(sources, len(list))
	for _, ds := range list {
		srcs[ds.ID] = ds
	}
	if cat == domain.CategorySleep {
		w := sleepWire(e, srcs)
		enc := &jsonEnc{}
		w.appendJSON(enc)
		return enc.b, enc.err
	}
	var buf bytes.Buffer
	if err := encodeWire(&buf, workoutWire(e, srcs, false)); err != nil {
		return nil, fmt.Errorf("api: render workout %s: %w", e.ID, err)
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}
