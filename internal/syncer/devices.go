package syncer

import (
	"context"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// sources resolves where a document's records are written: the
// connection's own data source, or — when the provider names the device
// that recorded the document — one data source per device of the
// connection, so priorities by device type can tell a scale from a watch
// behind one account. A deleted document normalizes to the same device,
// so its records are found again.
type sources struct {
	tx      store.Tx
	base    domain.DataSource
	devices map[provider.Device]domain.DataSource
}

func newSources(tx store.Tx, base domain.DataSource) *sources {
	return &sources{tx: tx, base: base, devices: map[provider.Device]domain.DataSource{}}
}

// of returns the data source for records recorded by d (nil: the base).
func (s *sources) of(ctx context.Context, d *provider.Device) (domain.DataSource, error) {
	if d == nil || d.Model == "" {
		return s.base, nil
	}
	if ds, ok := s.devices[*d]; ok {
		return ds, nil
	}
	model, kind := d.Model, d.Type
	ds, err := s.tx.EnsureDataSource(ctx, domain.DataSource{UserID: s.base.UserID, Provider: s.base.Provider,
		ConnectionID: s.base.ConnectionID, Source: s.base.Source, OriginalSourceName: s.base.OriginalSourceName,
		DeviceModel: &model, DeviceType: &kind})
	if err != nil {
		return domain.DataSource{}, err
	}
	s.devices[*d] = ds
	return ds, nil
}
