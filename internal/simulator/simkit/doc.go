// Package simkit is the machinery the provider simulators share: a clock
// that tests can set, an OAuth authorization-code/token store with rotating
// refresh tokens, fixed-window rate limiting per app, fault injection per
// route, request counters, a small admin API under /_sim/ and a webhook
// sender.
//
// It knows nothing about any provider's wire format: each simulator renders
// its own error bodies and signs its own webhooks, and uses simkit only for
// behaviour that is the same everywhere.
package simkit
