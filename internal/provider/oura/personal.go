package oura

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// HasPersonalToken reports whether WEARHOUSE_OURA_PERSONAL_TOKEN is set:
// the process then keeps one connection for the token's owner.
func (p *Provider) HasPersonalToken() bool { return p.o.PersonalToken != "" }

// PersonalAccount reads whose ring the personal access token opens: the
// token as a connection stores it (no refresh token, so the token
// lifecycle hands the configured token back instead of calling Oura) and
// the owner's identity from personal_info. The personal_info id is what
// makes a restart find the same connection again. A token Oura refuses
// is provider.ErrUnauthorized; no token at all is ErrNotConfigured.
func (p *Provider) PersonalAccount(ctx context.Context) (provider.Token, provider.Identity, error) {
	if !p.HasPersonalToken() {
		return provider.Token{}, provider.Identity{}, fmt.Errorf("oura: personal access token: %w", provider.ErrNotConfigured)
	}
	tok := p.PersonalToken()
	id, err := p.Identity(ctx, tok.AccessToken)
	if err != nil {
		return provider.Token{}, provider.Identity{}, fmt.Errorf("oura: personal access token: %w", err)
	}
	return tok, id, nil
}
