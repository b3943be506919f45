package apikey

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

type mapLookup map[string]domain.APIKey

func (m mapLookup) APIKeyByPrefix(_ context.Context, p string) (domain.APIKey, error) {
	k, ok := m[p]
	if !ok {
		return domain.APIKey{}, store.ErrNotFound
	}
	return k, nil
}

func TestGenerateAndVerify(t *testing.T) {
	t.Parallel()
	now := time.Unix(1_700_000_000, 0)
	key, rec := Generate("ci", now)
	require.True(t, strings.HasPrefix(key, "wh_"))
	require.Len(t, key, 43)
	require.NotContains(t, string(rec.Hash), key)
	revokedKey, revoked := Generate("old", now)
	revoked.RevokedAt = &now
	lookup := mapLookup{rec.Prefix: rec, revoked.Prefix: revoked}

	got, err := Verify(context.Background(), lookup, key)
	require.NoError(t, err)
	require.Equal(t, "ci", got.Name)

	tests := map[string]string{
		"Empty":     "",
		"NoPrefix":  strings.TrimPrefix(key, "wh_") + "xyz",
		"WrongTail": key[:len(key)-1] + "0",
		"Unknown":   "wh_" + strings.Repeat("a", 40),
		"Revoked":   revokedKey,
		"TooLong":   key + "a",
	}
	for name, in := range tests {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := Verify(context.Background(), lookup, in)
			require.ErrorIs(t, err, ErrInvalid)
		})
	}
}

// other returns a base62 character different from c.
func other(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}
