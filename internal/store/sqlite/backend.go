package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// backend implements engine.Driver on the two pools.
type backend struct {
	w, r  *sql.DB
	reads *stmtCache // over r
	lock  io.Closer
	// beside marks a store opened next to the lock holder (OpenBeside):
	// Close leaves the database's upkeep to that process.
	beside bool
}

var _ engine.Driver = (*backend)(nil)

// dialect is SQLite's side of engine.Dialect: one writer connection
// already serializes writers, so nothing is locked.
func dialect() engine.Dialect {
	return engine.Dialect{
		Contains: func(col, arg string) string { return "instr(lower(" + col + "), lower(" + arg + ")) > 0" },
		// json_extract reads JSON true as 1.
		JSONTrue: func(col string, keys ...string) string {
			return "coalesce(json_extract(" + col + ", '$." + strings.Join(keys, ".") + "'), 0) = 1"
		},
		Borrow: func() (any, func() []byte) {
			b := new(sql.RawBytes)
			return b, func() []byte { return *b }
		},
	}
}

// Dialect implements engine.Driver.
func (b *backend) Dialect() engine.Dialect { return dialect() }

// Read returns the reader pool through its statement cache.
func (b *backend) Read() engine.DB { return sqlDB{q: b.reads} }

// InTx runs fn in an IMMEDIATE transaction on the writer.
func (b *backend) InTx(ctx context.Context, fn func(engine.DB) error) (err error) {
	tx, err := b.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlite: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback()
			panic(p)
		}
	}()
	if err := fn(sqlDB{q: tx}); err != nil {
		if rbErr := tx.Rollback(); rbErr != nil && !errors.Is(rbErr, sql.ErrTxDone) {
			return errors.Join(err, fmt.Errorf("sqlite: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlite: commit: %w", err)
	}
	return nil
}

// querier is what *sql.Tx and the statement cache share.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// sqlDB is engine.DB over database/sql. The store's ?N markers are
// SQLite's own, so statements run as written.
type sqlDB struct{ q querier }

// Exec implements engine.DB.
func (d sqlDB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := d.q.ExecContext(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// Query implements engine.DB.
func (d sqlDB) Query(ctx context.Context, query string, args ...any) (engine.Rows, error) {
	rows, err := d.q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

// Underlying returns the *sql.Tx (or, outside a transaction, the reader
// pool's statement cache).
func (d sqlDB) Underlying() any { return d.q }

// sqlRows adapts *sql.Rows; Close's error repeats what Err reports.
type sqlRows struct{ *sql.Rows }

// Close implements engine.Rows.
func (r sqlRows) Close() { _ = r.Rows.Close() }

// Ping checks the reader pool.
func (b *backend) Ping(ctx context.Context) error {
	if err := b.r.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlite: ping: %w", err)
	}
	return nil
}

// Engine names the engine.
func (b *backend) Engine() string { return "sqlite" }

// Close runs PRAGMA optimize (cheap, keeps the planner's statistics
// fresh), closes both pools and releases the lock file.
func (b *backend) Close() error {
	var optErr error
	if !b.beside {
		_, optErr = b.w.ExecContext(context.Background(), "PRAGMA optimize")
	}
	b.reads.Close()
	errs := []error{b.r.Close(), b.w.Close()}
	if b.lock != nil {
		errs = append(errs, b.lock.Close())
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	_ = optErr // advisory only; a failure must not fail Close
	return nil
}
