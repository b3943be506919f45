package priority

import (
	"context"
	"fmt"
	"maps"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// MetricPriorities overrides some provider and device-type priorities for
// one metric (see Ranker.Metrics). Entries it lacks fall back to the
// Ranker's general maps.
type MetricPriorities struct {
	Providers   map[domain.Provider]int
	DeviceTypes map[domain.DeviceType]int
}

// Overlay returns base with stored priorities applied, most specific
// last:
//
//  1. the global rows replace base's provider and device-type priorities;
//  2. the user's all-metric rows (scope "") replace those in turn;
//  3. the user's scoped rows become per-metric overrides (Ranker.Metrics),
//     which win over everything for their metric only — steps from the
//     watch while weight comes from the scale.
//
// Stored device-type priorities change DeviceTypes, not BodyDeviceTypes:
// raising a ring for every metric must not let it outrank the scale on
// weight. For body metrics the device type is still compared before the
// provider, so a user who wants another source for weight scopes a
// device-type override to "weight" (a provider override there only breaks
// ties between devices of one type).
//
// base is not modified: servers keep one base and overlay it per request.
func Overlay(base Ranker, global, user store.Priorities) Ranker {
	r := Ranker{
		Providers:       cloneOrNew(base.Providers),
		DeviceTypes:     cloneOrNew(base.DeviceTypes),
		BodyDeviceTypes: cloneOrNew(base.BodyDeviceTypes),
		Metrics:         make(map[string]MetricPriorities, len(base.Metrics)),
	}
	for m, o := range base.Metrics {
		r.Metrics[m] = MetricPriorities{Providers: cloneOrNew(o.Providers), DeviceTypes: cloneOrNew(o.DeviceTypes)}
	}
	for _, set := range []store.Priorities{global, user} {
		for _, p := range set.Providers {
			if p.Scope == "" {
				r.Providers[p.Provider] = p.Priority
				continue
			}
			r.metric(p.Scope).Providers[p.Provider] = p.Priority
		}
		for _, d := range set.DeviceTypes {
			if d.Scope == "" {
				r.DeviceTypes[d.DeviceType] = d.Priority
				continue
			}
			r.metric(d.Scope).DeviceTypes[d.DeviceType] = d.Priority
		}
	}
	return r
}

// metric returns the override of one metric, creating it (with both maps)
// if needed. r.Metrics must be non-nil.
func (r Ranker) metric(m string) MetricPriorities {
	o, ok := r.Metrics[m]
	if !ok {
		o = MetricPriorities{Providers: map[domain.Provider]int{}, DeviceTypes: map[domain.DeviceType]int{}}
		r.Metrics[m] = o
	}
	return o
}

// cloneOrNew copies a map, turning nil into an empty map so that Overlay
// can write into any base.
func cloneOrNew[K comparable](m map[K]int) map[K]int {
	if m == nil {
		return map[K]int{}
	}
	return maps.Clone(m)
}

// Load builds the ranking that applies to one user: base (Default for the
// catalogue) overlaid with the stored global priorities and userID's
// overrides. An empty userID loads the global ranking only.
func Load(ctx context.Context, r store.PriorityReader, base Ranker, userID string) (Ranker, error) {
	global, err := r.GlobalPriorities(ctx)
	if err != nil {
		return Ranker{}, fmt.Errorf("priority: load: %w", err)
	}
	var user store.Priorities
	if userID != "" {
		if user, err = r.UserPriorities(ctx, userID); err != nil {
			return Ranker{}, fmt.Errorf("priority: load: %w", err)
		}
	}
	return Overlay(base, global, user), nil
}
