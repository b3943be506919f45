// Package sqlite is wearhouse's embedded storage engine: store.Store on a
// single SQLite file through the pure-Go modernc driver, so a fresh
// machine needs nothing installed.
//
// Two pools share the file: a writer with one connection whose
// transactions begin IMMEDIATE (SQLite has one writer; queuing in Go
// avoids SQLITE_BUSY and lock-upgrade deadlocks) and a read-only pool that
// WAL lets run beside it. River uses the writer pool too (DB), so job
// inserts and data writes share transactions and never fight over the
// lock. One process owns a file at a time: Open takes an exclusive lock
// file beside it.
//
// The queries and rules shared with the Postgres engine live in
// store/internal/engine; this package is the driver (pools, transactions,
// a statement cache for the reader pool), the migrations, the lock file
// and backups.
package sqlite
