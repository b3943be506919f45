package storetest

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SharedExternalIDSchema is the last schema version that let several
// users hold one external_user_id (migration 00005 made it unique).
const SharedExternalIDSchema = 4

// SharedExternalIDs is what SeedSharedExternalIDs wrote: three users
// holding "crm-1" (Oldest first by created_at, Tied created in the same
// millisecond with a larger id, Newer a second later) and one holding
// "crm-2".
type SharedExternalIDs struct {
	Oldest, Newer, Tied, Single string
}

// SeedSharedExternalIDs writes users sharing an external_user_id into a
// database at SharedExternalIDSchema (times are Unix ms on both engines
// there). exec takes ?N markers.
func SeedSharedExternalIDs(t *testing.T, exec func(t *testing.T, query string, args ...any)) SharedExternalIDs {
	t.Helper()
	ids := make([]string, 3)
	for i := range ids {
		ids[i] = uuid.Must(uuid.NewV7()).String()
	}
	slices.Sort(ids) // Oldest's id sorts before Tied's
	s := SharedExternalIDs{Oldest: ids[0], Tied: ids[1], Newer: ids[2], Single: uuid.Must(uuid.NewV7()).String()}
	at := baseTime().UnixMilli()
	for _, u := range []struct {
		id, ext string
		at      int64
	}{{s.Newer, "crm-1", at + 1000}, {s.Tied, "crm-1", at}, {s.Oldest, "crm-1", at}, {s.Single, "crm-2", at}} {
		exec(t, "INSERT INTO users (id, external_user_id, created_at, updated_at) VALUES (?1, ?2, ?3, ?3)", u.id, u.ext, u.at)
	}
	return s
}

// CheckSharedExternalIDs checks a store migrated from SeedSharedExternalIDs's
// database: the oldest holder keeps the shared id, the others lost it but
// are otherwise intact, and the id can no longer be given to another user.
func CheckSharedExternalIDs(t *testing.T, s store.Store, seed SharedExternalIDs) {
	t.Helper()
	ctx := context.Background()
	ext := func(id string) *string {
		u, err := s.User(ctx, id)
		require.NoError(t, err)
		return u.ExternalUserID
	}
	require.Equal(t, "crm-1", deref(ext(seed.Oldest)))
	require.Nil(t, ext(seed.Newer))
	require.Nil(t, ext(seed.Tied))
	require.Equal(t, "crm-2", deref(ext(seed.Single)))
	v := "crm-1"
	_, err := s.CreateUser(ctx, domain.User{ExternalUserID: &v})
	var dup *store.DuplicateError
	require.True(t, errors.As(err, &dup), "got %v", err)
	require.Equal(t, seed.Oldest, dup.UserID)
}

func deref(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}
