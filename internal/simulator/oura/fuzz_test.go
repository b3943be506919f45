package oura

import (
	"errors"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// FuzzNextToken feeds arbitrary next_token values to the parser: it must
// refuse them as a bad request or return a cursor that round-trips.
func FuzzNextToken(f *testing.F) {
	f.Add(cursor{Start: 1, End: 2, After: 3, ID: "x"}.encode())
	f.Add("")
	f.Add("!!")
	f.Add("e30") // {}
	f.Fuzz(func(t *testing.T, tok string) {
		t.Parallel()
		c, err := decodeCursor(tok)
		if err != nil {
			require.ErrorIs(t, err, errBadRequest)
			return
		}
		back, err := decodeCursor(c.encode())
		require.NoError(t, err)
		require.Equal(t, c, back)
	})
}

// FuzzDayWindow feeds arbitrary start_date/end_date values: the parser
// never panics, refuses with 422 or 400 errors only, and an accepted
// window is ordered.
func FuzzDayWindow(f *testing.F) {
	f.Add("2025-05-01", "2025-05-02")
	f.Add("2025-05-01T10:00:00+02:00", "2025-05-02T23:59:59")
	f.Add("", "")
	f.Add("2025-13-01", "x")
	today := time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, start, end string) {
		t.Parallel()
		q := url.Values{}
		if start != "" {
			q.Set("start_date", start)
		}
		if end != "" {
			q.Set("end_date", end)
		}
		w, err := parseDayWindow(q, today)
		if err != nil {
			var pe *paramError
			require.True(t, errors.As(err, &pe) || errors.Is(err, errBadRequest), "unexpected error %v", err)
			return
		}
		require.False(t, w.Start.After(w.End))
		require.Equal(t, w.Start, w.Start.Truncate(24*time.Hour))
	})
}
