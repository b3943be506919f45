// Package engine is wearhouse's one implementation of store.Store for both
// engines: the rules (idempotent upserts with revisions and content
// hashes, the change outbox, token sealing, series-block merging) and the
// SQL that carries them out, each statement written once.
//
// Both engines store ids as text and times as integer Unix milliseconds,
// so the same SQL runs on either. An engine (store/sqlite,
// store/postgres) provides a Driver — pools, transactions and a DB that
// runs statements — and a Dialect, the handful of spellings that differ
// (a substring test, a collation, row and block locks). NewStore turns
// the Driver into a store.Store; the conformance suite (store/storetest)
// checks that both behave identically.
//
// Writes are set-based: a batch of records is one conditional
// INSERT … ON CONFLICT … DO UPDATE … WHERE … RETURNING, and a
// transaction's outbox rows are appended with one statement before it
// commits.
package engine
