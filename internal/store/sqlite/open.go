package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // registers the "sqlite" database/sql driver

	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// Options configures Open.
type Options struct {
	// Path is the database file; its directory is created if missing.
	Path string
	// Box seals connection tokens at rest. Required.
	Box *secret.Box
	// Logger receives migration and lifecycle logs; nil discards them.
	Logger *slog.Logger
	// ReadConns is the size of the read pool; 0 picks max(4, NumCPU).
	ReadConns int
	// Now is the clock for stored timestamps; nil means time.Now.
	Now func() time.Time
}

// Store is the SQLite engine. It implements store.Store; Migrate and DB
// are what the composition root and the jobs package need beyond that.
type Store struct {
	*engine.Store
	be     *backend
	logger *slog.Logger
}

// basePragmas are applied on every connection of both pools; the driver
// runs busy_timeout first so the others can wait for a lock instead of
// failing. synchronous=NORMAL is durable in WAL mode except for the last
// transactions before a power loss, never corrupting.
func basePragmas() []string {
	return []string{
		"busy_timeout(10000)",
		"synchronous(NORMAL)",
		"foreign_keys(ON)",
		"temp_store(MEMORY)",
		"cache_size(-16000)",
	}
}

// dsn builds a modernc DSN for path with the given pragmas and options.
func dsn(path string, pragmas []string, extra url.Values) string {
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	for k, vs := range extra {
		q[k] = vs
	}
	return "file:" + uriPath.Replace(path) + "?" + q.Encode()
}

// uriPath escapes what a file: URI would otherwise read as its query or
// fragment: a path with '#' or '?' (a Go subtest's temporary directory,
// "TestX/SQLite#01") must not open a shorter path's database.
var uriPath = strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")

// Open opens (creating if needed) the database file at opts.Path and
// takes its lock file. It does not migrate; call Migrate.
func Open(ctx context.Context, opts Options) (*Store, error) {
	if opts.Path == "" {
		return nil, errors.New("sqlite: a database path is required")
	}
	if opts.Box == nil {
		return nil, errors.New("sqlite: a secret box is required")
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	if dir := filepath.Dir(opts.Path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("sqlite: create directory: %w", err)
		}
	}
	lock, err := lockFile(opts.Path + ".lock")
	if err != nil {
		return nil, err
	}
	be, err := openPools(ctx, opts)
	if err != nil {
		_ = lock.Close()
		return nil, err
	}
	be.lock = lock
	st, err := engine.NewStore(be, opts.Box, opts.Now)
	if err != nil {
		_ = be.Close()
		return nil, err
	}
	return &Store{Store: st, be: be, logger: logger}, nil
}

// openPools opens the writer (one connection, IMMEDIATE transactions, WAL
// set here once) and then the read-only reader pool.
func openPools(ctx context.Context, opts Options) (*backend, error) {
	w, err := sql.Open("sqlite", dsn(opts.Path, append([]string{"journal_mode(WAL)"}, basePragmas()...),
		url.Values{"_txlock": {"immediate"}}))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open writer: %w", err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	if err := w.PingContext(ctx); err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", opts.Path, err)
	}
	n := opts.ReadConns
	if n <= 0 {
		n = max(4, runtime.NumCPU())
	}
	// query_only makes an accidental write through the reader fail loudly
	// instead of racing the writer for the lock. mmap_size lets readers
	// use the OS page cache in place: each connection's own page cache is
	// small next to the file, and a pread per page missed dominated reads
	// of large databases.
	r, err := sql.Open("sqlite", dsn(opts.Path, append([]string{"query_only(1)", "mmap_size(1073741824)"}, basePragmas()...), nil))
	if err != nil {
		_ = w.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		_ = w.Close()
		_ = r.Close()
		return nil, fmt.Errorf("sqlite: open reader: %w", err)
	}
	return &backend{w: w, r: r, reads: newStmtCache(r)}, nil
}

// DB returns the writer pool (one connection). River's SQLite driver must
// use it: a second writer pool on the same file would contend for the
// lock, and sharing it lets jobs be inserted in data transactions.
func (s *Store) DB() *sql.DB { return s.be.w }

// ReadDB returns the read-only pool, for read-heavy callers (the
// benchmarks' size queries) that must not queue behind writes.
func (s *Store) ReadDB() *sql.DB { return s.be.r }
