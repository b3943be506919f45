package providertest

import (
	"context"
	"sync/atomic"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// KillBudget is a rate budget for "the process dies here" tests: it lets
// requests through until the At-th is about to be sent, then cancels
// Cancel's context and refuses it, so that request is never made. Set
// At and Cancel before the sync starts.
type KillBudget struct {
	At     int64
	Cancel context.CancelFunc
	n      atomic.Int64
}

var _ provider.Budget = (*KillBudget)(nil)

// Take implements provider.Budget.
func (k *KillBudget) Take(ctx context.Context) error {
	if k.n.Add(1) == k.At {
		k.Cancel()
		return ctx.Err()
	}
	return nil
}

// Pause implements provider.Budget; a killed process has nothing to pause.
func (k *KillBudget) Pause(context.Context, time.Duration) {}
