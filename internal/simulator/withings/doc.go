// Package withings is a faithful fake of the Withings public health-data
// API, rendered from the simulator's synthetic ground truth
// (internal/simulator/truth).
//
// It serves the two Withings hosts from one handler: the account host's
// authorize page (/oauth2_user/authorize2) and the API host's services
// (/v2/oauth2, /measure, /v2/measure, /v2/sleep, /v2/heart, /v2/user and
// /notify). Like the real API it answers HTTP 200 with a {status, body}
// envelope whose non-zero status carries the error, takes every parameter
// from the query string or a form-encoded body, encodes measures as
// value × 10^unit, pages with offset/more, rate-limits per application with
// status 601, and POSTs form-encoded notifications to subscribed callback
// URLs after probing them with HEAD.
//
// The wire types here are written from the Withings OpenAPI seed
// (../shared/seeds/003_…) and must never be shared with the connector in
// internal/provider/withings: two independent readings of the seed catch
// each other's mistakes.
//
// # What the truth does not have
//
// The truth is provider-neutral and lacks a few things Withings reports.
// They are derived here deterministically from the world seed, the person
// and the day (derive.go, devices.go, measures.go, nightly.go, heart.go):
// devices and their ids, extra body-composition
// measures (extracellular/intracellular water, visceral fat, basal metabolic
// rate, pulse-wave velocity, vascular age), nightly SpO2 and skin-temperature
// spot measures, snoring and breathing metrics of a night, floors climbed,
// intraday SpO2 and respiration, and ECG recordings with their signals.
package withings
