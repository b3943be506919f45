package config

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
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

// ProviderNames returns the providers that have configuration blocks,
// in the catalogue's order.
func ProviderNames() []string {
	var out []string
	for _, n := range catalog.Default().Names() {
		out = append(out, string(n))
	}
	return out
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
	ds := catalog.Default().All()
	for _, d := range ds {
		s = append(s, providerSettings(d)...)
	}
	// Each provider's own settings follow all the common blocks.
	for _, d := range ds {
		for _, x := range d.Settings {
			s = append(s, extraSetting(string(d.Name), x))
		}
	}
	return append(append(append(append(s, whoopPartnerSettings()...), webhookSettings()...), publicAuthorizeSetting()), consoleSettings()...)
}

// providerField builds one WEARHOUSE_<NAME>_<SUFFIX> setting.
func providerField(name, suffix, help, dflt string, secret bool, f func(*ProviderConfig) *string) Setting {
	return Setting{
		Flag: name + "-" + strings.ReplaceAll(strings.ToLower(suffix), "_", "-"), Env: "WEARHOUSE_" + strings.ToUpper(name) + "_" + suffix,
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

// providerSettings are the settings every provider has, defaulting to
// its descriptor's endpoints and scopes.
func providerSettings(d provider.Descriptor) []Setting {
	name := string(d.Name)
	return []Setting{
		providerField(name, "API_URL", name+" API base URL", d.Endpoints.API, false, func(p *ProviderConfig) *string { return &p.APIURL }),
		providerField(name, "AUTH_URL", name+" OAuth authorize URL", d.Endpoints.Auth, false, func(p *ProviderConfig) *string { return &p.AuthURL }),
		providerField(name, "TOKEN_URL", name+" OAuth token URL", d.Endpoints.Token, false, func(p *ProviderConfig) *string { return &p.TokenURL }),
		providerField(name, "CLIENT_ID", name+" OAuth client id", "", false, func(p *ProviderConfig) *string { return &p.ClientID }),
		providerField(name, "CLIENT_SECRET", name+" OAuth client secret (also verifies its webhooks)", "", true, func(p *ProviderConfig) *string { return &p.ClientSecret }),
		providerField(name, "SCOPES", name+" OAuth scopes", d.JoinScopes(d.Scopes), false, func(p *ProviderConfig) *string { return &p.Scopes }),
		providerField(name, "RATE_LIMIT", name+" request quota as REQUESTS/DURATION[,…] (e.g. 100/1m,10000/24h); empty: the provider's published limits", "", false,
			func(p *ProviderConfig) *string { return &p.RateLimit }),
	}
}

// extraSetting is a setting the provider declares for itself, kept in
// ProviderConfig.Extra.
func extraSetting(name string, x provider.Setting) Setting {
	s := providerField(name, x.Key, x.Help, "", x.Secret, nil)
	s.set = func(c *Config, v string) error {
		pc := c.Providers[name]
		if pc.Extra == nil {
			pc.Extra = map[string]string{}
		}
		pc.Extra[x.Key] = v
		c.Providers[name] = pc
		return nil
	}
	s.get = func(c Config) string { return c.Providers[name].Extra[x.Key] }
	return s
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
