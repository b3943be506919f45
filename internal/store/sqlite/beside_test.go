package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

func TestOpenBeside(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	tests := []struct {
		name    string
		migrate func(t *testing.T, s *sqlite.Store)
		wantErr error
	}{
		{"current schema", func(t *testing.T, s *sqlite.Store) { require.NoError(t, s.Migrate(ctx)) }, nil},
		{"older schema", func(t *testing.T, s *sqlite.Store) { require.NoError(t, s.MigrateUpTo(ctx, 3)) }, sqlite.ErrSchemaMismatch},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path, box := filepath.Join(t.TempDir(), "w.db"), storetest.NewBox(t)
			holder, err := sqlite.Open(ctx, sqlite.Options{Path: path, Box: box})
			require.NoError(t, err)
			t.Cleanup(func() { _ = holder.Close() })
			tt.migrate(t, holder)

			_, err = sqlite.Open(ctx, sqlite.Options{Path: path, Box: box})
			require.ErrorIs(t, err, sqlite.ErrLocked, "a second server is kept out")

			beside, err := sqlite.OpenBeside(ctx, sqlite.Options{Path: path, Box: box})
			if tt.wantErr != nil {
				require.ErrorIs(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			k, err := beside.CreateAPIKey(ctx, domain.APIKey{Name: "cli", Prefix: "wh_beside00", Hash: []byte("h")})
			require.NoError(t, err)
			require.NoError(t, beside.Close())
			got, err := holder.APIKey(ctx, k.ID)
			require.NoError(t, err, "the lock holder reads the key written beside it")
			require.Equal(t, "cli", got.Name)
			_, err = holder.CreateAPIKey(ctx, domain.APIKey{Name: "server", Prefix: "wh_holder00", Hash: []byte("h")})
			require.NoError(t, err, "closing the beside store left the holder's lock and writer alone")
		})
	}
}
