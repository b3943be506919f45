// Package oauthflow connects users' provider accounts and keeps their
// tokens alive.
//
// Connecting: Authorize checks the caller's redirect_uri against the
// allowlist, stores a single-use state (15 minutes, with the PKCE verifier
// where the provider takes one) and returns the provider's authorization
// URL; Callback takes the state back, exchanges the code, reads the
// provider's user id (from the token answer when the provider names it
// there), stores the connection (tokens are sealed by the
// store) and triggers the backfill. Connect links let an end user start
// that flow without the API key: a signed, expiring token bound to one
// user.
//
// Token lifecycle: Token returns a usable access token, refreshing it
// shortly before it expires; Refresh forces one after a 401. Refreshes are
// single-flight per connection in a process (singleflight) and across
// replicas (a lease row plus the token-version compare-and-swap), because
// providers such as WHOOP rotate refresh tokens: two refreshes racing with
// the same refresh token would revoke a healthy connection. A refresh the
// provider rejects marks the connection revoked with the reason. WithToken
// is the protocol every caller of a provider follows on top of them (the
// syncer, the server's per-connection upkeep): a valid token, and on 401
// one forced refresh and one retry.
package oauthflow
