package postgres_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestRefusesANewerSchema: a database a newer wearhouse migrated further
// is refused by name, not run on.
func TestRefusesANewerSchema(t *testing.T) {
	t.Parallel()
	s := storetest.NewPostgres(t)
	_, err := s.Pool().Exec(t.Context(), `INSERT INTO goose_db_version (version_id, is_applied) VALUES (99999, true)`)
	require.NoError(t, err)
	err = s.Migrate(t.Context())
	require.ErrorIs(t, err, store.ErrSchemaNewer)
	require.ErrorContains(t, err, "schema version 99999")
}
