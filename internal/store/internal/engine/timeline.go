package engine

import (
	"context"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

const dayMS = int64(24 * time.Hour / time.Millisecond)

// DataTimeline counts a user's samples and events per UTC day.
func (t *Tx) DataTimeline(ctx context.Context, q store.TimelineQuery) (store.DataTimeline, error) {
	series, err := t.seriesPerDay(ctx, q)
	if err != nil {
		return store.DataTimeline{}, fmt.Errorf("store: data timeline: %w", err)
	}
	events, err := t.eventsPerDay(ctx, q)
	if err != nil {
		return store.DataTimeline{}, fmt.Errorf("store: data timeline: %w", err)
	}
	return store.DataTimeline{Series: series, Events: events}, nil
}

// seriesPerDay sums block headers per (day, provider, type): one block is
// one day of one source and type, so no block is decoded.
func (t *Tx) seriesPerDay(ctx context.Context, q store.TimelineQuery) ([]store.DayCount, error) {
	sq := NewQuery(t.d, `SELECT b.day, d.provider, b.type_id, CAST(sum(b.count) AS BIGINT)
FROM series_blocks b JOIN data_sources d ON d.id = b.data_source_id`)
	sq.Where("b.user_id = %s", sq.IDArg(q.UserID))
	if q.Provider != "" {
		sq.Where("d.provider = %s", sq.Arg(string(q.Provider)))
	}
	if q.Start != nil {
		sq.Where("b.day >= %s", sq.Arg(floorDay(ms(MS(*q.Start)))))
	}
	if q.End != nil {
		sq.Where("b.day < %s", sq.Arg(ms(MS(*q.End))))
	}
	sq.Tail(" GROUP BY b.day, d.provider, b.type_id ORDER BY b.day, d.provider, b.type_id")
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, func(r Rows) (store.DayCount, error) {
		var c store.DayCount
		var day int64
		err := r.Scan(&day, &c.Provider, &c.TypeID, &c.Count)
		c.Day = fromMS(day)
		return c, err
	})
}

// eventsPerDay counts live events per (start day, provider, category,
// type).
func (t *Tx) eventsPerDay(ctx context.Context, q store.TimelineQuery) ([]store.DayEventCount, error) {
	day := fmt.Sprintf("(e.start_time / %d) * %d", dayMS, dayMS)
	sq := NewQuery(t.d, "SELECT "+day+" AS day, d.provider, e.category, e.type, count(*) FROM events e JOIN data_sources d ON d.id = e.data_source_id")
	sq.Where("e.user_id = %s", sq.IDArg(q.UserID))
	sq.Where("NOT e.deleted")
	if q.Provider != "" {
		sq.Where("d.provider = %s", sq.Arg(string(q.Provider)))
	}
	if q.Start != nil {
		sq.Where("e.start_time >= %s", sq.Arg(floorDay(ms(MS(*q.Start)))))
	}
	if q.End != nil {
		sq.Where("e.start_time < %s", sq.Arg(ceilDay(ms(MS(*q.End)))))
	}
	sq.Tail(" GROUP BY 1, d.provider, e.category, e.type ORDER BY 1, d.provider, e.category, e.type")
	query, args := sq.SQL()
	return list(ctx, t.db, query, args, func(r Rows) (store.DayEventCount, error) {
		var c store.DayEventCount
		var day int64
		err := r.Scan(&day, &c.Provider, &c.Category, &c.Type, &c.Count)
		c.Day = fromMS(day)
		return c, err
	})
}

// floorDay is the UTC midnight at or before a Unix millisecond time.
func floorDay(v int64) int64 {
	d := v / dayMS * dayMS
	if d > v {
		d -= dayMS
	}
	return d
}

// ceilDay is the UTC midnight at or after a Unix millisecond time.
func ceilDay(v int64) int64 {
	d := floorDay(v)
	if d < v {
		d += dayMS
	}
	return d
}
