// Package config builds wearhouse's one validated Config from flags and
// WEARHOUSE_* environment variables. Flags win over the environment, the
// environment wins over defaults. There is no global configuration: the
// CLI builds a Config once and passes it to constructors.
package config

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"
)

// Engine names a storage engine.
type Engine string

// Storage engines.
const (
	EngineSQLite   Engine = "sqlite"
	EnginePostgres Engine = "postgres"
)

// DefaultDatabasePath is the embedded default: a SQLite file.
const DefaultDatabasePath = "./data/wearhouse.db"

// Config is the whole runtime configuration of one process.
type Config struct {
	Addr              string
	BaseURL           string
	DatabaseURL       string
	SecretKey         string
	LogLevel          string
	LogFormat         string
	MaxBodyBytes      int64
	RedirectAllowlist []string
	BackfillDays      int
	SyncInterval      time.Duration
	// Providers holds each catalogued provider's block by name.
	Providers map[string]ProviderConfig
	// WhoopPartner holds the WHOOP lab partner credentials (whooplabs.go).
	WhoopPartner WhoopPartnerConfig
	// PublicAuthorize opens the authorize route as Open Wearables does
	// (authorize.go).
	PublicAuthorize bool
	// Webhooks configures outgoing webhooks and the change feed (webhooks.go).
	Webhooks WebhookConfig
	// AppName is shown to end users on the hosted connect page.
	AppName string
}

// ProviderConfig holds one provider application's endpoints and
// credentials. URLs default to the real provider; tests and the demo point
// them at the simulators.
type ProviderConfig struct {
	APIURL       string
	AuthURL      string
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       string
	// RateLimit overrides the provider's published quota (see
	// ParseRateLimit); empty keeps the default.
	RateLimit string
	// Extra holds the provider's own settings (provider.Descriptor's
	// Settings) by key, such as Oura's PERSONAL_TOKEN.
	Extra map[string]string
}

// Configured reports whether the provider has client credentials.
func (p ProviderConfig) Configured() bool { return p.ClientID != "" && p.ClientSecret != "" }

// Engine reports which storage engine DatabaseURL selects.
func (c Config) Engine() Engine {
	u := strings.ToLower(c.DatabaseURL)
	if strings.HasPrefix(u, "postgres://") || strings.HasPrefix(u, "postgresql://") {
		return EnginePostgres
	}
	return EngineSQLite
}

// SQLitePath is the database file path for the SQLite engine. It accepts a
// bare path or a sqlite:// / file: URL.
func (c Config) SQLitePath() string {
	p := c.DatabaseURL
	for _, prefix := range []string{"sqlite://", "sqlite:", "file:"} {
		if strings.HasPrefix(p, prefix) {
			p = strings.TrimPrefix(p, prefix)
			break
		}
	}
	if i := strings.IndexByte(p, '?'); i >= 0 {
		p = p[:i]
	}
	return filepath.Clean(p)
}

// Validate returns every problem at once, so a misconfigured deployment
// is fixed in one round.
func (c Config) Validate() error {
	var errs []error
	if c.Addr == "" {
		errs = append(errs, errors.New("WEARHOUSE_ADDR must not be empty"))
	}
	if u, err := url.Parse(c.BaseURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("WEARHOUSE_BASE_URL must be an absolute http(s) URL, got %q", c.BaseURL))
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("WEARHOUSE_DATABASE_URL must not be empty"))
	}
	if c.Engine() == EnginePostgres && c.SecretKey == "" {
		errs = append(errs, errors.New("WEARHOUSE_SECRET_KEY is required with PostgreSQL: replicas must share one key"))
	}
	if c.MaxBodyBytes < 1024 {
		errs = append(errs, fmt.Errorf("WEARHOUSE_MAX_BODY_BYTES must be at least 1024, got %d", c.MaxBodyBytes))
	}
	if c.BackfillDays < 1 || c.BackfillDays > 3650 {
		errs = append(errs, fmt.Errorf("WEARHOUSE_BACKFILL_DAYS must be 1..3650, got %d", c.BackfillDays))
	}
	if c.SyncInterval < time.Minute {
		errs = append(errs, fmt.Errorf("WEARHOUSE_SYNC_INTERVAL must be at least 1m, got %s", c.SyncInterval))
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		errs = append(errs, fmt.Errorf("WEARHOUSE_LOG_LEVEL must be debug|info|warn|error, got %q", c.LogLevel))
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		errs = append(errs, fmt.Errorf("WEARHOUSE_LOG_FORMAT must be text|json, got %q", c.LogFormat))
	}
	for _, name := range ProviderNames() {
		if _, err := ParseRateLimit(c.Providers[name].RateLimit); err != nil {
			errs = append(errs, fmt.Errorf("WEARHOUSE_%s_RATE_LIMIT: %w", strings.ToUpper(name), err))
		}
	}
	for _, r := range c.RedirectAllowlist {
		if u, err := url.Parse(r); err != nil || u.Scheme == "" || u.Host == "" {
			errs = append(errs, fmt.Errorf("WEARHOUSE_REDIRECT_ALLOWLIST entry %q is not an absolute URL", r))
		}
	}
	errs = append(errs, c.WhoopPartner.validate()...)
	errs = append(errs, c.Webhooks.validate()...)
	return errors.Join(errs...)
}
