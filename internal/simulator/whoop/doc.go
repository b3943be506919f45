// Package whoop simulates the WHOOP developer API v2 over a truth.World:
// OAuth (authorize, token with authorization_code and rotating
// refresh_token grants), the profile, body-measurement, cycle, sleep,
// recovery and workout routes with WHOOP's paging (limit ≤ 25, nextToken /
// next_token, newest first), per-app rate limits with 429 + Retry-After,
// and webhooks signed the way WHOOP signs them.
//
// The wire types here are written from the WHOOP seed documents (seed 000
// and 001) independently of internal/provider/whoop on purpose: the two
// must agree through the wire alone, so a misreading in one shows up as a
// failing test instead of being shared.
//
// Routes mirror the real hosts' paths so that only base URLs change:
//
//	GET  /oauth/oauth2/auth                   authorize (redirects back with code and state)
//	POST /oauth/oauth2/token                  token (authorization_code, refresh_token)
//	GET  /developer/v2/user/profile/basic     profile
//	GET  /developer/v2/user/measurement/body  body measurement
//	DELETE /developer/v2/user/access          revoke the app's access
//	GET  /developer/v2/cycle[/{cycleId}[/sleep|/recovery]]
//	GET  /developer/v2/recovery
//	GET  /developer/v2/activity/sleep[/{sleepId}[/stream]]
//	GET  /developer/v2/activity/workout[/{workoutId}]
//
// The lab partner API (WHOOP Trusted Partner API) has its own
// client-credentials token and seeded lab orders, one per person, owned by
// the configured partners in turn; a partner sees only its own (404 on
// reads, 403 on writes):
//
//	POST  /developer/v2/partner/token                       JSON body, not a form
//	GET   /developer/v2/partner/requisition/{id}
//	PATCH /developer/v2/partner/requisition/{id}/status
//	GET   /developer/v2/partner/service-request/{id}
//	PATCH /developer/v2/partner/service-request/{id}/status
//	POST  /developer/v2/partner/service-request/{id}/results
//
// plus the simkit admin API under /_sim/.
package whoop
