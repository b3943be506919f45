package syncer

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// ErrBadWebhook means an inbound webhook body could not be read; the
// provider should not retry it.
var ErrBadWebhook = errors.New("syncer: unreadable webhook")

// Receive is the provider-independent webhook receiver: it verifies the
// request with the provider's scheme, parses it into targets and enqueues
// one durable fetch job per target, then returns so the HTTP handler can
// acknowledge within the provider's deadline. The job queue is the record:
// a received webhook is never lost once Receive returns nil.
func (s *Syncer) Receive(ctx context.Context, p domain.Provider, h http.Header, body []byte) (int, error) {
	prov, err := s.o.Registry.Get(p)
	if err != nil {
		return 0, err
	}
	if err := prov.VerifyWebhook(h, body, s.o.Now()); err != nil {
		s.o.Logger.WarnContext(ctx, "webhook rejected", slog.String("provider", string(p)), slog.Any("error", err))
		return 0, err
	}
	targets, err := prov.ParseWebhook(body)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", ErrBadWebhook, err)
	}
	if s.o.Enqueue == nil {
		return 0, errors.New("syncer: no job queue to record webhooks")
	}
	if many, ok := s.o.Enqueue.(interface {
		EnqueueWebhooks(ctx context.Context, p domain.Provider, ts []provider.Target) error
	}); ok {
		if err := many.EnqueueWebhooks(ctx, p, targets); err != nil {
			return 0, fmt.Errorf("syncer: record webhook: %w", err)
		}
		return len(targets), nil
	}
	for _, t := range targets {
		if err := s.o.Enqueue.EnqueueWebhook(ctx, p, t); err != nil {
			return 0, fmt.Errorf("syncer: record webhook: %w", err)
		}
	}
	return len(targets), nil
}

// HandleWebhook runs one targeted fetch for every active connection of
// the provider user the webhook named, at priority in the rate budget.
func (s *Syncer) HandleWebhook(ctx context.Context, p domain.Provider, t provider.Target) (Counts, error) {
	prov, err := s.o.Registry.Get(p)
	if err != nil {
		return Counts{}, fmt.Errorf("%w: %w", ErrInactive, err)
	}
	conns, err := s.o.Store.ConnectionsByProviderUser(ctx, p, t.ProviderUserID)
	if err != nil {
		return Counts{}, fmt.Errorf("syncer: webhook: %w", err)
	}
	ctx = provider.WithPriority(ctx)
	var total Counts
	for _, c := range conns {
		if c.Status != domain.ConnectionActive {
			continue
		}
		n, err := s.webhookOne(ctx, c, prov, t)
		total.add(n)
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

func (s *Syncer) webhookOne(ctx context.Context, c domain.Connection, prov provider.Provider, t provider.Target) (Counts, error) {
	run, err := s.o.Store.CreateSyncRun(ctx, domain.SyncRun{UserID: c.UserID, ConnectionID: c.ID, Provider: c.Provider,
		Source: SourceWebhook, Status: domain.SyncRunning, StartedAt: s.o.Now()})
	if err != nil {
		return Counts{}, fmt.Errorf("syncer: start run: %w", err)
	}
	var n Counts
	err = func() error {
		ds, err := s.dataSource(ctx, c, prov)
		if err != nil {
			return err
		}
		return s.withToken(ctx, &c, func(token string) error {
			pg, err := prov.FetchTarget(ctx, token, t)
			if err != nil {
				return err
			}
			if pg, err = s.expand(ctx, c, prov, token, pg); err != nil {
				return err
			}
			got, err := s.storePage(ctx, c, ds, prov, pg, nil)
			n.add(got)
			return err
		})
	}()
	_, err = s.finish(ctx, run, n, err)
	return n, err
}
