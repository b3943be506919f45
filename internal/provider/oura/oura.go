package oura

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Default endpoints (seed, "OAuth2"): the authorize page lives on
// cloud.ouraring.com, the token endpoint and the API on api.ouraring.com.
const (
	DefaultAPIURL   = "https://api.ouraring.com"
	DefaultAuthURL  = "https://cloud.ouraring.com/oauth/authorize"
	DefaultTokenURL = "https://api.ouraring.com/oauth/token"
)

// DefaultScopes are every scope the seed documents. Users may untick some
// at consent; the routes they cover then answer 403, which a sync records
// and skips for that data type.
func DefaultScopes() []string {
	return []string{"email", "personal", "daily", "heartrate", "workout", "tag", "session", "spo2Daily"}
}

// Limits is Oura's per-application quota (seed, "Oura HTTP Response
// Codes"): 5,000 requests in any 5-minute period. Sandbox routes share it.
func Limits() []provider.Limit {
	return []provider.Limit{{Requests: 5000, Per: 5 * time.Minute}}
}

// personalTokenLifetime is how long a personal access token is assumed to
// last: it does not expire by itself, so the token lifecycle must never
// try to refresh it.
const personalTokenLifetime = 100 * 365 * 24 * time.Hour

// Options configures New. URLs default to the real Oura endpoints.
type Options struct {
	APIURL       string
	AuthURL      string
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
	// PersonalToken is a personal access token
	// (WEARHOUSE_OURA_PERSONAL_TOKEN) for people running wearhouse for
	// themselves: a fixed bearer token with every scope and no refresh.
	PersonalToken string
	// BaseURL is WEARHOUSE_BASE_URL: webhook events arrive at
	// BaseURL + WebhookPath.
	BaseURL string
	// VerificationToken is the secret Oura echoes when it verifies a
	// webhook subscription's callback
	// (WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN).
	VerificationToken string
	// Client is the shared, rate-budgeted HTTP client of this Oura app
	// (build its budget from Limits).
	Client *provider.Client
	// Now is the clock for snapshot timestamps and webhook freshness.
	Now func() time.Time
}

// Provider is the Oura connector.
type Provider struct {
	o    Options
	subs *Subscriptions
}

var _ provider.Provider = (*Provider)(nil)

// New builds the Oura connector.
func New(o Options) *Provider {
	o.APIURL = strings.TrimRight(cmp.Or(o.APIURL, DefaultAPIURL), "/")
	o.AuthURL = cmp.Or(o.AuthURL, DefaultAuthURL)
	o.TokenURL = cmp.Or(o.TokenURL, DefaultTokenURL)
	if len(o.Scopes) == 0 {
		o.Scopes = DefaultScopes()
	}
	if o.Client == nil {
		o.Client = provider.NewClient(provider.ClientOptions{})
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	subs := NewSubscriptions(SubscriptionOptions{APIURL: o.APIURL, ClientID: o.ClientID, ClientSecret: o.ClientSecret,
		CallbackURL: strings.TrimRight(o.BaseURL, "/") + WebhookPath, VerificationToken: o.VerificationToken, Client: o.Client, Now: o.Now})
	return &Provider{o: o, subs: subs}
}

// Subscriptions is the manager of the app's webhook subscriptions.
func (p *Provider) Subscriptions() *Subscriptions { return p.subs }

// Name is "oura".
func (p *Provider) Name() domain.Provider { return domain.ProviderOura }

// Configured reports whether the app has OAuth client credentials or a
// personal access token is set; either is enough to sync.
func (p *Provider) Configured() bool { return p.oauthConfigured() || p.o.PersonalToken != "" }

func (p *Provider) oauthConfigured() bool { return p.o.ClientID != "" && p.o.ClientSecret != "" }

// OAuth describes Oura's authorization: client_secret_post as the seed's
// examples send it, space-separated scopes, no PKCE (not documented).
func (p *Provider) OAuth() provider.OAuthSettings {
	return provider.OAuthSettings{AuthURL: p.o.AuthURL, TokenURL: p.o.TokenURL, ClientID: p.o.ClientID, Scopes: p.o.Scopes}
}

// oauth2 is Oura's standard token endpoint.
func (p *Provider) oauth2() provider.OAuth2 {
	return provider.OAuth2{Settings: p.OAuth(), ClientSecret: p.o.ClientSecret, Client: p.o.Client}
}

// Exchange trades an authorization code (valid 10 minutes) for tokens.
func (p *Provider) Exchange(ctx context.Context, code, redirectURI, _ string) (provider.Token, error) {
	if !p.oauthConfigured() {
		return provider.Token{}, fmt.Errorf("oura: exchange code: %w", provider.ErrNotConfigured)
	}
	t, err := p.oauth2().Exchange(ctx, code, redirectURI, "")
	if err != nil {
		return provider.Token{}, fmt.Errorf("oura: exchange code: %w", err)
	}
	return t, nil
}

// Refresh trades a refresh token for a new pair. Oura rotates refresh
// tokens: the old one stops working, so the caller must persist the new
// one together with the access token. A connection made with the personal
// access token has no refresh token; it gets the same token back.
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (provider.Token, error) {
	if refreshToken == "" && p.o.PersonalToken != "" {
		return p.PersonalToken(), nil
	}
	// An answer without a refresh token keeps the old one rather than
	// lose the connection (provider.OAuth2 does so).
	t, err := p.oauth2().Refresh(ctx, refreshToken)
	if err != nil {
		return provider.Token{}, fmt.Errorf("oura: refresh: %w", err)
	}
	return t, nil
}

// PersonalToken returns the configured personal access token as a Token
// that never needs refreshing (zero Token when none is configured).
func (p *Provider) PersonalToken() provider.Token {
	if p.o.PersonalToken == "" {
		return provider.Token{}
	}
	return provider.Token{AccessToken: p.o.PersonalToken, ExpiresAt: p.o.Now().Add(personalTokenLifetime), Scope: strings.Join(DefaultScopes(), " ")}
}

// Revoke ends the app's grant for the token's user:
// POST /oauth/revoke?access_token=… on the API host. A personal access
// token cannot be revoked through the API (its owner deletes it at
// cloud.ouraring.com), so that is ErrUnsupported.
func (p *Provider) Revoke(ctx context.Context, accessToken string) error {
	if p.o.PersonalToken != "" && accessToken == p.o.PersonalToken {
		return fmt.Errorf("oura: revoke personal access token: %w", provider.ErrUnsupported)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.o.APIURL+"/oauth/revoke?"+url.Values{"access_token": {accessToken}}.Encode(), nil)
	if err != nil {
		return fmt.Errorf("oura: revoke: %w", err)
	}
	if _, err := p.o.Client.Do(req, true); err != nil {
		return fmt.Errorf("oura: revoke: %w", err)
	}
	return nil
}

// Identity reads the Oura user id from personal_info, which any token may
// read whatever its scopes (seed, "Personal Info Routes").
func (p *Provider) Identity(ctx context.Context, accessToken string) (provider.Identity, error) {
	var pi personalInfo
	if _, err := p.o.Client.GetJSON(ctx, p.o.APIURL+collectionPrefix+TypePersonalInfo, accessToken, &pi); err != nil {
		return provider.Identity{}, fmt.Errorf("oura: identity: %w", err)
	}
	if pi.ID == "" {
		return provider.Identity{}, fmt.Errorf("oura: identity: %w", provider.Malformed("personal_info", fmt.Errorf("no id")))
	}
	id := provider.Identity{ProviderUserID: pi.ID}
	if pi.Email != nil && *pi.Email != "" {
		e := *pi.Email
		id.Username = &e
	}
	return id, nil
}

// MaxHistory is unbounded: Oura serves a member's whole history.
func (p *Provider) MaxHistory() time.Duration { return 0 }

// DataSource describes the connection's data source for the sync engine:
// Oura's data comes from the ring, so priorities by device type rank it
// as a ring.
func (p *Provider) DataSource() domain.DataSource {
	name, kind := "Oura", domain.DeviceRing
	return domain.DataSource{OriginalSourceName: &name, DeviceType: &kind}
}
