package withings

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// WebhookPath is where Withings posts notifications (and probes with
// HEAD), relative to WEARHOUSE_BASE_URL.
const WebhookPath = "/api/v1/providers/withings/webhooks"

// Notification categories ("appli"; research B.3).
const (
	AppliWeight      = 1
	AppliTemperature = 2
	AppliPressure    = 4
	AppliActivity    = 16
	AppliSleep       = 44
	AppliUser        = 46
	AppliBedIn       = 50
	AppliBedOut      = 51
	AppliECG         = 54
	AppliGlucose     = 58
)

// DefaultApplis are the categories subscribed on connect: every one that
// announces data wearhouse fetches. 46 (profile actions) is left out, as
// nothing is fetched for it; 50/51 need the user.sleepevents scope and
// 58 is not open to every application, so a refusal of those is recorded
// as unavailable rather than failing the connection.
func DefaultApplis() []int {
	return []int{AppliWeight, AppliTemperature, AppliPressure, AppliActivity, AppliSleep, AppliBedIn, AppliBedOut, AppliECG, AppliGlucose}
}

// CallbackURL is the notification URL of one Withings user:
// WEARHOUSE_BASE_URL + WebhookPath + ?token=… where the token is
// HMAC-SHA256(client secret, userid). It is unguessable without the
// secret, differs per user (a leaked URL can only announce that user's
// data, which is re-fetched with their token anyway), and needs no
// storage to check.
func (p *Provider) CallbackURL(userID string) string {
	return p.o.BaseURL + WebhookPath + "?token=" + p.webhookToken(userID)
}

// webhookToken derives a user's callback token.
func (p *Provider) webhookToken(userID string) string {
	m := hmac.New(sha256.New, []byte(p.o.ClientSecret))
	m.Write([]byte("wearhouse/withings/notify/"))
	m.Write([]byte(userID))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// SubscriptionState is what Subscribe found and did for one category.
type SubscriptionState struct {
	Appli int `json:"appli"`
	// Action is "kept", "created", "removed" (a stale URL of ours),
	// "unavailable" (Withings refused the category for this app or user)
	// or "failed".
	Action string `json:"action"`
	Error  string `json:"error,omitempty"`
}

// Subscribe makes the user's subscriptions what they should be: one per
// category in Options.Applis pointing at CallbackURL(userID). Existing
// ones are kept; subscriptions at our path with another URL (an old base
// URL or client secret) are revoked. It is idempotent, so it serves for
// connect and for the scheduled repair. Rate limits and expired tokens
// stop it with the error; per-category refusals are reported.
func (p *Provider) Subscribe(ctx context.Context, accessToken, userID string) ([]SubscriptionState, error) {
	if p.o.BaseURL == "" {
		return nil, fmt.Errorf("withings: subscribe: WEARHOUSE_BASE_URL is not set: %w", provider.ErrNotConfigured)
	}
	want := p.CallbackURL(userID)
	have, err := p.Subscriptions(ctx, accessToken)
	if err != nil {
		return nil, err
	}
	var out []SubscriptionState
	for _, s := range have {
		if s.CallbackURL == want || !p.ours(s.CallbackURL) {
			continue
		}
		st := SubscriptionState{Appli: s.Appli, Action: "removed"}
		if err := p.revoke(ctx, accessToken, s.CallbackURL, s.Appli); err != nil {
			if fatal(err) {
				return out, err
			}
			st.Action, st.Error = "failed", err.Error()
		}
		out = append(out, st)
	}
	for _, a := range p.o.Applis {
		if slices.ContainsFunc(have, func(s notifyProfile) bool { return s.Appli == a && s.CallbackURL == want }) {
			out = append(out, SubscriptionState{Appli: a, Action: "kept"})
			continue
		}
		st := SubscriptionState{Appli: a, Action: "created"}
		_, err := p.call(ctx, accessToken, pathNotify, "subscribe", url.Values{"callbackurl": {want},
			"appli": {strconv.Itoa(a)}, "comment": {"wearhouse"}}, nil)
		switch {
		case err == nil:
		case fatal(err):
			return out, fmt.Errorf("withings: subscribe appli %d: %w", a, err)
		case errors.Is(err, provider.ErrRejected):
			st.Action, st.Error = "unavailable", err.Error()
		default:
			st.Action, st.Error = "failed", err.Error()
		}
		out = append(out, st)
	}
	return out, nil
}

// Subscriptions lists the user's subscriptions of this application.
func (p *Provider) Subscriptions(ctx context.Context, accessToken string) ([]notifyProfile, error) {
	var l notifyList
	if _, err := p.call(ctx, accessToken, pathNotify, "list", nil, &l); err != nil {
		return nil, fmt.Errorf("withings: notify list: %w", err)
	}
	return l.Profiles, nil
}

// Unsubscribe revokes every subscription of the user that points at this
// server's WebhookPath and returns how many it removed. Subscriptions to
// other URLs of the same application are left alone.
func (p *Provider) Unsubscribe(ctx context.Context, accessToken string) (int, error) {
	have, err := p.Subscriptions(ctx, accessToken)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range have {
		if !p.ours(s.CallbackURL) {
			continue
		}
		if err := p.revoke(ctx, accessToken, s.CallbackURL, s.Appli); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// OnConnect subscribes a new connection's user to notifications. Chain it
// after the sync engine's connect hook; a failure leaves the connection
// working (the periodic repair subscribes later).
func (p *Provider) OnConnect(ctx context.Context, c domain.Connection) error {
	if c.Provider != domain.ProviderWithings {
		return nil
	}
	_, err := p.Subscribe(ctx, c.AccessToken, c.ProviderUserID)
	return err
}

// revoke removes one subscription.
func (p *Provider) revoke(ctx context.Context, accessToken, callback string, appli int) error {
	_, err := p.call(ctx, accessToken, pathNotify, "revoke", url.Values{"callbackurl": {callback}, "appli": {strconv.Itoa(appli)}}, nil)
	if err != nil {
		return fmt.Errorf("withings: notify revoke appli %d: %w", appli, err)
	}
	return nil
}

// ours reports whether a callback URL is this server's notification path.
func (p *Provider) ours(callback string) bool {
	base, _, _ := strings.Cut(callback, "?")
	return p.o.BaseURL != "" && base == p.o.BaseURL+WebhookPath
}

// fatal errors stop a subscription run: the token or the whole app is
// refused, so the remaining categories would fail the same way.
func fatal(err error) bool {
	return errors.Is(err, provider.ErrUnauthorized) || errors.Is(err, provider.ErrRateLimited) || errors.Is(err, context.Canceled)
}
