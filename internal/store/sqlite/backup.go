package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
)

// Backup writes a consistent copy of the SQLite database at path to dst
// with VACUUM INTO, while a wearhouse server may be running on it: the
// copy is one read transaction's snapshot (WAL lets it run beside the
// server's writer), so it never holds half of a write. Backup does not
// take the database's lock file and never creates or migrates path.
//
// dst must not exist; it is created with mode 0600 (it holds users'
// health data and their sealed provider tokens) and removed again if the
// copy fails. The copy is a complete database file with no -wal beside it.
func Backup(ctx context.Context, path, dst string) (err error) {
	if fi, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("sqlite: backup: no database at %s: %w", path, err)
	} else if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("sqlite: backup: %s is not a database file", path)
	}
	f, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, os.ErrExist) {
		return fmt.Errorf("sqlite: backup: %s already exists; choose a new file", dst)
	}
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	defer func() {
		if err != nil {
			_ = os.Remove(dst)
		}
	}()
	// mode=rw opens an existing file only; the busy timeout waits out a
	// checkpoint instead of failing.
	db, err := sql.Open("sqlite", dsn(path, []string{"busy_timeout(10000)"}, url.Values{"mode": {"rw"}}))
	if err != nil {
		return fmt.Errorf("sqlite: backup: open %s: %w", path, err)
	}
	defer db.Close()
	// VACUUM INTO accepts the empty file created above and keeps its mode.
	if _, err := db.ExecContext(ctx, "VACUUM INTO ?", dst); err != nil {
		return fmt.Errorf("sqlite: backup %s into %s: %w", path, dst, err)
	}
	return syncFile(dst)
}

// syncFile flushes a finished copy to stable storage, so a backup that
// reported success survives a power loss right after.
func syncFile(path string) error {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("sqlite: backup: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlite: backup: %w", err)
	}
	return nil
}
