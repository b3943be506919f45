package withings

import (
	"cmp"
	"context"
	"strings"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Data types Withings syncs, in fetch order: activity before intraday so
// an intraday day finds its time zone in the day's activity document.
const (
	TypeMeasure  = "measure"
	TypeActivity = "activity"
	TypeIntraday = "intraday"
	TypeWorkout  = "workout"
	TypeSleep    = "sleep"
	TypeECG      = "ecg"
	TypeDevice   = "device"
)

// Default endpoints of the real Withings API.
const (
	DefaultAPIURL   = "https://wbsapi.withings.net"
	DefaultAuthURL  = "https://account.withings.com/oauth2_user/authorize2"
	DefaultTokenURL = "https://wbsapi.withings.net/v2/oauth2"
)

// Scopes are the four public scopes, sent comma-separated: user.sleepevents
// is needed for the bed-in/bed-out notifications (appli 50/51).
func Scopes() []string {
	return []string{"user.info", "user.metrics", "user.activity", "user.sleepevents"}
}

// Limits is the Public API plan's quota: 120 requests per minute across the
// whole application (developer guide, "Notifications overview"; research
// B.3). Every worker and replica shares it through one provider.Budget.
func Limits() []provider.Limit {
	return []provider.Limit{{Requests: 120, Per: time.Minute}}
}

// Options configures New. URLs default to the real Withings endpoints.
type Options struct {
	APIURL       string
	AuthURL      string
	TokenURL     string
	ClientID     string
	ClientSecret string
	Scopes       []string
	// BaseURL is WEARHOUSE_BASE_URL: notification callbacks point at
	// BaseURL + WebhookPath.
	BaseURL string
	// Client is the shared, rate-budgeted HTTP client of this Withings app
	// (budget from Limits).
	Client *provider.Client
	// Now is the clock for token expiry and snapshot timestamps.
	Now func() time.Time
	// Applis are the notification categories subscribed on connect
	// (default DefaultApplis).
	Applis []int
}

// Provider is the Withings connector. It is safe for concurrent use.
type Provider struct {
	o Options

	// ids remembers the userid each freshly issued access token came with:
	// Withings has no public "who am I" service, the token answer is the
	// only place the user id appears, and Identity runs right after
	// Exchange in the same request.
	mu  sync.Mutex
	ids map[string]issued
}

// issued is one remembered token → userid pairing.
type issued struct {
	userID string
	until  time.Time
}

var _ provider.Provider = (*Provider)(nil)

// New builds the Withings connector.
func New(o Options) *Provider {
	o.APIURL = strings.TrimRight(cmp.Or(o.APIURL, DefaultAPIURL), "/")
	o.AuthURL = cmp.Or(o.AuthURL, DefaultAuthURL)
	o.TokenURL = cmp.Or(o.TokenURL, DefaultTokenURL)
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if len(o.Scopes) == 0 {
		o.Scopes = Scopes()
	}
	if o.Client == nil {
		o.Client = provider.NewClient(provider.ClientOptions{})
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if len(o.Applis) == 0 {
		o.Applis = DefaultApplis()
	}
	return &Provider{o: o, ids: map[string]issued{}}
}

// Name is "withings".
func (p *Provider) Name() domain.Provider { return domain.ProviderWithings }

// Configured reports whether client credentials are set.
func (p *Provider) Configured() bool { return p.o.ClientID != "" && p.o.ClientSecret != "" }

// OAuth describes Withings' authorization: comma-separated scopes,
// client_secret_post inside the requesttoken call, no PKCE (not
// documented by Withings).
func (p *Provider) OAuth() provider.OAuthSettings {
	return provider.OAuthSettings{AuthURL: p.o.AuthURL, TokenURL: p.o.TokenURL, ClientID: p.o.ClientID,
		Scopes: p.o.Scopes, ScopeSeparator: ","}
}

// DataTypes lists Withings' data types in fetch order. The list services
// are read in lastupdate mode (everything modified since the window's
// start), so a short lookback only absorbs clock skew; intraday and ECG
// are read by time and look back a day or two because watches sync late.
func (p *Provider) DataTypes() []provider.DataType { return dataTypes() }

func dataTypes() []provider.DataType {
	return []provider.DataType{
		{Name: TypeDevice},
		{Name: TypeMeasure, Windowed: true, Lookback: time.Hour},
		{Name: TypeActivity, Windowed: true, Lookback: time.Hour},
		{Name: TypeIntraday, Windowed: true, Lookback: 24 * time.Hour},
		{Name: TypeWorkout, Windowed: true, Lookback: time.Hour},
		{Name: TypeSleep, Windowed: true, Lookback: time.Hour},
		{Name: TypeECG, Windowed: true, Lookback: 48 * time.Hour},
	}
}

// MaxHistory is unbounded: Withings serves a user's whole history.
func (p *Provider) MaxHistory() time.Duration { return 0 }

// DataSource describes the connection's data source for the sync engine.
// Withings data comes from several devices (scale, watch, cuff…); until
// the engine keeps one data source per device, the connection's source
// names the provider and the devices are kept as raw documents.
func (p *Provider) DataSource() domain.DataSource {
	name := "Withings"
	return domain.DataSource{OriginalSourceName: &name}
}

// remember records the userid a token answer carried.
func (p *Provider) remember(accessToken, userID string) {
	now := p.o.Now()
	p.mu.Lock()
	defer p.mu.Unlock()
	for k, v := range p.ids {
		if now.After(v.until) {
			delete(p.ids, k)
		}
	}
	p.ids[tokenKey(accessToken)] = issued{userID: userID, until: now.Add(identityTTL)}
}

// identityTTL bounds how long a token's userid is remembered: long enough
// for the callback to call Identity, short enough that the map stays tiny.
const identityTTL = 10 * time.Minute

// Identity returns the Withings userid that came with the token. Withings
// has no public service answering "who owns this token", so a token this
// process did not just obtain is an error the caller must not retry.
func (p *Provider) Identity(_ context.Context, accessToken string) (provider.Identity, error) {
	p.mu.Lock()
	v, ok := p.ids[tokenKey(accessToken)]
	p.mu.Unlock()
	if !ok || p.o.Now().After(v.until) {
		return provider.Identity{}, errUnknownToken
	}
	return provider.Identity{ProviderUserID: v.userID}, nil
}
