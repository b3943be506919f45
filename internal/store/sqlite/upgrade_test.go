package sqlite_test

import (
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestUpgradeFromLegacySchema: a database a wearhouse at schema 3 wrote
// reads back the same through the store after migrating to the current
// schema (SQLite's 00004 changes nothing; the test keeps it that way).
func TestUpgradeFromLegacySchema(t *testing.T) {
	t.Parallel()
	path, box := filepath.Join(t.TempDir(), "old.db"), storetest.NewBox(t)
	old, err := sqlite.Open(t.Context(), sqlite.Options{Path: path, Box: box})
	require.NoError(t, err)
	require.NoError(t, old.MigrateUpTo(t.Context(), storetest.LegacySchema))
	seed := storetest.SeedLegacy(t, storetest.LegacyDB{
		Exec: func(t *testing.T, q string, args ...any) {
			_, err := old.DB().ExecContext(t.Context(), q, args...)
			require.NoError(t, err, q)
		},
		Time: func(tm time.Time) any { return tm.UnixMilli() },
	}, box)
	require.NoError(t, old.Close())
	storetest.CheckLegacy(t, storetest.OpenSQLite(t, path, box), seed)
}

// TestUpgradeKeepsOldestExternalID: users sharing an external_user_id
// before it became unique do not fail the upgrade; the oldest keeps it.
func TestUpgradeKeepsOldestExternalID(t *testing.T) {
	t.Parallel()
	path, box := filepath.Join(t.TempDir(), "old.db"), storetest.NewBox(t)
	old, err := sqlite.Open(t.Context(), sqlite.Options{Path: path, Box: box})
	require.NoError(t, err)
	require.NoError(t, old.MigrateUpTo(t.Context(), storetest.SharedExternalIDSchema))
	seed := storetest.SeedSharedExternalIDs(t, func(t *testing.T, q string, args ...any) {
		_, err := old.DB().ExecContext(t.Context(), q, args...)
		require.NoError(t, err, q)
	})
	require.NoError(t, old.Close())
	storetest.CheckSharedExternalIDs(t, storetest.OpenSQLite(t, path, box), seed)
}
