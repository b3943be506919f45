package server

import (
	"context"
	"log/slog"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// providerOnConnect runs the provider's own connect hook. A failure is
// logged, not returned: the connection works without it and the periodic
// repair catches up.
func providerOnConnect(ctx context.Context, reg *provider.Registry, c domain.Connection, log *slog.Logger) {
	p, err := reg.Get(c.Provider)
	if err != nil {
		return
	}
	h, ok := p.(provider.ConnectHook)
	if !ok {
		return
	}
	if err := h.OnConnect(ctx, c); err != nil {
		log.WarnContext(ctx, "provider connect hook failed", slog.String("provider", string(c.Provider)),
			slog.String("connection_id", c.ID), slog.Any("error", err))
	}
}
