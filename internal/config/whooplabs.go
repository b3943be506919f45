package config

import (
	"errors"
	"fmt"
	"net/url"

	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
)

// WhoopPartnerConfig holds the WHOOP lab partner credentials (WHOOP
// Advanced Labs, issue 19). They are an application of their own at
// WHOOP, separate from the OAuth app members connect through, so they
// have their own block rather than living in Providers["whoop"].
type WhoopPartnerConfig struct {
	APIURL       string
	ClientID     string
	ClientSecret string
}

// Configured reports whether both partner credentials are set.
func (p WhoopPartnerConfig) Configured() bool { return p.ClientID != "" && p.ClientSecret != "" }

// whoopPartnerSettings are the WEARHOUSE_WHOOP_PARTNER_* settings.
func whoopPartnerSettings() []Setting {
	return []Setting{
		str("whoop-partner-api-url", "WEARHOUSE_WHOOP_PARTNER_API_URL", whooplabs.DefaultBaseURL, false,
			"WHOOP lab partner API base URL (the /v2/partner/… routes live under it)",
			func(c *Config) *string { return &c.WhoopPartner.APIURL }),
		str("whoop-partner-client-id", "WEARHOUSE_WHOOP_PARTNER_CLIENT_ID", "", false,
			"WHOOP lab partner client id; with the secret it enables the /api/v1/labs/whoop/… routes",
			func(c *Config) *string { return &c.WhoopPartner.ClientID }),
		str("whoop-partner-client-secret", "WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET", "", true,
			"WHOOP lab partner client secret",
			func(c *Config) *string { return &c.WhoopPartner.ClientSecret }),
	}
}

// validate reports a half-configured partner (one credential
// without the other is a mistake, not a choice) and a malformed URL.
func (p WhoopPartnerConfig) validate() []error {
	var errs []error
	if (p.ClientID == "") != (p.ClientSecret == "") {
		errs = append(errs, errors.New("WEARHOUSE_WHOOP_PARTNER_CLIENT_ID and WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET must be set together"))
	}
	if u, err := url.Parse(p.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("WEARHOUSE_WHOOP_PARTNER_API_URL must be an absolute http(s) URL, got %q", p.APIURL))
	}
	return errs
}
