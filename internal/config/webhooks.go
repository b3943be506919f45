package config

import (
	"fmt"
	"strconv"
	"time"
)

// WebhookConfig configures outgoing webhooks and the change feed.
type WebhookConfig struct {
	// Retention is how long outbox changes (and finished messages) are
	// kept once every enabled endpoint has passed them.
	Retention time.Duration
	// AllowLoopback lets endpoints be loopback http URLs and deliveries
	// connect to loopback addresses (local receivers, tests, the demo).
	AllowLoopback bool
}

// webhookSettings are the WEARHOUSE_WEBHOOK_* settings.
func webhookSettings() []Setting {
	return []Setting{
		{
			Flag: "webhook-retention", Env: "WEARHOUSE_WEBHOOK_RETENTION", Default: "720h",
			Help: "how long the change feed and delivered webhook messages are kept once every enabled endpoint has passed them",
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				c.Webhooks.Retention = d
				return err
			},
			get: func(c Config) string { return c.Webhooks.Retention.String() },
		},
		{
			Flag: "webhook-allow-loopback", Env: "WEARHOUSE_WEBHOOK_ALLOW_LOOPBACK", Default: "false",
			Help: "allow webhook endpoints on loopback addresses over plain http (local development only; private and link-local addresses stay refused)",
			set: func(c *Config, v string) error {
				b, err := strconv.ParseBool(v)
				c.Webhooks.AllowLoopback = b
				return err
			},
			get: func(c Config) string { return strconv.FormatBool(c.Webhooks.AllowLoopback) },
		},
	}
}

// validate checks the webhook settings.
func (w WebhookConfig) validate() []error {
	if w.Retention < time.Hour {
		return []error{fmt.Errorf("WEARHOUSE_WEBHOOK_RETENTION must be at least 1h, got %s", w.Retention)}
	}
	return nil
}
