package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Event returns one of a user's events, deleted or not.
func (t *Tx) Event(ctx context.Context, userID, id string) (domain.Event, error) {
	e, err := t.ops.GetEvent(ctx, userID, id)
	if err != nil {
		return domain.Event{}, fmt.Errorf("store: event %s: %w", id, err)
	}
	return e, nil
}

// EventByProviderID returns an event by its idempotency key.
func (t *Tx) EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error) {
	e, err := t.ops.EventByProviderID(ctx, dataSourceID, c, providerRecordID)
	if err != nil {
		return domain.Event{}, fmt.Errorf("store: event %s/%s/%s: %w", dataSourceID, c, providerRecordID, err)
	}
	return e, nil
}

// DefaultPageLimit is the page size when a query gives none.
const DefaultPageLimit = 100

// ListEvents returns one keyset page of events in the page's order.
func (t *Tx) ListEvents(ctx context.Context, q store.EventQuery) ([]domain.Event, error) {
	if q.Page.Limit <= 0 {
		q.Page.Limit = DefaultPageLimit
	}
	if q.Page.After != nil && q.Page.Before != nil {
		return nil, fmt.Errorf("store: list events: page has both after and before")
	}
	es, err := t.ops.ListEvents(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list events: %w", err)
	}
	return es, nil
}

// CountEvents counts the events matching q's filters (paging ignored).
func (t *Tx) CountEvents(ctx context.Context, q store.EventQuery) (int, error) {
	n, err := t.ops.CountEvents(ctx, q)
	if err != nil {
		return 0, fmt.Errorf("store: count events: %w", err)
	}
	return n, nil
}

// UpsertEvents stores events idempotently (see decide) with one outbox
// row per created or updated event.
func (t *Tx) UpsertEvents(ctx context.Context, evs []domain.Event) (domain.WriteResult, error) {
	var total domain.WriteResult
	for _, e := range evs {
		e = normalizeEvent(e)
		hash, err := EventHash(e)
		if err != nil {
			return total, fmt.Errorf("store: upsert event: %w", err)
		}
		res, err := t.upsertOne(ctx, domain.EventChangeKind(e.Category), "event", &e.RecordMeta, hash,
			func() (RecordState, error) {
				return t.ops.EventState(ctx, e.DataSourceID, e.Category, e.ProviderRecordID)
			},
			func() (bool, error) { return t.ops.InsertEvent(ctx, e, hash) },
			func() (bool, error) { return t.ops.UpdateEvent(ctx, e, hash) })
		if err != nil {
			return total, err
		}
		total.Add(res)
	}
	return total, nil
}

// MarkEventsDeleted tombstones events by provider record id. Ids that
// were never stored are skipped: providers announce deletions of records
// we may never have fetched.
func (t *Tx) MarkEventsDeleted(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordIDs []string) (domain.WriteResult, error) {
	var total domain.WriteResult
	for _, pid := range providerRecordIDs {
		st, err := t.ops.EventState(ctx, dataSourceID, c, pid)
		if isNotFound(err) {
			continue
		}
		if err != nil {
			return total, fmt.Errorf("store: delete event %s: %w", pid, err)
		}
		res, err := t.tombstone(ctx, domain.EventChangeKind(c), st, func(id string, at time.Time) error {
			return t.ops.TombstoneEvent(ctx, id, at)
		})
		if err != nil {
			return total, err
		}
		total.Add(res)
	}
	return total, nil
}

// DeleteEvent removes an event row outright (an API-side delete, not a
// provider tombstone) and appends a deleted change.
func (t *Tx) DeleteEvent(ctx context.Context, userID, id string) error {
	e, err := t.Event(ctx, userID, id)
	if err != nil {
		return err
	}
	n, err := t.ops.DeleteEvent(ctx, userID, id)
	if err := rowsOrNotFound(n, err, "event", id); err != nil {
		return err
	}
	return t.change(ctx, e.UserID, domain.EventChangeKind(e.Category), e.ID, domain.ChangeDeleted, t.clock())
}
