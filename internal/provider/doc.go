// Package provider is the seam between wearhouse and the wearable
// providers it connects to. It defines the Provider contract every
// provider package (provider/whoop, provider/oura, provider/withings)
// implements, the Descriptor each declares once (listed by
// provider/catalog), the optional capabilities a provider may add as
// small interfaces (capability.go), a Registry of the configured ones,
// standard OAuth over golang.org/x/oauth2, and the shared HTTP Client
// they all call through: timeouts, one rate budget per provider
// application, and provider answers turned into typed errors the sync
// engine can act on (rate limited → snooze, unauthorized → refresh,
// transient → retry, rejected → give up).
//
// Providers never touch the store. They fetch raw documents page by page
// and turn each document into domain records with a pure Normalize; the
// sync engine (internal/syncer) stores both in one transaction. That split
// keeps every provider testable from golden files and lets normalization be
// replayed over stored raw documents after a fix.
package provider
