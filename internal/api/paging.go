package api

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// window is a validated [start, end) request range.
type window struct {
	start, end time.Time
	raw        [2]string
}

// parseWindow parses and checks a required start/end parameter pair; a
// date-only end covers its whole day (parseEnd).
func parseWindow(startParam, startVal, endParam, endVal string) (window, error) {
	start, _, err := parseTime(startParam, startVal)
	if err != nil {
		return window{}, err
	}
	end, err := parseEnd(endParam, endVal)
	if err != nil {
		return window{}, err
	}
	if !end.After(start) {
		return window{}, badRequest("%s must be after %s (the range is [%s, %s))", endParam, startParam, startParam, endParam)
	}
	return window{start: start, end: end, raw: [2]string{startVal, endVal}}, nil
}

// keysetPage turns a decoded cursor into the store's page request.
// Fetching limit+1 rows tells whether another page exists without a count.
func keysetPage(cur *cursor, limit int, desc bool) store.Page {
	p := store.Page{Limit: limit + 1, Desc: desc}
	if cur != nil {
		k := cur.Keyset
		if cur.Prev {
			p.Before = &k
		} else {
			p.After = &k
		}
	}
	return p
}

// pageLinks computes the envelope's cursors from a fetched slice of up to
// limit+1 keys (in display order) and trims the slice to limit. Moving
// forward, the extra row means more follow; moving backward, it means more
// precede, and rows always follow (we came from them).
func pageLinks(c cursorCodec, sc string, cur *cursor, keys []store.Keyset, limit int) (from, to int, p wirePagination) {
	return pageLinksOf(c, sc, cur, len(keys), func(i int) store.Keyset { return keys[i] }, limit)
}

// pageLinksOf is pageLinks over n keys given by key, for pages too large
// to materialise every key (a day of 1 Hz samples).
func pageLinksOf(c cursorCodec, sc string, cur *cursor, n int, key func(i int) store.Keyset, limit int) (from, to int, p wirePagination) {
	from, to = 0, n
	backward := cur != nil && cur.Prev
	extra := n > limit
	if extra {
		if backward {
			from = 1
		} else {
			to = limit
		}
	}
	if to-from > 0 {
		if backward || extra {
			s := c.encode(sc, cursor{Keyset: key(to - 1)})
			p.NextCursor = &s
		}
		if (backward && extra) || (!backward && cur != nil) {
			s := c.encode(sc, cursor{Keyset: key(from), Prev: true})
			p.PreviousCursor = &s
		}
	}
	p.HasMore = p.NextCursor != nil
	return from, to, p
}
