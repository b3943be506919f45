package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// backend implements engine.Backend on the two pools.
type backend struct {
	w, r  *sql.DB
	reads *stmtCache // over r
	lock  io.Closer
}

var _ engine.Backend = (*backend)(nil)

// Read returns ops on the reader pool.
func (b *backend) Read() engine.Ops { return newOps(b.reads) }

// InTx runs fn in an IMMEDIATE transaction on the writer. Queries go
// through the generated WithTx so generated and hand-built statements
// share the transaction.
func (b *backend) InTx(ctx context.Context, fn func(engine.Ops) error) (err error) {
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
	o := &ops{q: newOps(b.w).q.WithTx(tx), db: tx}
	if err := fn(o); err != nil {
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

// Ping checks both pools.
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
	_, optErr := b.w.ExecContext(context.Background(), "PRAGMA optimize")
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
