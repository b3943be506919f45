package metrics

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// TestDocumentedSeriesExist holds the example alert rules
// (deploy/prometheus-alerts.yaml) and the metrics list in
// docs/deployment.md to the series this package serves: every
// wearhouse_* name they use is one, and every one is documented.
func TestDocumentedSeriesExist(t *testing.T) {
	t.Parallel()
	m := New()
	m.ObserveHTTP("GET /x", "GET", 200, time.Millisecond)
	m.SyncRun("oura", "pull", "success")
	m.JobStarted("sync", time.Second)
	m.TokenRefresh("oura", "success")
	m.TokenRevocation("oura", "refresh_rejected")
	m.WebhookReceived("oura")
	m.WebhookRejected("oura", "signature")
	m.Provider("oura").Request(429)
	m.Provider("oura").BudgetWait(time.Second)
	require.NoError(t, m.WatchJobs(func(context.Context) ([]JobCount, error) {
		return []JobCount{{Kind: "sync", State: "available", Count: 2}}, nil
	}))
	fams, err := m.Registry.Gather()
	require.NoError(t, err)
	served := map[string]bool{}
	for _, f := range fams {
		if strings.HasPrefix(f.GetName(), "wearhouse_") {
			served[f.GetName()] = true
		}
	}
	require.Len(t, served, 12)

	b, err := os.ReadFile(filepath.Join("..", "..", "deploy", "prometheus-alerts.yaml"))
	require.NoError(t, err)
	var rules struct {
		Groups []struct {
			Rules []struct {
				Alert string `yaml:"alert"`
				Expr  string `yaml:"expr"`
			} `yaml:"rules"`
		} `yaml:"groups"`
	}
	require.NoError(t, yaml.Unmarshal(b, &rules))
	name := regexp.MustCompile(`wearhouse_[a-z_]+`)
	used := 0
	for _, g := range rules.Groups {
		for _, r := range g.Rules {
			for _, n := range name.FindAllString(r.Expr, -1) {
				n = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSuffix(n, "_bucket"), "_count"), "_sum")
				require.True(t, served[n], "alert %s uses %s, which wearhouse does not serve", r.Alert, n)
				used++
			}
		}
	}
	require.Positive(t, used)

	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "deployment.md"))
	require.NoError(t, err)
	for n := range served {
		require.Contains(t, string(doc), "`"+n, "docs/deployment.md documents %s", n)
	}
}

// TestNilMetricsIgnoreEverything lets parts built without a registry
// (tests, tools) call the metrics unconditionally.
func TestNilMetricsIgnoreEverything(t *testing.T) {
	t.Parallel()
	var m *Metrics
	m.SyncRun("oura", "pull", "success")
	m.JobStarted("sync", time.Second)
	m.TokenRefresh("oura", "success")
	m.TokenRevocation("oura", "deregistered")
	m.WebhookReceived("oura")
	m.WebhookRejected("oura", "signature")
	m.Provider("oura").Request(200)
	m.Provider("oura").BudgetWait(time.Second)
}
