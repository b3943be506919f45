// Package delivery sends outgoing webhooks: it turns the store's changes
// outbox into signed messages per endpoint and delivers them at least
// once, in change order per user and endpoint, on the Standard Webhooks
// retry schedule. One pass of one endpoint (Engine.Pass) runs inside a
// River job unique per endpoint, so replicas never deliver an endpoint's
// messages at the same time and a killed process's pass is taken over
// through the job's lease; the Dispatcher enqueues those jobs when the
// outbox grows or a retry falls due. The network side refuses private,
// loopback and link-local addresses at connect time (guard.go).
package delivery
