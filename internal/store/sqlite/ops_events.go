package sqlite

import (
	"context"
	"database/sql"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// toEvent converts an events row.
func toEvent(r sqlitedb.Event) (domain.Event, error) {
	e := eventOf(r)
	return e, engine.DecodeEventDetails([]byte(r.Details), &e)
}

// eventOf converts an events row but its details.
func eventOf(r sqlitedb.Event) domain.Event {
	return domain.Event{
		RecordMeta: domain.RecordMeta{
			ID: r.ID, UserID: r.UserID, DataSourceID: r.DataSourceID, ProviderRecordID: r.ProviderRecordID,
			Revision: r.Revision, Deleted: r.Deleted, CreatedAt: fromMS(r.CreatedAt), UpdatedAt: fromMS(r.UpdatedAt),
		},
		Category: domain.EventCategory(r.Category), Type: r.Type,
		StartTime: fromMS(r.StartTime), EndTime: fromMS(r.EndTime), ZoneOffset: domain.ZoneOffset(r.ZoneOffset),
	}
}

// state converts the state columns every record table shares.
func state(id, userID string, rev int64, hash []byte, deleted bool) engine.RecordState {
	return engine.RecordState{ID: id, UserID: userID, Revision: rev, Hash: hash, Deleted: deleted}
}

func (o *ops) EventState(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (engine.RecordState, error) {
	r, err := o.q.EventState(ctx, sqlitedb.EventStateParams{
		DataSourceID: dataSourceID, Category: string(c), ProviderRecordID: providerRecordID,
	})
	if err != nil {
		return engine.RecordState{}, nf(err)
	}
	return state(r.ID, r.UserID, r.Revision, r.ContentHash, r.Deleted), nil
}

func (o *ops) InsertEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error) {
	details, err := engine.EncodeEventDetails(e)
	if err != nil {
		return false, err
	}
	n, err := o.q.InsertEvent(ctx, sqlitedb.InsertEventParams{
		ID: e.ID, UserID: e.UserID, DataSourceID: e.DataSourceID, Category: string(e.Category), Type: e.Type,
		ProviderRecordID: e.ProviderRecordID, Revision: e.Revision, ContentHash: hash,
		StartTime: ms(e.StartTime), EndTime: ms(e.EndTime), ZoneOffset: int64(e.ZoneOffset),
		Details: string(details), CreatedAt: ms(e.CreatedAt), UpdatedAt: ms(e.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) UpdateEvent(ctx context.Context, e domain.Event, hash []byte) (bool, error) {
	details, err := engine.EncodeEventDetails(e)
	if err != nil {
		return false, err
	}
	n, err := o.q.UpdateEvent(ctx, sqlitedb.UpdateEventParams{
		ID: e.ID, Type: e.Type, Revision: e.Revision, ContentHash: hash,
		StartTime: ms(e.StartTime), EndTime: ms(e.EndTime), ZoneOffset: int64(e.ZoneOffset),
		Details: string(details), UpdatedAt: ms(e.UpdatedAt),
	})
	return n == 1, err
}

func (o *ops) GetEvent(ctx context.Context, userID, id string) (domain.Event, error) {
	r, err := o.q.GetEvent(ctx, sqlitedb.GetEventParams{UserID: userID, ID: id})
	if err != nil {
		return domain.Event{}, nf(err)
	}
	return toEvent(r)
}

func (o *ops) EventByProviderID(ctx context.Context, dataSourceID string, c domain.EventCategory, providerRecordID string) (domain.Event, error) {
	r, err := o.q.EventByProviderID(ctx, sqlitedb.EventByProviderIDParams{
		DataSourceID: dataSourceID, Category: string(c), ProviderRecordID: providerRecordID,
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
	rows, err := o.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []domain.Event
	// The details are decoded straight from one reused buffer (nothing
	// keeps a reference to it): fewer copies of every document on a page
	// of sleep sessions.
	var details sql.RawBytes
	// One row value scanned again for each row: the columns and the
	// decoder are chosen once per page.
	var r sqlitedb.Event
	dest := []any{&r.ID, &r.UserID, &r.DataSourceID, &r.Category, &r.Type, &r.ProviderRecordID,
		&r.Revision, &r.ContentHash, &r.Deleted, &r.StartTime, &r.EndTime, &r.ZoneOffset, &details,
		&r.CreatedAt, &r.UpdatedAt}
	decode := engine.DecodeEventDetails
	if q.DisplayOnly {
		r.UserID = q.UserID
		dest = []any{&r.ID, &r.DataSourceID, &r.Category, &r.Type, &r.StartTime, &r.EndTime, &r.ZoneOffset, &details}
		decode = engine.DecodeEventDetailsCompact
	}
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		e := eventOf(r)
		if q.DisplayOnly {
			e.CreatedAt, e.UpdatedAt = time.Time{}, time.Time{}
		}
		if err := decode(details, &e); err != nil {
			return nil, err
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
	err := o.db.QueryRowContext(ctx, query, args...).Scan(&n)
	return n, err
}

func (o *ops) TombstoneEvent(ctx context.Context, id string, at time.Time) error {
	return o.q.TombstoneEvent(ctx, sqlitedb.TombstoneEventParams{ID: id, UpdatedAt: ms(at)})
}

func (o *ops) DeleteEvent(ctx context.Context, userID, id string) (int64, error) {
	return o.q.DeleteEvent(ctx, sqlitedb.DeleteEventParams{UserID: userID, ID: id})
}
