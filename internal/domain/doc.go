// Package domain holds wearhouse's normalized model: users, API keys,
// connections, data sources, sleep and workout events, daily summaries,
// health scores, raw provider documents, sync state and the change outbox.
//
// It has no I/O and imports only the standard library, so providers,
// the store and the API can all share it without depending on each other.
package domain
