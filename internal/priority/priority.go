// Package priority decides which data source wins when several report the
// same thing: per metric, by provider priority, then device-type priority
// (lower wins), then a stable tie-break. Prioritization only selects what
// is served; it never deletes records.
package priority

import (
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Unranked is the priority of anything not listed.
const Unranked = 99

// Ranker holds provider and device-type priorities (lower wins).
type Ranker struct {
	Providers   map[domain.Provider]int
	DeviceTypes map[domain.DeviceType]int
	// BodyDeviceTypes overrides DeviceTypes for body-composition and
	// blood-pressure metrics, where a scale or cuff beats a wrist device;
	// for those metrics the device type is compared before the provider.
	BodyDeviceTypes map[domain.DeviceType]int
	// Metrics holds per-metric overrides, keyed by the metric Rank is
	// asked about: for that metric a provider or device type listed there
	// takes that priority instead of the general one. Nil means none.
	Metrics map[string]MetricPriorities
}

// openWearablesOrder is Open Wearables' provider order, ahead of the
// catalogue's.
var openWearablesOrder = [...]domain.Provider{"apple", "garmin", "polar", "suunto"}

// Default is the built-in ranking: Open Wearables' provider order with
// providers appended in the order given (the provider catalogue's:
// provider.Catalog.Names), and its device-type order; body metrics prefer
// dedicated devices. The catalogue is passed in rather than imported
// because provider packages test themselves through packages that rank.
func Default(providers ...domain.Provider) Ranker {
	ranks := map[domain.Provider]int{}
	for _, p := range slices.Concat(openWearablesOrder[:], providers) {
		if _, dup := ranks[p]; !dup {
			ranks[p] = len(ranks) + 1
		}
	}
	return Ranker{
		Providers: ranks,
		DeviceTypes: map[domain.DeviceType]int{
			domain.DeviceWatch: 1, domain.DeviceBand: 2, domain.DeviceRing: 3, domain.DevicePhone: 4,
			domain.DeviceScale: 5, domain.DeviceOther: 6, domain.DeviceUnknown: Unranked,
		},
		BodyDeviceTypes: map[domain.DeviceType]int{
			domain.DeviceScale: 1, domain.DeviceOther: 2, domain.DeviceWatch: 3, domain.DeviceBand: 4,
			domain.DeviceRing: 5, domain.DevicePhone: 6, domain.DeviceUnknown: Unranked,
		},
	}
}

// bodyMetrics are metrics for which BodyDeviceTypes applies.
var bodyMetrics = [...]string{"weight", "height", "body_fat_percentage", "body_mass_index", "lean_body_mass",
	"body_fat_mass", "skeletal_muscle_mass", "blood_pressure_systolic", "blood_pressure_diastolic"}

// Key is a sortable rank: compare with Less.
type Key struct {
	Provider, Device int
	Tie              string
}

// Less orders keys best first.
func (k Key) Less(o Key) bool {
	if k.Provider != o.Provider {
		return k.Provider < o.Provider
	}
	if k.Device != o.Device {
		return k.Device < o.Device
	}
	return k.Tie < o.Tie
}

// Rank returns the key of a data source for a metric (a series-type code or
// a summary metric name; empty for "whole record" choices like sleep).
func (r Ranker) Rank(metric string, ds domain.DataSource) Key {
	k := Key{Provider: Unranked, Device: Unranked, Tie: ds.ID}
	over := r.Metrics[metric]
	if p, ok := over.Providers[ds.Provider]; ok {
		k.Provider = p
	} else if p, ok := r.Providers[ds.Provider]; ok {
		k.Provider = p
	}
	body := slices.Contains(bodyMetrics[:], metric)
	devices := r.DeviceTypes
	if body {
		devices = r.BodyDeviceTypes
	}
	if ds.DeviceType != nil {
		if d, ok := over.DeviceTypes[*ds.DeviceType]; ok {
			k.Device = d
		} else if d, ok := devices[*ds.DeviceType]; ok {
			k.Device = d
		}
	}
	if body {
		// A measurement device beats any wrist or ring, whoever made it.
		k.Provider, k.Device = k.Device, k.Provider
	}
	return k
}

// Best returns the id of the best-ranked source among ids for a metric,
// or "" if ids is empty. Unknown ids rank last.
func (r Ranker) Best(metric string, ids []string, byID map[string]domain.DataSource) string {
	best, bestKey := "", Key{}
	for _, id := range ids {
		k := r.Rank(metric, byID[id])
		if best == "" || k.Less(bestKey) {
			best, bestKey = id, k
		}
	}
	return best
}
