package whoop

import (
	"testing"

	"github.com/stretchr/testify/require"
)

// FuzzCursor checks that any nextToken either fails to parse or survives
// a round trip, and that encoded cursors always parse back.
func FuzzCursor(f *testing.F) {
	f.Add("MTIzOjEyMzEyMw")
	f.Add(cursor{startMs: 1748400280000, id: "ecfc6a15-4661-442f-a9a4-f160dd7afae8"}.encode())
	f.Add("!!")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			return
		}
		again, err := decodeCursor(c.encode())
		require.NoError(t, err)
		require.Equal(t, c, again)
	})
}
