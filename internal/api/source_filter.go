package api

import (
	"slices"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

// sourceFilter holds Open Wearables 0.9.0's data-source filters of the
// record routes (provider, source, device_model, data_source_id). They
// select data sources, so they are resolved against the user's sources
// once and reach the store as a list of data source ids.
type sourceFilter struct {
	provider, source, deviceModel, dataSourceID string
}

func newSourceFilter(p *apigen.ProviderFilter, source *apigen.SourceFilter, model *apigen.DeviceModelFilter, id *apigen.DataSourceFilter) sourceFilter {
	f := sourceFilter{source: deref(source, ""), deviceModel: deref(model, "")}
	if p != nil {
		f.provider = string(*p)
	}
	if id != nil {
		f.dataSourceID = id.String()
	}
	return f
}

// active reports whether any filter is set.
func (f sourceFilter) active() bool { return f != sourceFilter{} }

// ids returns the ids of the user's data sources that pass every set
// filter, sorted; nil when no filter is set. A filter matching none of
// the user's sources gives an empty, non-nil list: the answer is empty.
func (f sourceFilter) ids(srcs sources) []string {
	if !f.active() {
		return nil
	}
	out := []string{}
	for id, ds := range srcs {
		w := srcs.wire(id)
		switch {
		case f.provider != "" && string(ds.Provider) != f.provider:
		case f.source != "" && deref(w.Source, "") != f.source:
		case f.deviceModel != "" && deref(ds.DeviceModel, "") != f.deviceModel:
		case f.dataSourceID != "" && id != f.dataSourceID:
		default:
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// scope is the filter's part of a cursor scope.
func (f sourceFilter) scope() string {
	return f.provider + "\x00" + f.source + "\x00" + f.deviceModel + "\x00" + f.dataSourceID
}
