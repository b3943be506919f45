package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Setting describes one configuration knob: its flag, its environment
// variable, its default and whether it is a secret. The table drives
// parsing, --print-config and the documentation test, so they cannot drift.
type Setting struct {
	Flag    string
	Env     string
	Default string
	Secret  bool
	Help    string
	set     func(*Config, string) error
	get     func(Config) string
}

// ProviderNames lists the providers that have configuration blocks.
var providerNames = [...]string{"whoop", "oura", "withings"}

// ProviderNames returns the providers that have configuration blocks.
func ProviderNames() []string { return providerNames[:] }

// providerDefaults are the real providers' endpoints.
func providerDefaults(name string) ProviderConfig {
	switch name {
	case "whoop":
		return ProviderConfig{
			APIURL:   "https://api.prod.whoop.com/developer",
			AuthURL:  "https://api.prod.whoop.com/oauth/oauth2/auth",
			TokenURL: "https://api.prod.whoop.com/oauth/oauth2/token",
			Scopes:   "offline read:profile read:body_measurement read:cycles read:recovery read:sleep read:workout",
		}
	case "oura":
		return ProviderConfig{
			APIURL:   "https://api.ouraring.com",
			AuthURL:  "https://cloud.ouraring.com/oauth/authorize",
			TokenURL: "https://api.ouraring.com/oauth/token",
			Scopes:   "email personal daily heartrate workout tag session spo2Daily",
		}
	case "withings":
		return ProviderConfig{
			APIURL:   "https://wbsapi.withings.net",
			AuthURL:  "https://account.withings.com/oauth2_user/authorize2",
			TokenURL: "https://wbsapi.withings.net/v2/oauth2",
			Scopes:   "user.info,user.metrics,user.activity,user.sleepevents",
		}
	}
	return ProviderConfig{}
}

// Settings returns the full settings table in documentation order.
func Settings() []Setting {
	s := []Setting{
		str("addr", "WEARHOUSE_ADDR", ":8080", false, "listen address of the HTTP server",
			func(c *Config) *string { return &c.Addr }),
		str("base-url", "WEARHOUSE_BASE_URL", "http://localhost:8080", false, "public URL of this server, used for OAuth callbacks and webhook URLs",
			func(c *Config) *string { return &c.BaseURL }),
		str("database-url", "WEARHOUSE_DATABASE_URL", DefaultDatabasePath, true, "SQLite file path (default) or postgres://… URL to use PostgreSQL",
			func(c *Config) *string { return &c.DatabaseURL }),
		str("secret-key", "WEARHOUSE_SECRET_KEY", "", true, "32-byte base64 key encrypting provider tokens; generated beside the SQLite file when absent, required with PostgreSQL",
			func(c *Config) *string { return &c.SecretKey }),
		str("log-level", "WEARHOUSE_LOG_LEVEL", "info", false, "debug, info, warn or error",
			func(c *Config) *string { return &c.LogLevel }),
		str("log-format", "WEARHOUSE_LOG_FORMAT", "text", false, "text or json",
			func(c *Config) *string { return &c.LogFormat }),
		{
			Flag: "max-body-bytes", Env: "WEARHOUSE_MAX_BODY_BYTES", Default: "1048576", Help: "largest accepted request body in bytes",
			set: func(c *Config, v string) error { return parseInt64(v, &c.MaxBodyBytes) },
			get: func(c Config) string { return strconv.FormatInt(c.MaxBodyBytes, 10) },
		},
		{
			Flag: "redirect-allowlist", Env: "WEARHOUSE_REDIRECT_ALLOWLIST", Default: "", Help: "comma-separated URL prefixes that OAuth redirect_uri values must start with",
			set: func(c *Config, v string) error { c.RedirectAllowlist = splitList(v); return nil },
			get: func(c Config) string { return strings.Join(c.RedirectAllowlist, ",") },
		},
		{
			Flag: "backfill-days", Env: "WEARHOUSE_BACKFILL_DAYS", Default: "90", Help: "days of history fetched when a connection is made",
			set: func(c *Config, v string) error {
				n, err := strconv.Atoi(v)
				c.BackfillDays = n
				return err
			},
			get: func(c Config) string { return strconv.Itoa(c.BackfillDays) },
		},
		{
			Flag: "sync-interval", Env: "WEARHOUSE_SYNC_INTERVAL", Default: "1h", Help: "how often each connection is pulled (spread with jitter)",
			set: func(c *Config, v string) error {
				d, err := time.ParseDuration(v)
				c.SyncInterval = d
				return err
			},
			get: func(c Config) string { return c.SyncInterval.String() },
		},
	}
	for _, p := range providerNames {
		s = append(s, providerSettings(p)...)
	}
	s = append(s,
		str("oura-personal-token", "WEARHOUSE_OURA_PERSONAL_TOKEN", "", true, "Oura personal access token for your own ring: at start wearhouse creates (or reuses) one user and Oura connection for its owner and pulls the data periodically; no OAuth app, no refresh, no webhooks",
			func(c *Config) *string { return &c.OuraPersonalToken }),
		str("oura-webhook-verification-token", "WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN", "", true, "secret Oura echoes when verifying webhook subscriptions; required to subscribe",
			func(c *Config) *string { return &c.OuraWebhookVerificationToken }),
	)
	return s
}

func providerSettings(name string) []Setting {
	def := providerDefaults(name)
	up := strings.ToUpper(name)
	field := func(suffix, help, dflt string, secret bool, f func(*ProviderConfig) *string) Setting {
		return Setting{
			Flag: name + "-" + strings.ReplaceAll(strings.ToLower(suffix), "_", "-"), Env: "WEARHOUSE_" + up + "_" + suffix,
			Default: dflt, Secret: secret, Help: help,
			set: func(c *Config, v string) error {
				pc := c.Providers[name]
				*f(&pc) = v
				c.Providers[name] = pc
				return nil
			},
			get: func(c Config) string { pc := c.Providers[name]; return *f(&pc) },
		}
	}
	return []Setting{
		field("API_URL", name+" API base URL", def.APIURL, false, func(p *ProviderConfig) *string { return &p.APIURL }),
		field("AUTH_URL", name+" OAuth authorize URL", def.AuthURL, false, func(p *ProviderConfig) *string { return &p.AuthURL }),
		field("TOKEN_URL", name+" OAuth token URL", def.TokenURL, false, func(p *ProviderConfig) *string { return &p.TokenURL }),
		field("CLIENT_ID", name+" OAuth client id", "", false, func(p *ProviderConfig) *string { return &p.ClientID }),
		field("CLIENT_SECRET", name+" OAuth client secret (also verifies its webhooks)", "", true, func(p *ProviderConfig) *string { return &p.ClientSecret }),
		field("SCOPES", name+" OAuth scopes", def.Scopes, false, func(p *ProviderConfig) *string { return &p.Scopes }),
		field("RATE_LIMIT", name+" request quota as REQUESTS/DURATION[,…] (e.g. 100/1m,10000/24h); empty: the provider's published limits", "", false,
			func(p *ProviderConfig) *string { return &p.RateLimit }),
	}
}

func str(flag, env, dflt string, secret bool, help string, f func(*Config) *string) Setting {
	return Setting{
		Flag: flag, Env: env, Default: dflt, Secret: secret, Help: help,
		set: func(c *Config, v string) error { *f(c) = v; return nil },
		get: func(c Config) string { return *f(&c) },
	}
}

func parseInt64(v string, dst *int64) error {
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return fmt.Errorf("not an integer: %q", v)
	}
	*dst = n
	return nil
}

func splitList(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
