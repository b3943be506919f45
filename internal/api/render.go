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
	case domain.ChangeKindHealthScore:
		return renderScore(ctx, st, c)
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

// scoreScan is the page size renderScore reads a user's scores in.
const scoreScan = 1000

// renderScore renders a live health score as GET …/health-scores serves
// it in its data array (nil when the score is gone or tombstoned). The
// store has no read of one score by id, so it pages the user's scores.
func renderScore(ctx context.Context, st store.Reader, c domain.Change) (json.RawMessage, error) {
	for off := 0; ; off += scoreScan {
		hs, _, err := st.ListHealthScores(ctx, store.ScoreQuery{UserID: c.UserID, Limit: scoreScan, Offset: off})
		if err != nil {
			return nil, fmt.Errorf("api: render health score %s: %w", c.RecordID, err)
		}
		for _, h := range hs {
			if h.ID == c.RecordID {
				links, err := scoreEvents(ctx, st, c.UserID, []domain.HealthScore{h})
				if err != nil {
					return nil, err
				}
				var event *string
				if id, linked := links[0]; linked {
					event = &id
				}
				b, err := json.Marshal(scoreWire(h, event))
				if err != nil {
					return nil, fmt.Errorf("api: render health score %s: %w", c.RecordID, err)
				}
				return b, nil
			}
		}
		if len(hs) < scoreScan {
			return nil, nil
		}
	}
}
