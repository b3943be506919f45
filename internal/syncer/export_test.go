package syncer

// WebhookRunID exposes webhookRunID to the external tests, which play a
// dead attempt's run.
var WebhookRunID = webhookRunID
