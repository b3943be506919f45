package withings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// accessTTL is Withings' documented access-token lifetime, assumed when
// an answer carries no expires_in.
const accessTTL = 3 * time.Hour

// Exchange trades an authorization code (valid 30 seconds) for tokens with
// POST /v2/oauth2 action=requesttoken grant_type=authorization_code. The
// answer's userid is remembered for Identity.
func (p *Provider) Exchange(ctx context.Context, code, redirectURI, _ string) (provider.Token, error) {
	return p.requestToken(ctx, "authorization_code", url.Values{"code": {code}, "redirect_uri": {redirectURI}})
}

// Refresh trades a refresh token for a new pair. Withings rotates refresh
// tokens: the old one dies 8 hours after the new one is issued or as soon
// as the new access token is used, so the new one must be stored with the
// access token (the engine's lifecycle does that atomically).
func (p *Provider) Refresh(ctx context.Context, refreshToken string) (provider.Token, error) {
	t, err := p.requestToken(ctx, "refresh_token", url.Values{"refresh_token": {refreshToken}})
	if err != nil {
		return provider.Token{}, err
	}
	if t.RefreshToken == "" {
		// Never erase a working refresh token because a field is missing.
		t.RefreshToken = refreshToken
	}
	return t, nil
}

// requestToken runs one requesttoken call. Credentials travel in the form
// body (the seed's client_secret variant; the signature variant is for
// partner integrations). Token calls are not budgeted: Withings limits
// its data services, and a refresh must never wait behind a backfill.
func (p *Provider) requestToken(ctx context.Context, grant string, form url.Values) (provider.Token, error) {
	f := url.Values{"action": {"requesttoken"}, "grant_type": {grant}, "client_id": {p.o.ClientID}, "client_secret": {p.o.ClientSecret}}
	for k, v := range form {
		f[k] = v
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.o.TokenURL, strings.NewReader(f.Encode()))
	if err != nil {
		return provider.Token{}, fmt.Errorf("withings: build token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	sent := p.o.Now()
	raw, err := p.o.Client.Do(req, false)
	if err != nil {
		return provider.Token{}, fmt.Errorf("withings: requesttoken %s: %w", grant, err)
	}
	body, err := p.open(ctx, "requesttoken "+grant, raw, func(_ string, status int, msg string) error {
		return tokenError(grant, status, msg)
	})
	if err != nil {
		return provider.Token{}, err
	}
	var tb tokenBody
	if err := json.Unmarshal(body, &tb); err != nil {
		return provider.Token{}, fmt.Errorf("withings: requesttoken %s: %w", grant, provider.Malformed("token body", err))
	}
	userID := idString(tb.UserID)
	if tb.AccessToken == "" || userID == "" {
		return provider.Token{}, fmt.Errorf("withings: requesttoken %s: %w", grant,
			provider.Malformed("token body", errors.New("no access_token or userid")))
	}
	ttl := time.Duration(tb.ExpiresIn) * time.Second
	if ttl <= 0 {
		ttl = accessTTL
	}
	p.remember(tb.AccessToken, userID)
	return provider.Token{AccessToken: tb.AccessToken, RefreshToken: tb.RefreshToken, ExpiresAt: sent.Add(ttl), Scope: tb.Scope,
		UserID: userID}, nil
}

// Revoke withdraws what wearhouse set up at Withings for the token's user:
// every notification subscription pointing at this server. Withings'
// own token revocation (oauth2 action=revoke) requires the partner
// signature protocol, which public-API applications do not have; the
// tokens simply stop being used and expire.
func (p *Provider) Revoke(ctx context.Context, accessToken string) error {
	if _, err := p.Unsubscribe(ctx, accessToken); err != nil {
		return fmt.Errorf("withings: revoke: %w", err)
	}
	return nil
}
