// Package signing signs outgoing webhook requests the Standard Webhooks
// way (https://www.standardwebhooks.com): an HMAC-SHA256 over
// "<id>.<timestamp>.<body>" under a whsec_ secret, sent as
// webhook-id, webhook-timestamp and webhook-signature, and again under
// the svix-* names so receivers written for Svix or Open Wearables verify
// unchanged. A Signer holds one secret, or two while an endpoint's secret
// is being rotated: both sign every request, so receivers holding either
// accept it.
//
// The package does no I/O and keeps no state beyond its secrets; the
// delivery engine calls Sign once per attempt (a retry gets a fresh
// timestamp, the same id).
package signing
