package postgres_test

import (
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// benchEngine measures sizes with pg_total_relation_size (heap, TOAST and
// indexes) and inserts the naive baseline with COPY in one transaction,
// Postgres's fastest bulk path.
func benchEngine() storetest.BenchEngine {
	size := func(b *testing.B, s store.Store, table string) int64 {
		var n int64
		require.NoError(b, s.(*postgres.Store).Pool().QueryRow(b.Context(),
			"SELECT pg_total_relation_size($1::regclass)", table).Scan(&n))
		return n
	}
	return storetest.BenchEngine{
		Open:        func(b *testing.B) store.Store { return storetest.NewPostgres(b) },
		SeriesBytes: func(b *testing.B, s store.Store) int64 { return size(b, s, "series_blocks") },
		NaiveBytes:  func(b *testing.B, s store.Store) int64 { return size(b, s, "naive_samples") },
		NaiveInsert: func(b *testing.B, s store.Store, dsID string, typeID int, samples []timeseries.Sample) {
			pool := s.(*postgres.Store).Pool()
			ctx := b.Context()
			_, err := pool.Exec(ctx, `CREATE TABLE IF NOT EXISTS naive_samples (
				data_source_id uuid NOT NULL, type_id integer NOT NULL, ts timestamptz NOT NULL, value double precision NOT NULL,
				PRIMARY KEY (data_source_id, type_id, ts))`)
			require.NoError(b, err)
			id := uuid.MustParse(dsID)
			rows := make([][]any, len(samples))
			for i, x := range samples {
				rows[i] = []any{id, int32(typeID), time.UnixMilli(x.T), x.V}
			}
			tx, err := pool.Begin(ctx)
			require.NoError(b, err)
			_, err = tx.CopyFrom(ctx, pgx.Identifier{"naive_samples"}, []string{"data_source_id", "type_id", "ts", "value"},
				pgx.CopyFromRows(rows))
			require.NoError(b, err)
			require.NoError(b, tx.Commit(ctx))
		},
	}
}

// BenchmarkBytesPerSample: WEARHOUSE_TEST_POSTGRES_URL=… go test -run '^$' -bench BytesPerSample -benchtime 1x ./internal/store/postgres
func BenchmarkBytesPerSample(b *testing.B) { storetest.BenchBytesPerSample(b, benchEngine()) }

// BenchmarkIngest: WEARHOUSE_TEST_POSTGRES_URL=… go test -run '^$' -bench Ingest -benchtime 3x ./internal/store/postgres
func BenchmarkIngest(b *testing.B) { storetest.BenchIngest(b, benchEngine()) }
