//go:build !unix

package sqlite

import (
	"errors"
	"fmt"
	"io"
	"os"
)

// lockFile creates path exclusively where flock is unavailable. Unlike the
// Unix lock it survives a crash; delete the file by hand after one.
func lockFile(path string) (io.Closer, error) {
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		if errors.Is(err, os.ErrExist) {
			return nil, fmt.Errorf("%w: %s exists: another wearhouse process may be using the database", ErrLocked, path)
		}
		return nil, fmt.Errorf("sqlite: lock %s: %w", path, err)
	}
	return removeOnClose{f}, nil
}

// removeOnClose deletes the lock file when released.
type removeOnClose struct{ *os.File }

// Close releases the lock.
func (r removeOnClose) Close() error {
	name := r.Name()
	if err := r.File.Close(); err != nil {
		return err
	}
	return os.Remove(name)
}
