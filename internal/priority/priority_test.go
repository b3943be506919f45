package priority

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider/catalog"
)

// catalogDefault is the ranking the server uses: Default for the provider
// catalogue.
func catalogDefault() Ranker { return Default(catalog.Default().Names()...) }

// TestDefaultFollowsCatalogue checks that the catalogue's providers rank
// after Open Wearables' four, in catalogue order.
func TestDefaultFollowsCatalogue(t *testing.T) {
	t.Parallel()
	r := catalogDefault()
	require.Equal(t, map[domain.Provider]int{"apple": 1, "garmin": 2, "polar": 3, "suunto": 4,
		domain.ProviderWHOOP: 5, domain.ProviderOura: 6, domain.ProviderWithings: 7}, r.Providers)
	require.Equal(t, 5, Default("garmin", "acme").Providers["acme"], "a provider Open Wearables lists keeps its rank")
}

func ds(id string, p domain.Provider, dt domain.DeviceType) domain.DataSource {
	return domain.DataSource{ID: id, Provider: p, DeviceType: &dt}
}

func TestBestPerMetric(t *testing.T) {
	t.Parallel()
	r := catalogDefault()
	byID := map[string]domain.DataSource{
		"watch": ds("watch", "garmin", domain.DeviceWatch),
		"scale": ds("scale", domain.ProviderWithings, domain.DeviceScale),
		"ring":  ds("ring", domain.ProviderOura, domain.DeviceRing),
		"band":  ds("band", domain.ProviderWHOOP, domain.DeviceBand),
	}
	ids := []string{"scale", "ring", "watch", "band"}
	tests := []struct{ metric, want string }{
		{"steps", "watch"},
		{"weight", "scale"}, // body metrics: the scale wins across providers
		{"heart_rate", "watch"},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, r.Best(tt.metric, ids, byID), tt.metric)
	}
	// Same device type: the provider decides.
	byID["scale2"] = ds("scale2", "garmin", domain.DeviceScale)
	require.Equal(t, "scale2", r.Best("weight", append(ids, "scale2"), byID))
	require.Equal(t, "watch", r.Best("steps", append(ids, "scale2"), byID))
	require.Equal(t, "", r.Best("steps", nil, byID))
	// Unknown providers and missing device types rank last, ties by id.
	require.Equal(t, "a", r.Best("steps", []string{"b", "a"}, map[string]domain.DataSource{"a": {ID: "a"}, "b": {ID: "b"}}))
}
