package oauthflow

import (
	"context"
	"crypto/rand"
	"errors"
	"log/slog"
	"net/url"
	"strings"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/metrics"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Sentinel errors for the expected failures of a connect flow.
var (
	// ErrRedirectNotAllowed means redirect_uri does not start with an
	// entry of WEARHOUSE_REDIRECT_ALLOWLIST.
	ErrRedirectNotAllowed = errors.New("oauthflow: redirect_uri is not in the allowlist")
	// ErrStateInvalid means the callback's state is unknown, used,
	// expired or for another provider.
	ErrStateInvalid = errors.New("oauthflow: invalid or expired state")
	// ErrLinkInvalid means a connect link is forged, expired or for
	// another user.
	ErrLinkInvalid = errors.New("oauthflow: invalid or expired connect link")
	// ErrLinkOutdated means a genuine connect link minted before links
	// were bound to a provider and redirect URI: it must be minted again.
	ErrLinkOutdated = errors.New("oauthflow: connect link predates provider and redirect binding")
	// ErrLinkProvider means a connect link is for another provider.
	ErrLinkProvider = errors.New("oauthflow: connect link is for another provider")
	// ErrLinkRedirect means the redirect URI is not the one the connect
	// link was minted with.
	ErrLinkRedirect = errors.New("oauthflow: redirect_uri differs from the connect link's")
	// ErrRevoked means the connection is revoked: the user must reconnect.
	ErrRevoked = errors.New("oauthflow: connection revoked")
)

// StateTTL is how long an authorization request may take.
const StateTTL = 15 * time.Minute

// Options configures New.
type Options struct {
	Store    store.Store
	Registry *provider.Registry
	// BaseURL is wearhouse's public URL; callbacks go to
	// BaseURL/api/v1/oauth/{provider}/callback.
	BaseURL string
	// RedirectAllowlist holds URL prefixes redirect_uri must start with.
	RedirectAllowlist []string
	// LinkKey signs connect links; replicas must share it.
	LinkKey []byte
	// OnConnect runs after a connection is stored (the backfill trigger).
	OnConnect func(ctx context.Context, c domain.Connection) error
	// OnConnectTx, when set, runs inside the transaction that stores the
	// connection (enqueueing its backfill), before OnConnect.
	OnConnectTx func(ctx context.Context, tx store.Tx, c domain.Connection) error
	// RefreshSkew is how long before expiry a token is refreshed
	// (default 5 minutes).
	RefreshSkew time.Duration
	// LeaseWait is the longest Token waits for another worker's refresh
	// (default 30 s).
	LeaseWait time.Duration
	Now       func() time.Time
	Logger    *slog.Logger
	// Metrics counts refreshes and ended grants (nil: none).
	Metrics *metrics.Metrics
}

// Service runs connect flows and token refreshes.
type Service struct {
	o      Options
	extra  store.SyncExtra
	holder string
	flight singleflight.Group
}

// New builds the service.
func New(o Options) (*Service, error) {
	if o.Store == nil || o.Registry == nil {
		return nil, errors.New("oauthflow: Store and Registry are required")
	}
	x := store.SyncExtra(o.Store)
	if len(o.LinkKey) == 0 {
		o.LinkKey = make([]byte, 32)
		_, _ = rand.Read(o.LinkKey)
	}
	if o.RefreshSkew <= 0 {
		o.RefreshSkew = 5 * time.Minute
	}
	if o.LeaseWait <= 0 {
		o.LeaseWait = 30 * time.Second
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	return &Service{o: o, extra: x, holder: rand.Text()}, nil
}

// CallbackURL is the redirect URI registered at the provider.
func (s *Service) CallbackURL(p domain.Provider) string {
	return s.o.BaseURL + "/api/v1/oauth/" + string(p) + "/callback"
}

// AllowedRedirect reports whether uri may receive users after a connect:
// it must be absolute and start with an allowlist entry. An empty
// allowlist allows nothing but an empty uri.
func (s *Service) AllowedRedirect(uri string) bool {
	if uri == "" {
		return true
	}
	u, err := url.Parse(uri)
	if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil {
		return false
	}
	for _, prefix := range s.o.RedirectAllowlist {
		if strings.HasPrefix(uri, prefix) && boundary(uri, prefix) {
			return true
		}
	}
	return false
}

// boundary refuses prefix matches that run into the host or a path
// segment: "https://app.example.com" must not allow
// "https://app.example.com.evil.net".
func boundary(uri, prefix string) bool {
	if len(uri) == len(prefix) || strings.HasSuffix(prefix, "/") {
		return true
	}
	switch uri[len(prefix)] {
	case '/', '?', '#':
		return true
	}
	return false
}

// AuthorizeLinkURL is the browser-ready authorize URL of a connect link:
// opening it sends the user straight to the provider.
func (s *Service) AuthorizeLinkURL(p domain.Provider, userID, token, redirectURI string) string {
	q := url.Values{"user_id": {userID}, "connect_token": {token}, "redirect": {"true"}}
	if redirectURI != "" {
		q.Set("redirect_uri", redirectURI)
	}
	return s.o.BaseURL + "/api/v1/oauth/" + string(p) + "/authorize?" + q.Encode()
}
