// Package storetest is the conformance suite every store.Store engine must
// pass, and the helpers other packages use to get a real store in tests.
//
// Run specifies each storage behaviour once — idempotent upserts, revision
// ordering, tombstones, the transactional outbox, token sealing,
// optimistic token versions, keyset paging, series-block merging and
// corruption handling — and the engine packages call it, so SQLite and
// Postgres cannot drift apart. NewSQLite always works; NewPostgres skips
// unless WEARHOUSE_TEST_POSTGRES_URL is set, and gives each test its own
// schema.
package storetest
