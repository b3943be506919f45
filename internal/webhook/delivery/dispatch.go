package delivery

import (
	"cmp"
	"context"
	"log/slog"
	"time"

	"github.com/wearhouse/wearhouse/internal/store"
)

// Trigger enqueues (or brings forward) the delivery job of an endpoint;
// jobs.Queue.TriggerDelivery in production. A job already waiting or
// running absorbs it.
type Trigger func(ctx context.Context, endpointID string) error

// Dispatcher watches for endpoints with work and triggers their jobs.
// Every replica may run one: the jobs are unique per endpoint, so
// replicas triggering the same endpoint start one job.
type Dispatcher struct {
	Store   store.Reader
	Trigger Trigger
	// Poll is how often it looks (default 100 ms): the bound on the wait
	// between a change committing and its delivery starting.
	Poll   time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// Run looks every Poll until ctx ends.
func (d *Dispatcher) Run(ctx context.Context) error {
	t := time.NewTicker(cmp.Or(d.Poll, 100*time.Millisecond))
	defer t.Stop()
	for {
		if err := d.Once(ctx); err != nil && ctx.Err() == nil && d.Logger != nil {
			d.Logger.WarnContext(ctx, "webhook dispatch failed", slog.Any("error", err))
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Once triggers the jobs of every endpoint with work now.
func (d *Dispatcher) Once(ctx context.Context) error {
	now := time.Now()
	if d.Now != nil {
		now = d.Now()
	}
	ids, err := d.Store.WebhookWork(ctx, now)
	if err != nil {
		return err
	}
	for _, id := range ids {
		if err := d.Trigger(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
