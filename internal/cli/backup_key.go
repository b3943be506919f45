package cli

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/server"
)

// keyCopy is the secret-key half of a backup: the generated key file
// copied beside the database copy, under the same name, so pointing
// WEARHOUSE_DATABASE_URL at the copy opens it with its key. When there is
// no file to copy, note says what the operator must keep instead.
type keyCopy struct {
	dst     string
	content []byte // nil: nothing to write
	note    string
}

// planKeyCopy decides the key copy before anything is written, so a
// conflicting key file stops the backup before it starts.
func planKeyCopy(cfg config.Config, dbDst string) (keyCopy, error) {
	if cfg.SecretKey != "" {
		return keyCopy{note: "the secret key is set by WEARHOUSE_SECRET_KEY, not kept in a file: store it with this backup; provider tokens cannot be read without it"}, nil
	}
	src := server.SecretKeyPath(cfg)
	dst := filepath.Join(filepath.Dir(dbDst), filepath.Base(src))
	content, err := os.ReadFile(src)
	if errors.Is(err, os.ErrNotExist) {
		return keyCopy{note: fmt.Sprintf("no secret key at %s: the copy's provider tokens open only with the key the server used", src)}, nil
	}
	if err != nil {
		return keyCopy{}, fmt.Errorf("backup: read secret key: %w", err)
	}
	existing, err := os.ReadFile(dst)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return keyCopy{dst: dst, content: content}, nil
	case err != nil:
		return keyCopy{}, fmt.Errorf("backup: read %s: %w", dst, err)
	case bytes.Equal(existing, content):
		return keyCopy{dst: dst}, nil // an earlier backup (or the data directory itself) already holds this key
	default:
		return keyCopy{}, fmt.Errorf("backup: %s holds a different secret key; back up into another directory", dst)
	}
}

// write creates the key file with mode 0600.
func (k keyCopy) write() error {
	if k.content == nil {
		return nil
	}
	f, err := os.OpenFile(k.dst, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("write secret key: %w", err)
	}
	if _, err := f.Write(k.content); err != nil {
		_ = f.Close()
		return fmt.Errorf("write secret key: %w", err)
	}
	if err := f.Sync(); err != nil {
		_ = f.Close()
		return fmt.Errorf("write secret key: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write secret key: %w", err)
	}
	return nil
}
