package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/wearhouse/wearhouse/internal/store/internal/engine"
)

// backend implements engine.Driver on a pgx pool.
type backend struct {
	pool *pgxpool.Pool
}

var _ engine.Driver = (*backend)(nil)

// Dialect is PostgreSQL's side of engine.Dialect: rows and blocks
// rewritten after a read are locked, since writers run concurrently.
func (b *backend) Dialect() engine.Dialect {
	return engine.Dialect{
		Contains: func(col, arg string) string { return "strpos(lower(" + col + "), lower(" + arg + ")) > 0" },
		JSONTrue: func(col string, keys ...string) string {
			return "coalesce((" + col + " #>> '{" + strings.Join(keys, ",") + "}') = 'true', false)"
		},
		BinaryCollation: ` COLLATE "C"`,
		ForUpdate:       " FOR UPDATE",
		// One key for the outbox ("wh-outbx"), held from the append to commit.
		OutboxLock:       "SELECT pg_advisory_xact_lock(8604177044826514040) AS locked",
		UpdateFromValues: true,
		LockKeys: func(n int) string {
			keys := make([]string, n)
			for i := range keys {
				keys[i] = fmt.Sprintf("(?%d)", i+1)
			}
			// Sorted, so two writers of overlapping days cannot deadlock.
			return "SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM (SELECT k FROM (VALUES " +
				strings.Join(keys, ", ") + ") v(k) ORDER BY k) s"
		},
	}
}

// Read returns a DB on the pool.
func (b *backend) Read() engine.DB { return pgDB{q: b.pool} }

// InTx runs fn in a READ COMMITTED transaction.
func (b *backend) InTx(ctx context.Context, fn func(engine.DB) error) (err error) {
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
	if err := fn(pgDB{q: tx}); err != nil {
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

// querier is what pgx.Tx and *pgxpool.Pool share.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// pgDB is engine.DB over pgx; it rebinds the store's ?N markers to $N.
type pgDB struct{ q querier }

// rebind turns ?N markers into $N (the store's SQL has no other '?').
func rebind(q string) string { return strings.ReplaceAll(q, "?", "$") }

// Exec implements engine.DB.
func (d pgDB) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := d.q.Exec(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

// Query implements engine.DB.
func (d pgDB) Query(ctx context.Context, query string, args ...any) (engine.Rows, error) {
	return d.q.Query(ctx, rebind(query), args...)
}

// Underlying returns the pgx.Tx (or, outside a transaction, the pool).
func (d pgDB) Underlying() any { return d.q }

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
