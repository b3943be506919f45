package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
)

// backend implements engine.Backend on a pgx pool.
type backend struct {
	pool *pgxpool.Pool
}

var _ engine.Backend = (*backend)(nil)

// Read returns ops on the pool.
func (b *backend) Read() engine.Ops { return newOps(b.pool) }

// InTx runs fn in a READ COMMITTED transaction. Queries go through the
// generated WithTx so generated and hand-built statements share it.
func (b *backend) InTx(ctx context.Context, fn func(engine.Ops) error) (err error) {
	tx, err := b.pool.BeginTx(ctx, pgx.TxOptions{})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			_ = tx.Rollback(context.WithoutCancel(ctx))
			panic(p)
		}
	}()
	o := &ops{q: pgdb.New(b.pool).WithTx(tx), db: tx}
	if err := fn(o); err != nil {
		if rbErr := tx.Rollback(context.WithoutCancel(ctx)); rbErr != nil && !errors.Is(rbErr, pgx.ErrTxClosed) {
			return errors.Join(err, fmt.Errorf("postgres: rollback: %w", rbErr))
		}
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", err)
	}
	return nil
}

// Ping checks the server answers.
func (b *backend) Ping(ctx context.Context) error {
	if err := b.pool.Ping(ctx); err != nil {
		return fmt.Errorf("postgres: ping: %w", err)
	}
	return nil
}

// Engine names the engine.
func (b *backend) Engine() string { return "postgres" }

// Close closes the pool, waiting for connections in use to be released.
func (b *backend) Close() error {
	b.pool.Close()
	return nil
}
