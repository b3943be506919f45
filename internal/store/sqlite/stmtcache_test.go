package sqlite

import (
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStmtCache(t *testing.T) {
	t.Parallel()
	db, err := sql.Open("sqlite", dsn(filepath.Join(t.TempDir(), "c.db"), basePragmas(), nil))
	require.NoError(t, err)
	t.Cleanup(func() { _ = db.Close() })
	c := newStmtCache(db)
	t.Cleanup(c.Close)
	tests := []struct {
		name   string
		query  func(i int) string
		cached int
	}{
		{name: "SameTextIsPreparedOnce", query: func(int) string { return "SELECT ?1 + 1" }, cached: 1},
		{name: "CapIsKept", query: func(i int) string { return fmt.Sprintf("SELECT ?1 + %d", i) }, cached: maxCachedStmts},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c := newStmtCache(db)
			defer c.Close()
			for i := range maxCachedStmts + 10 {
				var got int
				require.NoError(t, c.QueryRowContext(t.Context(), tc.query(i), 41).Scan(&got))
				rows, err := c.QueryContext(t.Context(), tc.query(i), 41)
				require.NoError(t, err)
				require.NoError(t, rows.Close())
			}
			require.Len(t, c.stmts, tc.cached)
		})
	}
	_, err = c.QueryContext(t.Context(), "SELEC nonsense")
	require.Error(t, err, "a statement that does not prepare still reports its error")
}
