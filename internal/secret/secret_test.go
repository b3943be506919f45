package secret

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestBoxRoundTrip(t *testing.T) {
	t.Parallel()
	key, err := ParseKey(NewKey())
	require.NoError(t, err)
	box, err := NewBox(key)
	require.NoError(t, err)

	sealed := box.Seal([]byte("access-token"), []byte("conn-1"))
	require.False(t, bytes.Contains(sealed, []byte("access-token")))
	pt, err := box.Open(sealed, []byte("conn-1"))
	require.NoError(t, err)
	require.Equal(t, "access-token", string(pt))

	_, err = box.Open(sealed, []byte("conn-2"))
	require.ErrorIs(t, err, ErrOpen, "ciphertext must be bound to its row")

	sealed[len(sealed)-1] ^= 1
	_, err = box.Open(sealed, []byte("conn-1"))
	require.ErrorIs(t, err, ErrOpen)
}

func TestBoxEmptyAndGarbage(t *testing.T) {
	t.Parallel()
	box, err := NewBox(make([]byte, KeySize))
	require.NoError(t, err)
	require.Nil(t, box.Seal(nil, nil))
	pt, err := box.Open(nil, nil)
	require.NoError(t, err)
	require.Nil(t, pt)
	for _, in := range [][]byte{{1}, {2, 3, 4}, bytes.Repeat([]byte{1}, 40)} {
		_, err := box.Open(in, nil)
		require.ErrorIs(t, err, ErrOpen)
	}
}

func TestParseKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, in string
		ok       bool
	}{
		{"Generated", NewKey(), true},
		{"TooShort", "c2hvcnQ=", false},
		{"NotBase64", "!!!", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := ParseKey(tt.in)
			require.Equal(t, tt.ok, err == nil, err)
		})
	}
	_, err := NewBox([]byte("short"))
	require.Error(t, err)
}
