// Package engine holds the storage semantics both wearhouse engines share:
// idempotent upserts with revisions and content hashes, the change outbox,
// token sealing, series-block merging and the dynamic SQL both dialects
// build the same way.
//
// An engine (store/sqlite, store/postgres) implements Ops — plain row
// access over its sqlc-generated queries — and Backend — pools and
// transactions. NewStore turns those into a store.Store. Keeping the rules
// here, written once, is what makes the two engines behave identically;
// the conformance suite (store/storetest) checks that they do.
package engine
