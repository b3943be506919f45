package storetest

import (
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// testUserDataSources checks UserDataSources lists what ListDataSources
// lists for an existing user, with or without sources, and answers
// ErrNotFound for a user that does not exist or a malformed id.
func testUserDataSources(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	f.source(t, domain.ProviderOura, "Oura Ring 4")
	bare, err := s.CreateUser(f.ctx, domain.User{})
	require.NoError(t, err)
	tests := []struct {
		name    string
		userID  string
		missing bool
	}{
		{name: "WithSources", userID: f.user.ID},
		{name: "WithoutSources", userID: bare.ID},
		{name: "Unknown", userID: uuid.NewString(), missing: true},
		{name: "Malformed", userID: "not-a-uuid", missing: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := s.UserDataSources(f.ctx, tc.userID)
			if tc.missing {
				require.ErrorIs(t, err, store.ErrNotFound)
				return
			}
			require.NoError(t, err)
			want, err := s.ListDataSources(f.ctx, tc.userID)
			require.NoError(t, err)
			require.Equal(t, want, got)
		})
	}
	got, err := s.UserDataSources(f.ctx, f.user.ID)
	require.NoError(t, err)
	require.Len(t, got, 2)
}
