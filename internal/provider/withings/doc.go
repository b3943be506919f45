// Package withings is wearhouse's Withings connector: OAuth with
// action=requesttoken and rotating refresh tokens, every public data
// service (measure getmeas, v2/measure getactivity, getintradayactivity and
// getworkouts, v2/sleep getsummary and get, v2/heart list and get, v2/user
// getdevice), notification subscriptions with their callback, and the pure
// normalization of what those services return into domain records.
//
// Withings is an RPC API: every call is a form POST with an action
// parameter, and every answer is HTTP 200 with a {status, body} envelope
// whose non-zero status is the error (status.go maps each documented
// family to the provider package's typed errors). Measures travel as
// integers with a power of ten (value × 10^unit) and are decoded exactly.
//
// The wire types here are written from the Withings OpenAPI seed
// (../shared/seeds/003_…) independently of internal/simulator/withings,
// so that a misreading in one is caught by the other. Field-by-field
// mapping, units and formulas: docs/providers/withings.md.
package withings

// Withings names time zones (IANA) rather than offsets; a static binary in
// a scratch container has no zoneinfo, so the database is embedded.
import _ "time/tzdata"
