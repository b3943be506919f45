package whoop

import (
	"cmp"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Data types WHOOP syncs, in fetch order: sleeps before recoveries so a
// recovery finds its sleep (time zone, wake time) when it is normalized.
const (
	TypeProfile  = "profile"
	TypeBody     = "body_measurement"
	TypeCycle    = "cycle"
	TypeSleep    = "sleep"
	TypeRecovery = "recovery"
	TypeWorkout  = "workout"
)

// MaxPageSize is the largest limit the v2 collections accept.
const MaxPageSize = 25

// Default endpoints of the real WHOOP API.
const (
	DefaultAPIURL   = "https://api.prod.whoop.com/developer"
	DefaultAuthURL  = "https://api.prod.whoop.com/oauth/oauth2/auth"
	DefaultTokenURL = "https://api.prod.whoop.com/oauth/oauth2/token"
)

// DefaultScopes are every read scope plus "offline", which a refresh
// token needs.
func DefaultScopes() []string {
	return []string{"offline", "read:profile", "read:body_measurement", "read:cycles", "read:recovery", "read:sleep", "read:workout"}
}

// Limits are WHOOP's default per-app rate limits (developer docs, "Rate
// Limiting"): 100 requests a minute and 10,000 a day.
func Limits() []provider.Limit {
	return []provider.Limit{{Requests: 100, Per: time.Minute}, {Requests: 10_000, Per: 24 * time.Hour}}
}

// Options configures New. URLs default to the real WHOOP endpoints.
type Options struct {
	APIURL       string
	AuthURL      string
	TokenURL     string
	ClientID     string
	ClientSecret string
	// Scopes requested at authorization; "offline" must be among them to
	// get a refresh token.
	Scopes []string
	// Client is the shared, rate-budgeted HTTP client of this WHOOP app.
	Client *provider.Client
	// Now is the clock for token expiry and snapshot timestamps.
	Now func() time.Time
	// PageSize is the collection page size (default and maximum 25).
	PageSize int
	// NoSleepStream skips the per-sleep signal stream (see Expand).
	NoSleepStream bool
}

// Provider is the WHOOP connector.
type Provider struct {
	o Options
}

var _ provider.Provider = (*Provider)(nil)

// New builds the WHOOP connector.
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
	if o.PageSize <= 0 || o.PageSize > MaxPageSize {
		o.PageSize = MaxPageSize
	}
	return &Provider{o: o}
}

// Name is "whoop".
func (p *Provider) Name() domain.Provider { return domain.ProviderWHOOP }

// Configured reports whether client credentials are set.
func (p *Provider) Configured() bool { return p.o.ClientID != "" && p.o.ClientSecret != "" }

// OAuth describes WHOOP's authorization: client_secret_post, space
// separated scopes and no PKCE (WHOOP does not document code challenges,
// and an authorization server that ignores them gives no protection).
func (p *Provider) OAuth() provider.OAuthSettings {
	return provider.OAuthSettings{AuthURL: p.o.AuthURL, TokenURL: p.o.TokenURL, ClientID: p.o.ClientID, Scopes: p.o.Scopes}
}

// oauth2 is WHOOP's standard token endpoint; refreshes carry
// scope=offline, without which WHOOP issues no next refresh token.
func (p *Provider) oauth2() provider.OAuth2 {
	return provider.OAuth2{Settings: p.OAuth(), ClientSecret: p.o.ClientSecret, Client: p.o.Client,
		RefreshParams: url.Values{"scope": {"offline"}}}
}

// Exchange trades an authorization code for tokens.
func (p *Provider) Exchange(ctx context.Context, code, redirectURI, _ string) (provider.Token, error) {
	t, err := p.oauth2().Exchange(ctx, code, redirectURI, "")
	if err != nil {
		return provider.Token{}, fmt.Errorf("whoop: exchange code: %w", err)
	}
	return t, nil
}

// Refresh trades a refresh token for a new pair. WHOOP rotates refresh
// tokens and wants scope=offline on the request to issue the next one.
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (provider.Token, error) {
	// WHOOP always rotates; an answer without a refresh token keeps the
	// old one rather than lose the connection (provider.OAuth2 does so).
	t, err := p.oauth2().Refresh(ctx, refreshToken)
	if err != nil {
		return provider.Token{}, fmt.Errorf("whoop: refresh: %w", err)
	}
	return t, nil
}

// Revoke removes the app's access for the token's user
// (DELETE /v2/user/access).
func (p *Provider) Revoke(ctx context.Context, accessToken string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, p.o.APIURL+"/v2/user/access", nil)
	if err != nil {
		return fmt.Errorf("whoop: revoke: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+accessToken)
	if _, err := p.o.Client.Do(req, true); err != nil {
		return fmt.Errorf("whoop: revoke: %w", err)
	}
	return nil
}

// Identity reads the WHOOP user id from the basic profile.
func (p *Provider) Identity(ctx context.Context, accessToken string) (provider.Identity, error) {
	var pr profile
	if _, err := p.o.Client.GetJSON(ctx, p.o.APIURL+"/v2/user/profile/basic", accessToken, &pr); err != nil {
		return provider.Identity{}, fmt.Errorf("whoop: identity: %w", err)
	}
	if pr.UserID == 0 {
		return provider.Identity{}, fmt.Errorf("whoop: identity: %w", provider.Malformed("profile", fmt.Errorf("no user_id")))
	}
	id := provider.Identity{ProviderUserID: strconv.FormatInt(pr.UserID, 10)}
	if pr.Email != "" {
		e := pr.Email
		id.Username = &e
	}
	return id, nil
}

// DataTypes lists WHOOP's data types in fetch order. Scored documents
// change for up to a day and a half after they appear (scoring, closing
// the open cycle), so incremental pulls look two days back.
func (p *Provider) DataTypes() []provider.DataType { return dataTypes() }

func dataTypes() []provider.DataType {
	const lookback = 48 * time.Hour
	return []provider.DataType{
		{Name: TypeProfile},
		{Name: TypeBody},
		{Name: TypeCycle, Windowed: true, Lookback: lookback},
		{Name: TypeSleep, Windowed: true, Lookback: lookback},
		{Name: TypeRecovery, Windowed: true, Lookback: lookback},
		{Name: TypeWorkout, Windowed: true, Lookback: lookback},
	}
}

// MaxHistory is unbounded: WHOOP serves a member's whole history.
func (p *Provider) MaxHistory() time.Duration { return 0 }

// DataSource describes the connection's data source for the sync engine:
// everything WHOOP serves comes from the member's band. The device type
// lets priorities by device type rank WHOOP as a band.
func (p *Provider) DataSource() domain.DataSource {
	name, kind := "WHOOP", domain.DeviceBand
	return domain.DataSource{OriginalSourceName: &name, DeviceType: &kind}
}
