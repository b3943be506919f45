package postgres

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// toEvent converts an events row.
func toEvent(r pgdb.Event) (domain.Event, error) {
	return toEventDecoded(r, engine.DecodeEventDetails)
}

// toEventDecoded is toEvent with the details decoded by decode.
func toEventDecoded(r pgdb.Event, decode func([]byte, *domain.Event) error) (domain.Event, error) {
	e := domain.Event{
		RecordMeta: domain.RecordMeta{
			ID: r.ID.String(), UserID: r.UserID.String(), DataSourceID: r.DataSourceID.String(),
			ProviderRecordID: r.ProviderRecordID, Revision: r.Revision, Deleted: r.Deleted,
			CreatedAt: fromTS(r.CreatedAt), UpdatedAt: fromTS(r.UpdatedAt),
		},
		Category: domain.EventCategory(r.Category), Type: r.Type,
		StartTime: fromTS(r.StartTime), EndTime: fromTS(r.EndTime), ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
	return e, decode(r.Details, &e)
}

// state converts the state columns every record table shares.
func state(id, userID string, rev int64, hash []byte, deleted bool) engine.RecordState {
	return engine.RecordState{ID: id, UserID: userID, Revision: rev, Hash: hash, Deleted: deleted}
}

func (o *ops) EventState(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (engine.RecordState, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return engine.RecordState{}, err
	}
	r, err := o.q.EventState(ctx, pgdb.EventStateParams{
		DataSourceID: ds, Category: string(c), ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID.String(), r.UserID.String(), r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error) {
	details, err := engine.EncodeEventDetails(e)
	if err != nil {
		return false, err
	}
	var cv conv
	p := pgdb.InsertEventParams{
		ID: cv.id(e.ID), UserID: cv.id(e.UserID), DataSourceID: cv.id(e.DataSourceID), Category: string(e.Category),
		Type: e.Type, ProviderRecordID: e.ProviderRecordID, Revision: e.Revision, ContentHash: hash,
		StartTime: ts(e.StartTime), EndTime: ts(e.EndTime), ZoneOffset: int32(e.ZoneOffset),
		Details: details, CreatedAt: ts(e.CreatedAt), UpdatedAt: ts(e.UpdatedAt),
	}
	if cv.err != nil {
		return false, cv.err
	}
	n, err := o.q.InsertEvent(ctx, p)
	return n == 1, err
}

func (o *ops) UpdateEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error) {
	details, err := engine.EncodeEventDetails(e)
	if err != nil {
		return false, err
	}
	id, err := parseID(e.ID)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateEvent(ctx, pgdb.UpdateEventParams{
		ID: id, Type: e.Type, Revision: e.Revision, ContentHash: hash,
		StartTime: ts(e.StartTime), EndTime: ts(e.EndTime), ZoneOffset: int32(e.ZoneOffset),
		Details: details, UpdatedAt: ts(e.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) GetEvent(ctx context.Context, userID, id string) (domain.Event, error) {
	var cv conv
	p := pgdb.GetEventParams{UserID: cv.id(userID), ID: cv.id(id)}
	if cv.err != nil {
		return domain.Event{}, cv.err
	}
	r, err := o.q.GetEvent(ctx, p)
	if err != nil {
		return domain.Event{}, nf(err)
	}
	return toEvent(r)
}

func (o *ops) EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error) {
	ds, err := parseID(dataSourceID)
	if err != nil {
		return domain.Event{}, err
	}
	r, err := o.q.EventByProviderID(ctx, pgdb.EventByProviderIDParams{
		DataSourceID: ds, Category: string(c), ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return domain.Event{}, nf(err)
	}
	return toEvent(r)
}

// ListEvents is hand-built (engine.EventsQuery): optional filters and a
// keyset page in either direction.
func (o *ops) ListEvents(ctx context.Context, q store.EventQuery) ([]domain.Event, error) {
	sq, reversed := engine.EventsQuery(dialect(), q, false)
	if sq.Never {
		return nil, nil
	}
	query, args := sq.SQL()
	rows, err := o.db.Query(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Event
	// One row value scanned again for each row: the columns and the
	// decoder are chosen once per page.
	var r pgdb.Event
	dest := []any{&r.ID, &r.UserID, &r.DataSourceID, &r.Category, &r.Type, &r.ProviderRecordID,
		&r.Revision, &r.ContentHash, &r.Deleted, &r.StartTime, &r.EndTime, &r.ZoneOffset, &r.Details,
		&r.CreatedAt, &r.UpdatedAt}
	decode := engine.DecodeEventDetails
	if q.DisplayOnly {
		dest = []any{&r.ID, &r.DataSourceID, &r.Category, &r.Type, &r.StartTime, &r.EndTime, &r.ZoneOffset, &r.Details}
		decode = engine.DecodeEventDetailsCompact
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e, err := toEventDecoded(r, decode)
		if err != nil {
			return nil, err
		}
		if q.DisplayOnly {
			e.UserID = q.UserID
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if reversed {
		engine.Reverse(out)
	}
	return out, nil
}

func (o *ops) CountEvents(ctx context.Context, q store.EventQuery) (int, error) {
	sq, _ := engine.EventsQuery(dialect(), q, true)
	if sq.Never {
		return 0, nil
	}
	query, args := sq.SQL()
	var n int
	err := o.db.QueryRow(ctx, query, args...).Scan(&n)
	return n, err
}

func (o *ops) TombstoneEvent(ctx context.Context, id string, at time.Time) error {
	eid, err := parseID(id)
	if err != nil {
		return err
	}
	return o.q.TombstoneEvent(ctx, pgdb.TombstoneEventParams{ID: eid, UpdatedAt: ts(at)})
}

func (o *ops) DeleteEvent(ctx context.Context, userID, id string) (int64, error) {
	var cv conv
	p := pgdb.DeleteEventParams{UserID: cv.id(userID), ID: cv.id(id)}
	if cv.err != nil {
		return 0, nil // matches no row
	}
	return o.q.DeleteEvent(ctx, p)
}
