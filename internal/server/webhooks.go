package server

import (
	"context"
	"log/slog"
	"time"

	"github.com/riverqueue/river"

	"github.com/wearhouse/wearhouse/internal/api"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
	"github.com/wearhouse/wearhouse/internal/webhook/manage"
)

// webhookWiring is the outgoing-webhook machinery of one process: the
// delivery engine the River jobs run and the dispatcher that enqueues
// them.
type webhookWiring struct {
	guard      delivery.Guard
	engine     *delivery.Engine
	dispatcher *delivery.Dispatcher
	// manage serves the management routes.
	manage *manage.Service
}

// pruneEvery is how often the outbox is pruned.
const pruneEvery = time.Hour

// newWebhooks builds the engine and registers its worker and the outbox
// pruning on ws; the dispatcher's trigger is bound once the runner exists.
// Deliveries run on the wall clock even when the process runs on a
// simulated one (the demo): receivers check webhook-timestamp against
// their own clock.
func newWebhooks(cfg config.Config, st store.Store, log *slog.Logger, ws *river.Workers) (*webhookWiring, []jobs.Upkeep, error) {
	now := time.Now
	g := delivery.Guard{AllowLoopback: cfg.Webhooks.AllowLoopback}
	eng, err := delivery.NewEngine(delivery.Options{Store: st, Sender: delivery.NewSender(g), Logger: log, Now: now,
		Renderer: &event.Renderer{Store: st, Records: api.RecordRenderer(catalog.Default()), Samples: api.SampleRenderer(catalog.Default())}})
	if err != nil {
		return nil, nil, err
	}
	jobs.AddDelivery(ws, eng)
	retention := cfg.Webhooks.Retention
	prune := jobs.Upkeep{Name: "webhook_prune", Every: pruneEvery, Run: func(ctx context.Context) error {
		n, err := st.PruneChanges(ctx, now().Add(-retention))
		if n > 0 {
			log.InfoContext(ctx, "change feed pruned", slog.Int("changes", n))
		}
		return err
	}}
	w := &webhookWiring{guard: g, engine: eng, dispatcher: &delivery.Dispatcher{Store: st, Now: now, Logger: log},
		manage: &manage.Service{Store: st, Guard: g, Now: now}}
	return w, []jobs.Upkeep{prune}, nil
}

// bind points the dispatcher at the runner's queue.
func (w *webhookWiring) bind(q jobs.Queue) {
	w.dispatcher.Trigger = q.TriggerDelivery
	w.manage.Trigger = q.TriggerDelivery
}
