package api

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// dateRange is a validated [start, end) range of local calendar dates.
type dateRange struct {
	win        window
	start, end string // YYYY-MM-DD, end exclusive
}

// parseDateRange applies the summaries rule: rows are local calendar days
// with date(start) <= day < date(end).
func parseDateRange(startVal, endVal string) (dateRange, error) {
	win, err := parseWindow("start_date", startVal, "end_date", endVal)
	if err != nil {
		return dateRange{}, err
	}
	r := dateRange{win: win, start: win.start.Format(time.DateOnly), end: win.end.Format(time.DateOnly)}
	if r.start >= r.end {
		return dateRange{}, badRequest("end_date must be at least one day after start_date: summaries cover [start_date, end_date) in days")
	}
	return r, nil
}

// startTime is the first day's midnight UTC, for the page's metadata
// (a date-time, as Open Wearables 0.9.0 serves it).
func (r dateRange) startTime() time.Time { t, _ := time.Parse(time.DateOnly, r.start); return t }

// endTime is the exclusive end day's midnight UTC.
func (r dateRange) endTime() time.Time { t, _ := time.Parse(time.DateOnly, r.end); return t }

// localDate is the calendar day of t at the record's own offset: a night
// that ends at 06:30 in UTC+9 belongs to that local morning's date.
func localDate(t time.Time, off domain.ZoneOffset) string {
	return t.UTC().Add(time.Duration(off) * time.Second).Format(time.DateOnly)
}

// datePage pages rows that are already sorted by date in display order.
// Cursors carry the date as the keyset time.
func (s *Server) datePage(sc string, cursorParam *string, dates []string, limit int, desc bool) (from, to int, p wirePagination, err error) {
	var cur *cursor
	if cursorParam != nil && *cursorParam != "" {
		c, err := s.cursors.decode("cursor", sc, *cursorParam)
		if err != nil {
			return 0, 0, p, err
		}
		cur = &c
	}
	after := func(d string, k string) bool { // d comes after k in display order
		if desc {
			return d < k
		}
		return d > k
	}
	lo, hi := 0, len(dates)
	if cur != nil {
		k := cur.Keyset.Time.Format(time.DateOnly)
		i := sort.Search(len(dates), func(i int) bool { return after(dates[i], k) || dates[i] == k })
		if cur.Prev {
			lo, hi = max(0, i-limit-1), i
		} else {
			if i < len(dates) && dates[i] == k {
				i++
			}
			lo = i
		}
	}
	if cur == nil || !cur.Prev {
		hi = min(hi, lo+limit+1)
	}
	keys := make([]store.Keyset, hi-lo)
	for i := range keys {
		t, _ := time.Parse(time.DateOnly, dates[lo+i])
		keys[i] = store.Keyset{Time: t}
	}
	f, tt, pg := pageLinks(s.cursors, sc, cur, keys, limit)
	return lo + f, lo + tt, pg, nil
}

func sortDates[T any](rows []T, date func(T) string, desc bool) {
	slices.SortStableFunc(rows, func(a, b T) int {
		if desc {
			return strings.Compare(date(b), date(a))
		}
		return strings.Compare(date(a), date(b))
	})
}

// allEvents reads every event of a category overlapping [start, end).
func (s *Server) allEvents(ctx context.Context, userID string, c domain.EventCategory, start, end time.Time) ([]domain.Event, error) {
	return s.eventsMatching(ctx, store.EventQuery{UserID: userID, Category: c, Start: start, End: end})
}

// eventsMatching reads every event q selects, a thousand at a time.
func (s *Server) eventsMatching(ctx context.Context, q store.EventQuery) ([]domain.Event, error) {
	var out []domain.Event
	page := store.Page{Limit: 1000}
	for {
		q.Page, q.DisplayOnly = page, true
		evs, err := s.store.ListEvents(ctx, q)
		if err != nil {
			return nil, fmt.Errorf("api: list events: %w", err)
		}
		out = append(out, evs...)
		if len(evs) < page.Limit {
			return out, nil
		}
		last := evs[len(evs)-1]
		page.After = &store.Keyset{Time: last.StartTime, ID: last.ID}
	}
}
