package sqlite

import (
	"context"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/sqlite/sqlitedb"
)

// convertAll converts a list of rows, passing a query error through.
func convertAll[R, T any](rs []R, err error, conv func(R) T) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, len(rs))
	for i, r := range rs {
		out[i] = conv(r)
	}
	return out, nil
}

func (o *ops) ListProviderPriorities(ctx context.Context) ([]store.ProviderPriority, error) {
	rs, err := o.q.ListProviderPriorities(ctx)
	return convertAll(rs, err, func(r sqlitedb.ProviderPriority) store.ProviderPriority {
		return store.ProviderPriority{Provider: domain.Provider(r.Provider), Priority: int(r.Priority), UpdatedAt: fromMS(r.UpdatedAt)}
	})
}

func (o *ops) ListDeviceTypePriorities(ctx context.Context) ([]store.DeviceTypePriority, error) {
	rs, err := o.q.ListDeviceTypePriorities(ctx)
	return convertAll(rs, err, func(r sqlitedb.DeviceTypePriority) store.DeviceTypePriority {
		return store.DeviceTypePriority{DeviceType: domain.DeviceType(r.DeviceType), Priority: int(r.Priority), UpdatedAt: fromMS(r.UpdatedAt)}
	})
}

func (o *ops) ListUserProviderPriorities(ctx context.Context, userID string) ([]store.ProviderPriority, error) {
	rs, err := o.q.ListUserProviderPriorities(ctx, userID)
	return convertAll(rs, err, func(r sqlitedb.ListUserProviderPrioritiesRow) store.ProviderPriority {
		return store.ProviderPriority{Scope: r.Scope, Provider: domain.Provider(r.Provider), Priority: int(r.Priority), UpdatedAt: fromMS(r.UpdatedAt)}
	})
}

func (o *ops) ListUserDeviceTypePriorities(ctx context.Context, userID string) ([]store.DeviceTypePriority, error) {
	rs, err := o.q.ListUserDeviceTypePriorities(ctx, userID)
	return convertAll(rs, err, func(r sqlitedb.ListUserDeviceTypePrioritiesRow) store.DeviceTypePriority {
		return store.DeviceTypePriority{Scope: r.Scope, DeviceType: domain.DeviceType(r.DeviceType), Priority: int(r.Priority), UpdatedAt: fromMS(r.UpdatedAt)}
	})
}

func (o *ops) PutProviderPriority(ctx context.Context, p store.ProviderPriority) error {
	return o.q.PutProviderPriority(ctx, sqlitedb.PutProviderPriorityParams{
		Provider: string(p.Provider), Priority: int64(p.Priority), UpdatedAt: ms(p.UpdatedAt),
	})
}

func (o *ops) DeleteProviderPriority(ctx context.Context, p domain.Provider) (int64, error) {
	return o.q.DeleteProviderPriority(ctx, string(p))
}

func (o *ops) PutDeviceTypePriority(ctx context.Context, d store.DeviceTypePriority) error {
	return o.q.PutDeviceTypePriority(ctx, sqlitedb.PutDeviceTypePriorityParams{
		DeviceType: string(d.DeviceType), Priority: int64(d.Priority), UpdatedAt: ms(d.UpdatedAt),
	})
}

func (o *ops) DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) (int64, error) {
	return o.q.DeleteDeviceTypePriority(ctx, string(d))
}

func (o *ops) PutUserProviderPriority(ctx context.Context, userID string, p store.ProviderPriority) error {
	return o.q.PutUserProviderPriority(ctx, sqlitedb.PutUserProviderPriorityParams{
		UserID: userID, Scope: p.Scope, Provider: string(p.Provider), Priority: int64(p.Priority), UpdatedAt: ms(p.UpdatedAt),
	})
}

func (o *ops) DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) (int64, error) {
	return o.q.DeleteUserProviderPriority(ctx, sqlitedb.DeleteUserProviderPriorityParams{
		UserID: userID, Scope: scope, Provider: string(p),
	})
}

func (o *ops) PutUserDeviceTypePriority(ctx context.Context, userID string, d store.DeviceTypePriority) error {
	return o.q.PutUserDeviceTypePriority(ctx, sqlitedb.PutUserDeviceTypePriorityParams{
		UserID: userID, Scope: d.Scope, DeviceType: string(d.DeviceType), Priority: int64(d.Priority), UpdatedAt: ms(d.UpdatedAt),
	})
}

func (o *ops) DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) (int64, error) {
	return o.q.DeleteUserDeviceTypePriority(ctx, sqlitedb.DeleteUserDeviceTypePriorityParams{
		UserID: userID, Scope: scope, DeviceType: string(d),
	})
}
