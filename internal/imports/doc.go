// Package imports loads the files people export from their devices into
// the store, streamed: the Apple Health export first. An import is
// idempotent — samples are keyed by data source, type and instant, so a
// second import of the same file stores nothing new — and stops at the
// first malformed element with its byte offset, having stored only the
// whole elements before it.
package imports
