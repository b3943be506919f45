package oauthflow

import (
	"context"
	"errors"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Tokens hands out valid access tokens for connections; Service is the
// implementation, tests may pass their own.
type Tokens interface {
	// Token returns the connection with a token valid for a while.
	Token(ctx context.Context, c domain.Connection) (domain.Connection, error)
	// Refresh forces a refresh after a 401 on c's token.
	Refresh(ctx context.Context, c domain.Connection) (domain.Connection, error)
}

var _ Tokens = (*Service)(nil)

// WithToken is the one place of the token protocol every caller of a
// provider follows: run fn with a valid access token for *c and, when the
// provider answers 401 (provider.ErrUnauthorized), once more after a
// forced refresh. A refused refresh revokes the connection in the token
// service and is returned. *c is updated to the connection holding the
// token used last, so a caller making several calls reuses it.
func WithToken(ctx context.Context, t Tokens, c *domain.Connection, fn func(token string) error) error {
	fresh, err := t.Token(ctx, *c)
	if err != nil {
		return err
	}
	*c = fresh
	err = fn(c.AccessToken)
	if !errors.Is(err, provider.ErrUnauthorized) {
		return err
	}
	fresh, err = t.Refresh(ctx, *c)
	if err != nil {
		return err
	}
	*c = fresh
	return fn(c.AccessToken)
}
