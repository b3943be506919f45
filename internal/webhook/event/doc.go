// Package event names and renders outgoing-webhook events: which event a
// change of the outbox is (Open Wearables' names where they exist:
// sleep.created, workout.created, connection.created, sync.completed,
// series.<type>.created …, extended with .updated and .deleted) and the
// signed body it is sent as. A record's data is rendered by the REST
// API's own renderer (api.RenderRecord), so a payload never differs from
// what the route serves.
package event
