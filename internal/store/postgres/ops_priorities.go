package postgres

import (
	"context"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/postgres/pgdb"
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
	return convertAll(rs, err, func(r pgdb.ProviderPriority) store.ProviderPriority {
		return store.ProviderPriority{Provider: domain.Provider(r.Provider), Priority: int(r.Priority), UpdatedAt: fromTS(r.UpdatedAt)}
	})
}

func (o *ops) ListDeviceTypePriorities(ctx context.Context) ([]store.DeviceTypePriority, error) {
	rs, err := o.q.ListDeviceTypePriorities(ctx)
	return convertAll(rs, err, func(r pgdb.DeviceTypePriority) store.DeviceTypePriority {
		return store.DeviceTypePriority{DeviceType: domain.DeviceType(r.DeviceType), Priority: int(r.Priority), UpdatedAt: fromTS(r.UpdatedAt)}
	})
}

func (o *ops) ListUserProviderPriorities(ctx context.Context, userID string) ([]store.ProviderPriority, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ListUserProviderPriorities(ctx, uid)
	return convertAll(rs, err, func(r pgdb.ListUserProviderPrioritiesRow) store.ProviderPriority {
		return store.ProviderPriority{Scope: r.Scope, Provider: domain.Provider(r.Provider), Priority: int(r.Priority), UpdatedAt: fromTS(r.UpdatedAt)}
	})
}

func (o *ops) ListUserDeviceTypePriorities(ctx context.Context, userID string) ([]store.DeviceTypePriority, error) {
	uid, err := parseID(userID)
	if err != nil {
		return nil, nil // a malformed id owns nothing
	}
	rs, err := o.q.ListUserDeviceTypePriorities(ctx, uid)
	return convertAll(rs, err, func(r pgdb.ListUserDeviceTypePrioritiesRow) store.DeviceTypePriority {
		return store.DeviceTypePriority{Scope: r.Scope, DeviceType: domain.DeviceType(r.DeviceType), Priority: int(r.Priority), UpdatedAt: fromTS(r.UpdatedAt)}
	})
}

func (o *ops) PutProviderPriority(ctx context.Context, p store.ProviderPriority) error {
	return o.q.PutProviderPriority(ctx, pgdb.PutProviderPriorityParams{
		Provider: string(p.Provider), Priority: int32(p.Priority), UpdatedAt: ts(p.UpdatedAt),
	})
}

func (o *ops) DeleteProviderPriority(ctx context.Context, p domain.Provider) (int64, error) {
	return o.q.DeleteProviderPriority(ctx, string(p))
}

func (o *ops) PutDeviceTypePriority(ctx context.Context, d store.DeviceTypePriority) error {
	return o.q.PutDeviceTypePriority(ctx, pgdb.PutDeviceTypePriorityParams{
		DeviceType: string(d.DeviceType), Priority: int32(d.Priority), UpdatedAt: ts(d.UpdatedAt),
	})
}

func (o *ops) DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) (int64, error) {
	return o.q.DeleteDeviceTypePriority(ctx, string(d))
}

func (o *ops) PutUserProviderPriority(ctx context.Context, userID string, p store.ProviderPriority) error {
	uid, err := parseID(userID)
	if err != nil {
		return err
	}
	return o.q.PutUserProviderPriority(ctx, pgdb.PutUserProviderPriorityParams{
		UserID: uid, Scope: p.Scope, Provider: string(p.Provider), Priority: int32(p.Priority), UpdatedAt: ts(p.UpdatedAt),
	})
}

func (o *ops) DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) (int64, error) {
	uid, err := parseID(userID)
	if err != nil {
		return 0, nil // nothing to delete: the engine reports not found
	}
	return o.q.DeleteUserProviderPriority(ctx, pgdb.DeleteUserProviderPriorityParams{
		UserID: uid, Scope: scope, Provider: string(p),
	})
}

func (o *ops) PutUserDeviceTypePriority(ctx context.Context, userID string, d store.DeviceTypePriority) error {
	uid, err := parseID(userID)
	if err != nil {
		return err
	}
	return o.q.PutUserDeviceTypePriority(ctx, pgdb.PutUserDeviceTypePriorityParams{
		UserID: uid, Scope: d.Scope, DeviceType: string(d.DeviceType), Priority: int32(d.Priority), UpdatedAt: ts(d.UpdatedAt),
	})
}

func (o *ops) DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) (int64, error) {
	uid, err := parseID(userID)
	if err != nil {
		return 0, nil // nothing to delete: the engine reports not found
	}
	return o.q.DeleteUserDeviceTypePriority(ctx, pgdb.DeleteUserDeviceTypePriorityParams{
		UserID: uid, Scope: scope, DeviceType: string(d),
	})
}
