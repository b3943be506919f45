// Package imports loads device data into the store: the Health app's
// export, streamed, and — through the same Batch writer — the mobile
// SDKs' uploads (package sdk). Every writing app and device is its own
// data source; samples are keyed by data source, type and instant, sleep
// fragments are merged into sessions per night and per source, workouts
// are keyed by start and type, so a second import of the same file or a
// retried upload stores nothing new. A batch is written in one
// transaction; an import stops at the first malformed element with its
// byte offset, having stored only the whole elements before it.
package imports
