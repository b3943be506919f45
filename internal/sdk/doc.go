// Package sdk serves the Open Wearables mobile SDKs (iOS HealthKit,
// Android Health Connect and Samsung Health): the credentials they hold —
// user-scoped access tokens, rotating refresh tokens whose reuse revokes
// their family, single-use invitation codes with rate-limited redemption —
// and the mapping of their sync payloads onto wearhouse's series, sleep
// sessions and workouts, written in one transaction per batch.
package sdk
