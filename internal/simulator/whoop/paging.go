package whoop

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Paging per seed 000 and WHOOP's pagination page: limit ≤ 25 (default
// 10), start inclusive and end exclusive on the record's start time,
// newest first, and an opaque next_token passed back as nextToken.

// MaxLimit and DefaultLimit bound page sizes.
const (
	MaxLimit     = 25
	DefaultLimit = 10
)

// pageParams are the parsed collection query parameters.
type pageParams struct {
	limit      int
	start, end time.Time
	after      *cursor
}

// cursor is a keyset position: the (start, id) of the last record served.
// Keyset cursors keep pages stable while new (newer) records arrive.
type cursor struct {
	startMs int64
	id      string
}

// encode renders a cursor like the seed's "MTIzOjEyMzEyMw" (base64 of
// "123:123123", unpadded).
func (c cursor) encode() string {
	return base64.RawURLEncoding.EncodeToString([]byte(strconv.FormatInt(c.startMs, 10) + ":" + c.id))
}

var errBadToken = errors.New("invalid nextToken")

func decodeCursor(s string) (*cursor, error) {
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", errBadToken, err)
	}
	ms, id, ok := strings.Cut(string(b), ":")
	n, err := strconv.ParseInt(ms, 10, 64)
	if !ok || err != nil || id == "" {
		return nil, errBadToken
	}
	return &cursor{startMs: n, id: id}, nil
}

// parsePage reads limit, start, end and nextToken.
func parsePage(r *http.Request) (pageParams, error) {
	q := r.URL.Query()
	pp := pageParams{limit: DefaultLimit}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > MaxLimit {
			return pp, fmt.Errorf("limit must be an integer between 1 and %d", MaxLimit)
		}
		pp.limit = n
	}
	for _, f := range []struct {
		name string
		dst  *time.Time
	}{{"start", &pp.start}, {"end", &pp.end}} {
		if v := q.Get(f.name); v != "" {
			t, err := time.Parse(time.RFC3339Nano, v)
			if err != nil {
				return pp, fmt.Errorf("%s must be an ISO 8601 date-time: %w", f.name, err)
			}
			*f.dst = t
		}
	}
	if v := q.Get("nextToken"); v != "" {
		c, err := decodeCursor(v)
		if err != nil {
			return pp, err
		}
		pp.after = c
	}
	return pp, nil
}

// paginate sorts items newest first and cuts the page after the cursor.
// key returns a record's start and id.
func paginate[T any](items []T, key func(T) (time.Time, string), pp pageParams) Page[T] {
	cmp := func(a, b T) int {
		sa, ia := key(a)
		sb, ib := key(b)
		if c := sb.Compare(sa); c != 0 {
			return c
		}
		return strings.Compare(ib, ia)
	}
	slices.SortStableFunc(items, cmp)
	if pp.after != nil {
		items = slices.DeleteFunc(items, func(it T) bool {
			st, id := key(it)
			ms := st.UnixMilli()
			return ms > pp.after.startMs || (ms == pp.after.startMs && id >= pp.after.id)
		})
	}
	page := Page[T]{Records: items[:min(pp.limit, len(items))]}
	if page.Records == nil {
		page.Records = []T{}
	}
	if len(items) > pp.limit {
		st, id := key(items[pp.limit-1])
		tok := cursor{startMs: st.UnixMilli(), id: id}.encode()
		page.NextToken = &tok
	}
	return page
}
