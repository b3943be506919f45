package cli

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"

	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
)

// benchStoreOptions says where a benchmark keeps its data.
type benchStoreOptions struct {
	// URL selects PostgreSQL; empty means SQLite.
	URL string
	// Schema is a Postgres schema that is kept after the run (and reused
	// by the next); empty means a scratch schema dropped at exit.
	Schema string
	// Dir is a directory for the SQLite file that is kept after the run;
	// empty means a temporary directory removed at exit.
	Dir string
}

var schemaName = regexp.MustCompile(`^[a-z_][a-z0-9_]{0,62}$`)

// benchStore opens a scratch store for one run: a temporary SQLite file,
// or a temporary schema of the Postgres database at url.
func benchStore(ctx context.Context, url string) (store.Store, func(), error) {
	return openBenchStore(ctx, benchStoreOptions{URL: url})
}

// openBenchStore opens and migrates a benchmark store: a SQLite file, or
// a schema of the Postgres database at URL, so a benchmark never writes
// into the schema a URL would otherwise select. Temporary files and
// schemas are removed by the returned cleanup.
func openBenchStore(ctx context.Context, o benchStoreOptions) (store.Store, func(), error) {
	box, err := secret.NewBox(make([]byte, secret.KeySize))
	if err != nil {
		return nil, nil, err
	}
	if o.URL != "" {
		return benchPostgres(ctx, o, box)
	}
	dir, keep := o.Dir, o.Dir != ""
	if !keep {
		if dir, err = os.MkdirTemp("", "wearhouse-bench-"); err != nil {
			return nil, nil, err
		}
	}
	remove := func() {
		if !keep {
			_ = os.RemoveAll(dir)
		}
	}
	s, err := sqlite.Open(ctx, sqlite.Options{Path: filepath.Join(dir, "bench.db"), Box: box})
	if err != nil {
		remove()
		return nil, nil, err
	}
	if err := s.Migrate(ctx); err != nil {
		_ = s.Close()
		remove()
		return nil, nil, err
	}
	return s, func() { _ = s.Close(); remove() }, nil
}

func benchPostgres(ctx context.Context, o benchStoreOptions, box *secret.Box) (store.Store, func(), error) {
	schema, keep := o.Schema, o.Schema != ""
	if !keep {
		b := make([]byte, 6)
		_, _ = rand.Read(b)
		schema = "wearhouse_bench_" + hex.EncodeToString(b)
	}
	if !schemaName.MatchString(schema) {
		return nil, nil, fmt.Errorf("%w: -schema must be a lower-case identifier", errUsage)
	}
	admin, err := postgres.Open(ctx, postgres.Options{URL: o.URL, Box: box, MaxConns: 1})
	if err != nil {
		return nil, nil, err
	}
	defer admin.Close()
	if _, err := admin.Pool().Exec(ctx, "CREATE SCHEMA IF NOT EXISTS "+schema); err != nil {
		return nil, nil, fmt.Errorf("bench: create schema %s: %w", schema, err)
	}
	drop := func() {
		if keep {
			return
		}
		a, err := postgres.Open(context.Background(), postgres.Options{URL: o.URL, Box: box, MaxConns: 1})
		if err != nil {
			return
		}
		defer a.Close()
		_, _ = a.Pool().Exec(context.Background(), "DROP SCHEMA IF EXISTS "+schema+" CASCADE")
	}
	u, err := url.Parse(o.URL)
	if err != nil {
		drop()
		return nil, nil, fmt.Errorf("bench: parse database url: %w", err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	s, err := postgres.Open(ctx, postgres.Options{URL: u.String(), Box: box})
	if err == nil {
		if err = s.Migrate(ctx); err != nil {
			_ = s.Close()
		}
	}
	if err != nil {
		drop()
		return nil, nil, fmt.Errorf("bench: open schema %s: %w", schema, err)
	}
	return s, func() { _ = s.Close(); drop() }, nil
}
