package syncer_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
	"github.com/wearhouse/wearhouse/internal/syncer/syncertest"
)

// TestAWebhookFetchAfterADeadAttemptClosesItsRun: a process killed during
// a webhook fetch leaves the fetch's run in progress; the attempt that
// takes the job over closes it as interrupted and records its own run, so
// no run stays in progress forever.
func TestAWebhookFetchAfterADeadAttemptClosesItsRun(t *testing.T) {
	t.Parallel()
	for name, open := range engines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, open(t), syncertest.Options{Seed: 12, Users: 1, Days: 10})
			ctx := t.Context()
			c, err := b.rig.Connect(ctx, 0)
			require.NoError(t, err)
			b.sync(t, c, syncer.SourceBackfill)
			_, err = b.rig.Advance(ctx, 24*time.Hour)
			require.NoError(t, err)
			targets := b.queue.drainWebhooks()
			require.NotEmpty(t, targets)
			tg := targets[0]

			const job = 42
			dead, err := b.rig.Store.CreateSyncRun(ctx, domain.SyncRun{ID: syncer.WebhookRunID(job, 0, 0, c.ID), UserID: c.UserID,
				ConnectionID: c.ID, Provider: c.Provider, Source: syncer.SourceWebhook, Status: domain.SyncRunning, StartedAt: time.Now()})
			require.NoError(t, err)
			args := jobs.WebhookArgs{Provider: string(c.Provider), ProviderUserID: tg.ProviderUserID, DataType: tg.DataType, ID: tg.ID,
				Deleted: tg.Deleted, EventType: tg.EventType}
			at := jobs.Attempt{Number: 2, JobID: job, Generation: 1, TakenOver: true, Continued: true}
			require.NoError(t, syncer.JobHandler{S: b.rig.Syncer}.Webhook(ctx, args, at))

			runs, err := b.rig.Store.ListSyncRuns(ctx, store.SyncRunQuery{UserID: c.UserID, Limit: 100})
			require.NoError(t, err)
			byID := map[string]domain.SyncRun{}
			for _, r := range runs {
				byID[r.ID] = r
				require.NotEqual(t, domain.SyncRunning, r.Status, "run %s (%s) left in progress", r.ID, r.Source)
			}
			require.Equal(t, syncer.SyncInterrupted, byID[dead.ID].Status)
			now := byID[syncer.WebhookRunID(job, 1, 0, c.ID)]
			require.Equal(t, domain.SyncSuccess, now.Status, "the taking-over attempt records its own run")
			require.Contains(t, byID[dead.ID].Error, now.ID)
		})
	}
}
