package engine

import (
	"context"
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Event returns one of a user's events, deleted or not.
func (t *Tx) Event(ctx context.Context, userID, id string) (domain.Event, error) {
	e, err := scanOne(ctx, t.db, "SELECT "+EventColumns+" FROM events e WHERE e.user_id = ?1 AND e.id = ?2", []any{userID, id}, scanEvent)
	if err != nil {
		return domain.Event{}, fmt.Errorf("store: event %s: %w", id, err)
	}
	return e, nil
}

// EventByProviderID returns an event by its idempotency key.
func (t *Tx) EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error) {
	e, err := scanOne(ctx, t.db, "SELECT "+EventColumns+" FROM events e WHERE e.data_source_id = ?1 AND e.category = ?2 AND e.provider_record_id = ?3",
		[]any{dataSourceID, string(c), providerRecordID}, scanEvent)
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
	es, err := t.listEvents(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("store: list events: %w", err)
	}
	return es, nil
}

// CountEvents counts the events matching q's filters (paging ignored).
func (t *Tx) CountEvents(ctx context.Context, q store.EventQuery) (int, error) {
	sq, _ := EventsQuery(t.d, q, true)
	query, args := sq.SQL()
	var n int
	err := one(ctx, t.db, query, args, &n)
	if err != nil {
		return 0, fmt.Errorf("store: count events: %w", err)
	}
	return n, nil
}

// eventSpec is the events upsert.
var eventSpec = &upsertSpec{
	table: "events",
	cols: []string{"id", "user_id", "data_source_id", "category", "type", "provider_record_id", "revision", "content_hash",
		"deleted", "start_time", "end_time", "zone_offset", "details", "created_at", "updated_at"},
	key:      []string{"data_source_id", "category", "provider_record_id"},
	update:   []string{"type", "revision", "content_hash", "start_time", "end_time", "zone_offset", "details", "updated_at"},
	revision: true,
}

// UpsertEvents stores events idempotently (see upsertSpec) with one
// outbox row per created or updated event: two statements per batch.
func (t *Tx) UpsertEvents(ctx context.Context, evs []domain.Event) (domain.WriteResult, error) {
	now := t.clock()
	rows := make([]upsertRow, len(evs))
	users := make([]string, len(evs))
	for i, e := range evs {
		if err := requireMeta("event", e.RecordMeta); err != nil {
			return domain.WriteResult{}, err
		}
		e = normalizeEvent(e)
		hash, err := EventHash(e)
		if err != nil {
			return domain.WriteResult{}, fmt.Errorf("store: upsert event: %w", err)
		}
		details, err := EncodeEventDetails(e)
		if err != nil {
			return domain.WriteResult{}, fmt.Errorf("store: upsert event: %w", err)
		}
		id := orNewID(e.ID)
		users[i] = e.UserID
		rows[i] = upsertRow{id: id, given: e.ID != "", key: keyOf(e.DataSourceID, string(e.Category), e.ProviderRecordID), args: []any{
			id, e.UserID, e.DataSourceID, string(e.Category), e.Type, e.ProviderRecordID, e.Revision, hash,
			false, ms(e.StartTime), ms(e.EndTime), int64(e.ZoneOffset), string(details), ms(now), ms(now)}}
	}
	return t.upsertRecords(ctx, eventSpec, func(i int) string { return domain.EventChangeKind(evs[i].Category) }, users, rows)
}

// MarkEventsDeleted tombstones events by provider record id. Ids that
// were never stored are skipped: providers announce deletions of records
// we may never have fetched.
func (t *Tx) MarkEventsDeleted(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordIDs []string) (domain.WriteResult, error) {
	sts, err := t.states(ctx, "events", "category", dataSourceID, string(c), providerRecordIDs)
	if err != nil {
		return domain.WriteResult{}, fmt.Errorf("store: delete events: %w", err)
	}
	return t.tombstone(ctx, "events", dataSourceID, func(RecordState) string { return domain.EventChangeKind(c) }, sts)
}

// DeleteEvent removes an event row outright (an API-side delete, not a
// provider tombstone) and appends a deleted change.
func (t *Tx) DeleteEvent(ctx context.Context, userID, id string) error {
	e, err := t.Event(ctx, userID, id)
	if err != nil {
		return err
	}
	n, err := t.db.Exec(ctx, "DELETE FROM events WHERE user_id = ?1 AND id = ?2", userID, id)
	if err := rowsOrNotFound(n, err, "event", id); err != nil {
		return err
	}
	return t.change(ctx, e.DataSourceID, e.UserID, domain.EventChangeKind(e.Category), e.ID, domain.ChangeDeleted, t.clock())
}

// scanEvent reads an EventColumns row.
func scanEvent(r Rows) (domain.Event, error) {
	var e domain.Event
	var details []byte
	var start, end, created, updated int64
	if err := r.Scan(&e.ID, &e.UserID, &e.DataSourceID, &e.Category, &e.Type, &e.ProviderRecordID, &e.Revision,
		new([]byte), &e.Deleted, &start, &end, &e.ZoneOffset, &details, &created, &updated); err != nil {
		return e, err
	}
	e.StartTime, e.EndTime, e.CreatedAt, e.UpdatedAt = fromMS(start), fromMS(end), fromMS(created), fromMS(updated)
	return e, DecodeEventDetails(details, &e)
}

// listEvents reads one keyset page. The row values are scanned again for
// each row: the columns and the decoder are chosen once per page.
func (t *Tx) listEvents(ctx context.Context, q store.EventQuery) ([]domain.Event, error) {
	sq, reversed := EventsQuery(t.d, q, false)
	query, args := sq.SQL()
	rows, err := t.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Event
	var e domain.Event
	details, body := t.d.borrow()
	var start, end, zone, created, updated int64
	dest := []any{&e.ID, &e.UserID, &e.DataSourceID, &e.Category, &e.Type, &e.ProviderRecordID, &e.Revision,
		new([]byte), &e.Deleted, &start, &end, &zone, details, &created, &updated}
	decode := DecodeEventDetails
	if q.DisplayOnly {
		dest = []any{&e.ID, &e.DataSourceID, &e.Category, &e.Type, &start, &end, &zone, details}
		decode = DecodeEventDetailsCompact
	}
	for rows.Next() {
		e = domain.Event{}
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e.StartTime, e.EndTime, e.ZoneOffset = fromMS(start), fromMS(end), domain.ZoneOffset(zone)
		if q.DisplayOnly {
			e.UserID = q.UserID
		} else {
			e.CreatedAt, e.UpdatedAt = fromMS(created), fromMS(updated)
		}
		if err := decode(body(), &e); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if reversed {
		slices.Reverse(out)
	}
	return out, nil
}
