package sqlite_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestPathsWithURICharacters opens databases whose paths hold the
// characters a SQLite URI gives a meaning ("#", "?", "%"): each is the
// file at that exact path, and two such paths are two databases.
func TestPathsWithURICharacters(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	for _, dir := range []string{"C#", "C#01", "what?x=1", "100%25"} {
		path := filepath.Join(root, dir, "wearhouse.db")
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o700))
		s := storetest.OpenSQLite(t, path, storetest.NewBox(t))
		require.NoError(t, s.Close())
		_, err := os.Stat(path)
		require.NoError(t, err, "the database is at %s", path)
	}
	entries, err := os.ReadDir(root)
	require.NoError(t, err)
	for _, e := range entries {
		require.True(t, e.IsDir(), "no stray file %s beside the directories", e.Name())
	}
}
