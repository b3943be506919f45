package api

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
)

type wireDataSource struct {
	ID                 string  `json:"id"`
	UserID             string  `json:"user_id"`
	Provider           string  `json:"provider"`
	ConnectionID       *string `json:"user_connection_id"`
	DeviceModel        *string `json:"device_model"`
	SoftwareVersion    *string `json:"software_version"`
	Source             *string `json:"source"`
	DeviceType         *string `json:"device_type"`
	OriginalSourceName *string `json:"original_source_name"`
	DisplayName        *string `json:"display_name"`
}

// ListDataSources implements GET /api/v1/users/{user_id}/data-sources.
func (s *Server) ListDataSources(ctx context.Context, req apigen.ListDataSourcesRequestObject) (apigen.ListDataSourcesResponseObject, error) {
	userID := req.UserId.String()
	if _, err := s.user(ctx, userID); err != nil {
		return nil, err
	}
	list, err := s.store.ListDataSources(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("api: list data sources: %w", err)
	}
	items := make([]wireDataSource, len(list))
	for i, ds := range list {
		items[i] = dataSourceWire(ds)
	}
	return ok(map[string]any{"items": items, "total": len(items)}), nil
}

func dataSourceWire(ds domain.DataSource) wireDataSource {
	out := wireDataSource{ID: ds.ID, UserID: ds.UserID, Provider: string(ds.Provider), ConnectionID: ds.ConnectionID,
		DeviceModel: ds.DeviceModel, SoftwareVersion: ds.SoftwareVersion, Source: ds.Source,
		OriginalSourceName: ds.OriginalSourceName}
	if ds.DeviceType != nil {
		out.DeviceType = strPtr(string(*ds.DeviceType))
	}
	name := string(ds.Provider)
	if ds.DeviceModel != nil {
		name += " " + *ds.DeviceModel
	}
	out.DisplayName = &name
	return out
}
