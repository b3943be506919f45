package sqlite_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// benchEngine measures sizes with dbstat (pages actually used by a table
// and its indexes, overflow pages included) and inserts the naive
// baseline with one prepared statement in one transaction.
func benchEngine() storetest.BenchEngine {
	size := func(b *testing.B, s store.Store, names ...any) int64 {
		var n int64
		q := "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN (?, ?)"
		require.NoError(b, s.(*sqlite.Store).DB().QueryRowContext(b.Context(), q, names...).Scan(&n))
		return n
	}
	return storetest.BenchEngine{
		Open: func(b *testing.B) store.Store { return storetest.NewSQLite(b) },
		SeriesBytes: func(b *testing.B, s store.Store) int64 {
			return size(b, s, "series_blocks", "series_blocks_user_day_idx")
		},
		NaiveBytes: func(b *testing.B, s store.Store) int64 {
			return size(b, s, "naive_samples", "sqlite_autoindex_naive_samples_1")
		},
		NaiveInsert: func(b *testing.B, s store.Store, dsID string, typeID int, samples []timeseries.Sample) {
			db := s.(*sqlite.Store).DB()
			ctx := b.Context()
			_, err := db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS naive_samples (
				data_source_id TEXT NOT NULL, type_id INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
				PRIMARY KEY (data_source_id, type_id, ts))`)
			require.NoError(b, err)
			tx, err := db.BeginTx(ctx, nil)
			require.NoError(b, err)
			stmt, err := tx.PrepareContext(ctx, "INSERT INTO naive_samples (data_source_id, type_id, ts, value) VALUES (?, ?, ?, ?)")
			require.NoError(b, err)
			for _, x := range samples {
				_, err := stmt.ExecContext(ctx, dsID, typeID, x.T, x.V)
				require.NoError(b, err)
			}
			require.NoError(b, stmt.Close())
			require.NoError(b, tx.Commit())
		},
	}
}

// BenchmarkBytesPerSample: go test -run '^$' -bench BytesPerSample -benchtime 1x ./internal/store/sqlite
func BenchmarkBytesPerSample(b *testing.B) { storetest.BenchBytesPerSample(b, benchEngine()) }

// BenchmarkIngest: go test -run '^$' -bench Ingest -benchtime 3x ./internal/store/sqlite
func BenchmarkIngest(b *testing.B) { storetest.BenchIngest(b, benchEngine()) }
