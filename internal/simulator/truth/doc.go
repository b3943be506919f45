// Package truth generates the deterministic synthetic "ground truth" that
// every provider simulator renders: one simulated person per user with a
// profile and, per local day, sleeps with 30-second hypnograms, workouts,
// body measurements, heart rate at 1 Hz, HRV, SpO2, skin temperature, steps
// and energy by minute, and provider-style scores (WHOOP and Oura).
//
// The truth is provider-neutral on purpose: durations are time.Duration,
// energy is kilojoules, distances are metres and temperatures degrees
// Celsius. Each simulator converts to its provider's wire format, so a
// connector test can compare what it stored with what the truth says.
//
// Everything is a pure function of Options.Seed and the sequence of
// Advance calls, so a failing test reproduces exactly. Dense series (heart
// rate, per-minute activity) are computed on demand from hashes of the
// seed and the timestamp instead of being stored, which keeps a 90-day,
// many-user world small in memory.
//
// # Time model
//
// A World has a current time (Now). Records exist in the truth ahead of
// Now, but queries only return what a provider would already show at Now:
// a record appears once its CreatedAt has passed (its end plus an upload
// delay), stays PENDING_SCORE until it is scored, and may later be deleted.
// Advance moves Now forward, generates new days as needed and reports the
// resulting Changes so simulators can fire webhooks.
//
// # Concurrency
//
// World and Person methods are safe for concurrent use; Advance takes an
// exclusive lock while queries share a read lock. Returned records are
// copies (slices inside them are shared and must not be modified).
package truth
