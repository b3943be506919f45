// Package store defines wearhouse's storage seam: the Store interface that
// the SQLite (store/sqlite) and PostgreSQL (store/postgres) engines
// implement and that store/storetest checks both against.
//
// No SQL lives outside the engine packages. Callers see domain types only.
package store
