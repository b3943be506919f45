package priority

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

func TestOverlay(t *testing.T) {
	t.Parallel()
	byID := map[string]domain.DataSource{
		"watch": ds("watch", "garmin", domain.DeviceWatch),
		"scale": ds("scale", domain.ProviderWithings, domain.DeviceScale),
		"ring":  ds("ring", domain.ProviderOura, domain.DeviceRing),
		"band":  ds("band", domain.ProviderWHOOP, domain.DeviceBand),
	}
	ids := []string{"scale", "ring", "watch", "band"}
	// The user's Withings scale and Garmin watch disagree about weight.
	byID["watch-scale"] = ds("watch-scale", "garmin", domain.DeviceScale)
	ids = append(ids, "watch-scale")

	tests := []struct {
		name         string
		global, user store.Priorities
		want         map[string]string // metric → best source
	}{
		{name: "Defaults",
			want: map[string]string{"steps": "watch", "heart_rate": "watch", "weight": "watch-scale", "": "watch"}},
		{name: "GlobalProviderOrder",
			global: store.Priorities{Providers: []store.ProviderPriority{{Provider: domain.ProviderOura, Priority: 1}}},
			want:   map[string]string{"steps": "ring", "heart_rate": "ring", "weight": "watch-scale", "": "ring"}},
		{name: "UserOverridesGlobal",
			global: store.Priorities{Providers: []store.ProviderPriority{{Provider: domain.ProviderOura, Priority: 1}}},
			user:   store.Priorities{Providers: []store.ProviderPriority{{Provider: domain.ProviderWHOOP, Priority: 1}, {Provider: domain.ProviderOura, Priority: 50}}},
			want:   map[string]string{"steps": "band", "": "band", "weight": "watch-scale"}},
		{name: "DeviceTypeForAllMetricsLeavesBodyOrder",
			user: store.Priorities{
				Providers:   []store.ProviderPriority{{Provider: "garmin", Priority: 10}},
				DeviceTypes: []store.DeviceTypePriority{{DeviceType: domain.DeviceRing, Priority: 1}, {DeviceType: domain.DeviceScale, Priority: 50}},
			},
			// The provider decides first outside body metrics; on weight
			// the scale still leads, and demoted Garmin loses the tie.
			want: map[string]string{"steps": "band", "weight": "scale"}},
		{name: "ScopedOverrideWinsForItsMetricOnly",
			user: store.Priorities{Providers: []store.ProviderPriority{
				{Scope: "steps", Provider: domain.ProviderWHOOP, Priority: 1},
				{Scope: "weight", Provider: domain.ProviderWithings, Priority: 1},
			}},
			want: map[string]string{"steps": "band", "heart_rate": "watch", "weight": "scale", "": "watch"}},
		{name: "ScopedDeviceTypeBeatsTheScaleOnWeight",
			user: store.Priorities{DeviceTypes: []store.DeviceTypePriority{
				{Scope: "weight", DeviceType: domain.DeviceBand, Priority: 1},
				{Scope: "weight", DeviceType: domain.DeviceScale, Priority: 2},
			}},
			want: map[string]string{"weight": "band", "steps": "watch"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			base := catalogDefault()
			r := Overlay(base, tt.global, tt.user)
			for metric, want := range tt.want {
				require.Equal(t, want, r.Best(metric, ids, byID), "metric %q", metric)
			}
			require.Equal(t, catalogDefault(), base, "the base ranking is not modified")
		})
	}
}

func TestOverlayKeepsBaseMetrics(t *testing.T) {
	t.Parallel()
	base := Ranker{Metrics: map[string]MetricPriorities{"steps": {Providers: map[domain.Provider]int{"garmin": 1}}}}
	r := Overlay(base, store.Priorities{}, store.Priorities{Providers: []store.ProviderPriority{
		{Scope: "steps", Provider: domain.ProviderOura, Priority: 2},
	}})
	require.Equal(t, map[domain.Provider]int{"garmin": 1, domain.ProviderOura: 2}, r.Metrics["steps"].Providers)
	require.Len(t, base.Metrics["steps"].Providers, 1, "written into a copy")
	require.Equal(t, Unranked, r.Rank("", ds("x", domain.ProviderOura, domain.DeviceRing)).Provider, "an empty base ranks nothing")
}
