package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestPathWithURICharacters: a database path holding '#', '?' or '%'
// opens exactly that file, not the shorter path before the character.
func TestPathWithURICharacters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for _, name := range []string{"a#01", "b?x=1", "c%23d"} {
		path := filepath.Join(dir, name, "wearhouse.db")
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		s := storetest.OpenSQLite(t, path, storetest.NewBox(t))
		require.NoError(t, s.Ping(t.Context()))
		_, err := os.Stat(path)
		require.NoError(t, err, "the database is at %s", path)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 3, "no stray database beside the directories")
}
