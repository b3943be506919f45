package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// TestBackupOfLiveStore copies a database that a store holds open (lock
// file taken, as under a running server) and reads the data back from the
// copy, tokens included, with the same key.
func TestBackupOfLiveStore(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	box := storetest.NewBox(t)
	live := storetest.OpenSQLite(t, filepath.Join(dir, "wearhouse.db"), box)
	c := connect(t, live)

	dst := filepath.Join(t.TempDir(), "copy.db")
	require.NoError(t, sqlite.Backup(t.Context(), filepath.Join(dir, "wearhouse.db"), dst))
	fi, err := os.Stat(dst)
	require.NoError(t, err)
	require.Equal(t, os.FileMode(0o600), fi.Mode().Perm(), "the copy holds health data: owner only")
	_, err = os.Stat(dst + "-wal")
	require.ErrorIs(t, err, os.ErrNotExist, "the copy is one self-contained file")

	copied := storetest.OpenSQLite(t, dst, box)
	got, err := copied.ConnectionByID(t.Context(), c.ID)
	require.NoError(t, err)
	require.Equal(t, "plain-access-token-123", got.AccessToken)
	require.Equal(t, "plain-refresh-token-456", got.RefreshToken)
	u, err := copied.User(t.Context(), c.UserID)
	require.NoError(t, err)
	require.Equal(t, c.UserID, u.ID)
}

// TestBackupDuringWrites takes the copy while another goroutine keeps
// writing: the copy is a sound database holding a prefix of the writes.
func TestBackupDuringWrites(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "wearhouse.db")
	live := storetest.OpenSQLite(t, path, storetest.NewBox(t))
	const writes = 200
	started := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		for i := range writes {
			_, err := live.CreateUser(context.Background(), domain.User{})
			if err != nil {
				t.Errorf("write %d: %v", i, err)
				return
			}
			if i == writes/4 {
				close(started)
			}
		}
	})
	<-started
	dst := filepath.Join(t.TempDir(), "copy.db")
	require.NoError(t, sqlite.Backup(t.Context(), path, dst))
	wg.Wait()

	db, err := sql.Open("sqlite", "file:"+dst+"?mode=ro")
	require.NoError(t, err)
	defer db.Close()
	var check string
	require.NoError(t, db.QueryRowContext(t.Context(), "PRAGMA integrity_check").Scan(&check))
	require.Equal(t, "ok", check)
	var n int
	require.NoError(t, db.QueryRowContext(t.Context(), "SELECT count(*) FROM users").Scan(&n))
	require.GreaterOrEqual(t, n, writes/4+1)
	require.LessOrEqual(t, n, writes)
	_, total, err := live.ListUsers(t.Context(), store.UserQuery{Page: 1, Limit: 1})
	require.NoError(t, err)
	require.Equal(t, writes, total)
}

func TestBackupRefusals(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	path := filepath.Join(dir, "wearhouse.db")
	storetest.OpenSQLite(t, path, storetest.NewBox(t))
	existing := filepath.Join(dir, "taken.db")
	require.NoError(t, os.WriteFile(existing, []byte("keep me"), 0o600))

	tests := []struct {
		name, src, dst, want string
	}{
		{"destination exists", path, existing, "already exists"},
		{"no database", filepath.Join(dir, "missing.db"), filepath.Join(dir, "out.db"), "no such file"},
		{"source is a directory", dir, filepath.Join(dir, "out2.db"), "not a database file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := sqlite.Backup(t.Context(), tt.src, tt.dst)
			require.ErrorContains(t, err, tt.want)
		})
	}
	b, err := os.ReadFile(existing)
	require.NoError(t, err)
	require.Equal(t, "keep me", string(b), "an existing file is never overwritten")
	_, err = os.Stat(filepath.Join(dir, "missing.db"))
	require.ErrorIs(t, err, os.ErrNotExist, "backup never creates the source")
	_, err = os.Stat(filepath.Join(dir, "out.db"))
	require.ErrorIs(t, err, os.ErrNotExist, "a failed backup leaves no file behind")
}
