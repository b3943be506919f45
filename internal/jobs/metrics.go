package jobs

import (
	"context"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"github.com/wearhouse/wearhouse/internal/metrics"
)

// delayMiddleware records, as each attempt starts, how long the job
// waited past its scheduled time: the queue's latency, which grows when
// workers fall behind.
type delayMiddleware struct {
	river.MiddlewareDefaults
	m *metrics.Metrics
}

func (d *delayMiddleware) Work(ctx context.Context, job *rivertype.JobRow, inner func(context.Context) error) error {
	if job.AttemptedAt != nil {
		d.m.JobStarted(job.Kind, job.AttemptedAt.Sub(job.ScheduledAt))
	}
	return inner(ctx)
}
