package api

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
)

func TestCursorRoundTripAndBinding(t *testing.T) {
	t.Parallel()
	c := cursorCodec{key: []byte("k1")}
	sc := scope("user-1", "sleep", "2025-01-01", "2025-02-01")
	want := cursor{Keyset: store.Keyset{Time: time.Date(2025, 1, 3, 4, 5, 6, 7, time.UTC), ID: "0190-abc"}, Prev: true}
	enc := c.encode(sc, want)

	got, err := c.decode("cursor", sc, enc)
	require.NoError(t, err)
	require.Equal(t, want, got)

	tests := map[string]struct {
		codec cursorCodec
		scope string
		in    string
	}{
		"OtherUser":  {c, scope("user-2", "sleep", "2025-01-01", "2025-02-01"), enc},
		"OtherQuery": {c, scope("user-1", "sleep", "2025-01-01", "2025-03-01"), enc},
		"OtherKey":   {cursorCodec{key: []byte("k2")}, sc, enc},
		"Garbage":    {c, sc, "!!!"},
		"Empty":      {c, sc, ""},
		"OWStyle":    {c, sc, base64.URLEncoding.EncodeToString([]byte("2025-01-03T04:05:06Z|0190-abc"))},
		"Edited":     {c, sc, enc[:len(enc)-2] + "AA"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := tt.codec.decode("cursor", tt.scope, tt.in)
			require.Error(t, err)
			require.Equal(t, 400, httpError(err).Status)
			require.Contains(t, err.Error(), "cursor")
		})
	}
}

func FuzzCursorDecode(f *testing.F) {
	c := cursorCodec{key: []byte("k")}
	f.Add(c.encode("s", cursor{Keyset: store.Keyset{Time: time.Unix(1, 0), ID: "x"}}))
	f.Add("AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		if _, err := c.decode("cursor", "s", s); err != nil {
			require.Equal(t, 400, httpError(err).Status)
		}
	})
}
