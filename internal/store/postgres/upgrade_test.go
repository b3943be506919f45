package postgres_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestUpgradeFromLegacySchema: a database a wearhouse at schema 3 wrote
// (uuid ids, timestamptz times) reads back the same through the store
// once 00004 has converted it.
func TestUpgradeFromLegacySchema(t *testing.T) {
	t.Parallel()
	url, box := storetest.PostgresSchemaURL(t), storetest.NewBox(t)
	old, err := postgres.Open(t.Context(), postgres.Options{URL: url, Box: box})
	require.NoError(t, err)
	require.NoError(t, old.MigrateUpTo(t.Context(), storetest.LegacySchema))
	seed := storetest.SeedLegacy(t, storetest.LegacyDB{
		Exec: func(t *testing.T, q string, args ...any) {
			_, err := old.Pool().Exec(t.Context(), strings.ReplaceAll(q, "?", "$"), args...)
			require.NoError(t, err, q)
		},
		Time: func(tm time.Time) any { return tm },
	}, box)
	var idType string
	require.NoError(t, old.Pool().QueryRow(t.Context(),
		"SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'events' AND column_name = 'id'").Scan(&idType))
	require.Equal(t, "uuid", idType, "the seed is in the legacy representation")
	require.NoError(t, old.Close())
	s := storetest.OpenPostgres(t, url, box)
	storetest.CheckLegacy(t, s, seed)
	var riverType string
	require.NoError(t, s.Pool().QueryRow(t.Context(),
		"SELECT data_type FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'river_job' AND column_name = 'created_at'").Scan(&riverType))
	require.Equal(t, "timestamp with time zone", riverType, "River's own tables are left as River made them")
}

// TestUpgradeKeepsOldestExternalID: users sharing an external_user_id
// before it became unique do not fail the upgrade; the oldest keeps it.
func TestUpgradeKeepsOldestExternalID(t *testing.T) {
	t.Parallel()
	url, box := storetest.PostgresSchemaURL(t), storetest.NewBox(t)
	old, err := postgres.Open(t.Context(), postgres.Options{URL: url, Box: box})
	require.NoError(t, err)
	require.NoError(t, old.MigrateUpTo(t.Context(), storetest.SharedExternalIDSchema))
	seed := storetest.SeedSharedExternalIDs(t, func(t *testing.T, q string, args ...any) {
		_, err := old.Pool().Exec(t.Context(), strings.ReplaceAll(q, "?", "$"), args...)
		require.NoError(t, err, q)
	})
	require.NoError(t, old.Close())
	storetest.CheckSharedExternalIDs(t, storetest.OpenPostgres(t, url, box), seed)
}
