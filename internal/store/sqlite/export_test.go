package sqlite

import (
	"context"
	"io/fs"

	"github.com/pressly/goose/v3"
)

// MigrateUpTo applies wearhouse's migrations up to version only, to build
// a database as an older wearhouse left it.
func (s *Store) MigrateUpTo(ctx context.Context, version int64) error {
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		return err
	}
	p, err := goose.NewProvider(goose.DialectSQLite3, s.be.w, sub)
	if err != nil {
		return err
	}
	_, err = p.UpTo(ctx, version)
	return err
}
