package metrics

import (
	"context"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// syncCollectors are the sync engine's, token lifecycle's, provider
// client's, job queue's and webhook receiver's metrics. Every method of
// Metrics that updates them accepts a nil *Metrics (tests and tools that
// build parts without a registry), so callers never check.
type syncCollectors struct {
	syncRuns         *prometheus.CounterVec
	jobDelay         *prometheus.HistogramVec
	tokenRefreshes   *prometheus.CounterVec
	tokenRevocations *prometheus.CounterVec
	providerRequests *prometheus.CounterVec
	providerLimited  *prometheus.CounterVec
	budgetWait       *prometheus.HistogramVec
	webhooksReceived *prometheus.CounterVec
	webhooksRejected *prometheus.CounterVec
}

func newSyncCollectors() syncCollectors {
	return syncCollectors{
		syncRuns: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_sync_runs_total", Help: "Finished sync runs by provider, source (backfill, pull, webhook) and outcome (success, partial, failed, interrupted).",
		}, []string{"provider", "source", "outcome"}),
		jobDelay: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wearhouse_job_start_delay_seconds", Help: "Time from a job's scheduled time to the start of its attempt, by kind.",
			Buckets: []float64{.01, .05, .1, .5, 1, 5, 15, 30, 60, 300, 900, 3600},
		}, []string{"kind"}),
		tokenRefreshes: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_token_refreshes_total", Help: "OAuth token refreshes by provider and outcome (success, rejected, failed).",
		}, []string{"provider", "outcome"}),
		tokenRevocations: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_token_revocations_total", Help: "Provider grants ended, by provider and reason (refresh_rejected: the provider refused the refresh token; deregistered: wearhouse revoked it on disconnect or user deletion).",
		}, []string{"provider", "reason"}),
		providerRequests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_provider_requests_total", Help: "Requests to provider APIs by provider and status (the HTTP code, or error when no answer came).",
		}, []string{"provider", "status"}),
		providerLimited: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_provider_rate_limited_total", Help: "Provider answers 429 Too Many Requests, by provider.",
		}, []string{"provider"}),
		budgetWait: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "wearhouse_provider_budget_wait_seconds", Help: "Time a provider request waited for the application's rate budget, by provider.",
			Buckets: []float64{.001, .01, .1, .5, 1, 5, 15, 60},
		}, []string{"provider"}),
		webhooksReceived: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_webhooks_received_total", Help: "Inbound provider webhooks accepted and recorded as jobs, by provider.",
		}, []string{"provider"}),
		webhooksRejected: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "wearhouse_webhooks_rejected_total", Help: "Inbound provider webhooks refused, by provider and reason (signature, unreadable, unknown_provider, enqueue).",
		}, []string{"provider", "reason"}),
	}
}

func (c syncCollectors) all() []prometheus.Collector {
	return []prometheus.Collector{c.syncRuns, c.jobDelay, c.tokenRefreshes, c.tokenRevocations, c.providerRequests,
		c.providerLimited, c.budgetWait, c.webhooksReceived, c.webhooksRejected}
}

// SyncRun counts one finished sync run.
func (m *Metrics) SyncRun(provider, source, outcome string) {
	if m != nil {
		m.sync.syncRuns.WithLabelValues(provider, source, outcome).Inc()
	}
}

// JobStarted records how long a job waited past its scheduled time.
func (m *Metrics) JobStarted(kind string, delay time.Duration) {
	if m != nil {
		m.sync.jobDelay.WithLabelValues(kind).Observe(max(delay, 0).Seconds())
	}
}

// TokenRefresh counts one refresh call's outcome.
func (m *Metrics) TokenRefresh(provider, outcome string) {
	if m != nil {
		m.sync.tokenRefreshes.WithLabelValues(provider, outcome).Inc()
	}
}

// TokenRevocation counts one ended grant.
func (m *Metrics) TokenRevocation(provider, reason string) {
	if m != nil {
		m.sync.tokenRevocations.WithLabelValues(provider, reason).Inc()
	}
}

// WebhookReceived counts one accepted inbound webhook.
func (m *Metrics) WebhookReceived(provider string) {
	if m != nil {
		m.sync.webhooksReceived.WithLabelValues(provider).Inc()
	}
}

// WebhookRejected counts one refused inbound webhook.
func (m *Metrics) WebhookRejected(provider, reason string) {
	if m != nil {
		m.sync.webhooksRejected.WithLabelValues(provider, reason).Inc()
	}
}

// Provider is the provider client's view of the metrics, bound to one
// provider's name; nil ignores everything.
type Provider struct {
	m    *Metrics
	name string
}

// Provider returns the metrics of one provider's HTTP client.
func (m *Metrics) Provider(name string) *Provider {
	if m == nil {
		return nil
	}
	return &Provider{m: m, name: name}
}

// Request counts one request by its answer's status (0: no answer).
func (p *Provider) Request(status int) {
	if p == nil {
		return
	}
	s := "error"
	if status > 0 {
		s = strconv.Itoa(status)
	}
	p.m.sync.providerRequests.WithLabelValues(p.name, s).Inc()
	if status == 429 {
		p.m.sync.providerLimited.WithLabelValues(p.name).Inc()
	}
}

// BudgetWait records how long a request waited for the rate budget.
func (p *Provider) BudgetWait(d time.Duration) {
	if p != nil {
		p.m.sync.budgetWait.WithLabelValues(p.name).Observe(max(d, 0).Seconds())
	}
}

// JobCount is how many jobs of one kind are in one state.
type JobCount struct {
	Kind, State string
	Count       int
}

// jobCounts is the wearhouse_jobs gauge, read from the queue at scrape.
type jobCounts struct {
	desc *prometheus.Desc
	read func(ctx context.Context) ([]JobCount, error)
}

func (j jobCounts) Describe(ch chan<- *prometheus.Desc) { ch <- j.desc }

func (j jobCounts) Collect(ch chan<- prometheus.Metric) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	counts, err := j.read(ctx)
	if err != nil {
		ch <- prometheus.NewInvalidMetric(j.desc, err)
		return
	}
	for _, c := range counts {
		ch <- prometheus.MustNewConstMetric(j.desc, prometheus.GaugeValue, float64(c.Count), c.Kind, c.State)
	}
}

// WatchJobs registers the wearhouse_jobs gauge (jobs by kind and state:
// available, scheduled, running, retryable, …), read through read at
// every scrape. Call it once per registry.
func (m *Metrics) WatchJobs(read func(ctx context.Context) ([]JobCount, error)) error {
	return m.Registry.Register(jobCounts{read: read, desc: prometheus.NewDesc("wearhouse_jobs",
		"Jobs in the queue by kind and state (available and scheduled are the backlog).", []string{"kind", "state"}, nil)})
}
