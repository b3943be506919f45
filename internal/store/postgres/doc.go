// Package postgres is wearhouse's scale-out storage engine: store.Store on
// PostgreSQL through pgx's pool. Many wearhouse replicas can share one
// database: migrations run under an advisory lock, River coordinates jobs
// through it, and every rule lives in SQL transactions rather than in one
// process's memory.
//
// The queries and rules shared with the SQLite engine live in
// store/internal/engine; this package is the driver (a pgx pool, ?N
// markers rebound to $N, advisory and row locks) and the migrations,
// which convert a database created before 00004 (uuid ids, timestamptz
// times) to the shared representation.
package postgres
