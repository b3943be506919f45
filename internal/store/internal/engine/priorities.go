package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// errGlobalScope is the error for a scoped global priority: only user
// overrides have scopes.
func errGlobalScope(scope string) error {
	return fmt.Errorf("%w: scope %q: global priorities apply to every metric", store.ErrInvalid, scope)
}

// GlobalPriorities returns the stored global priorities.
func (t *Tx) GlobalPriorities(ctx context.Context) (store.Priorities, error) {
	ps, err := list(ctx, t.db, "SELECT '', provider, priority, updated_at FROM provider_priorities ORDER BY priority, provider", nil, scanProviderPriority)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: provider priorities: %w", err)
	}
	ds, err := list(ctx, t.db, "SELECT '', device_type, priority, updated_at FROM device_type_priorities ORDER BY priority, device_type", nil, scanDevicePriority)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: device type priorities: %w", err)
	}
	return store.Priorities{Providers: ps, DeviceTypes: ds}, nil
}

// UserPriorities returns a user's stored overrides.
func (t *Tx) UserPriorities(ctx context.Context, userID string) (store.Priorities, error) {
	ps, err := list(ctx, t.db, "SELECT scope, provider, priority, updated_at FROM user_provider_priorities WHERE user_id = ?1 ORDER BY scope, priority, provider",
		[]any{userID}, scanProviderPriority)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: provider priorities of %s: %w", userID, err)
	}
	ds, err := list(ctx, t.db, "SELECT scope, device_type, priority, updated_at FROM user_device_type_priorities WHERE user_id = ?1 ORDER BY scope, priority, device_type",
		[]any{userID}, scanDevicePriority)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: device type priorities of %s: %w", userID, err)
	}
	return store.Priorities{Providers: ps, DeviceTypes: ds}, nil
}

// SetProviderPriority sets a global provider priority.
func (t *Tx) SetProviderPriority(ctx context.Context, p store.ProviderPriority) (store.ProviderPriority, error) {
	if p.Scope != "" {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority: %w", errGlobalScope(p.Scope))
	}
	if err := p.Validate(); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority: %w", err)
	}
	p.UpdatedAt = t.clock()
	if _, err := t.db.Exec(ctx, `INSERT INTO provider_priorities (provider, priority, updated_at) VALUES (?1, ?2, ?3)
ON CONFLICT (provider) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at`,
		string(p.Provider), p.Priority, ms(p.UpdatedAt)); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority %s: %w", p.Provider, err)
	}
	return p, nil
}

// DeleteProviderPriority removes a global provider priority, so the
// built-in default applies again.
func (t *Tx) DeleteProviderPriority(ctx context.Context, p domain.Provider) error {
	n, err := t.db.Exec(ctx, "DELETE FROM provider_priorities WHERE provider = ?1", string(p))
	return rowsOrNotFound(n, err, "provider priority", string(p))
}

// SetDeviceTypePriority sets a global device-type priority.
func (t *Tx) SetDeviceTypePriority(ctx context.Context, d store.DeviceTypePriority) (store.DeviceTypePriority, error) {
	if d.Scope != "" {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority: %w", errGlobalScope(d.Scope))
	}
	if err := d.Validate(); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority: %w", err)
	}
	d.UpdatedAt = t.clock()
	if _, err := t.db.Exec(ctx, `INSERT INTO device_type_priorities (device_type, priority, updated_at) VALUES (?1, ?2, ?3)
ON CONFLICT (device_type) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at`,
		string(d.DeviceType), d.Priority, ms(d.UpdatedAt)); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority %s: %w", d.DeviceType, err)
	}
	return d, nil
}

// DeleteDeviceTypePriority removes a global device-type priority.
func (t *Tx) DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) error {
	n, err := t.db.Exec(ctx, "DELETE FROM device_type_priorities WHERE device_type = ?1", string(d))
	return rowsOrNotFound(n, err, "device type priority", string(d))
}

// requireUser makes writes for an unknown user ErrNotFound rather than a
// foreign-key failure, which each engine reports differently.
func (t *Tx) requireUser(ctx context.Context, userID string) error {
	ok, err := t.userExists(ctx, userID)
	if err == nil && !ok {
		err = store.ErrNotFound
	}
	if err != nil {
		return fmt.Errorf("store: user %s: %w", userID, err)
	}
	return nil
}

// SetUserProviderPriority sets one of a user's provider overrides.
func (t *Tx) SetUserProviderPriority(ctx context.Context, userID string, p store.ProviderPriority) (store.ProviderPriority, error) {
	if err := p.Validate(); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority of %s: %w", userID, err)
	}
	if err := t.requireUser(ctx, userID); err != nil {
		return store.ProviderPriority{}, err
	}
	p.UpdatedAt = t.clock()
	if _, err := t.db.Exec(ctx, `INSERT INTO user_provider_priorities (user_id, scope, provider, priority, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (user_id, scope, provider) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at`,
		userID, p.Scope, string(p.Provider), p.Priority, ms(p.UpdatedAt)); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority %s of %s: %w", p.Provider, userID, err)
	}
	return p, nil
}

// DeleteUserProviderPriority removes one of a user's provider overrides.
func (t *Tx) DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) error {
	n, err := t.db.Exec(ctx, "DELETE FROM user_provider_priorities WHERE user_id = ?1 AND scope = ?2 AND provider = ?3", userID, scope, string(p))
	return rowsOrNotFound(n, err, "provider priority", fmt.Sprintf("%s/%q/%s", userID, scope, p))
}

// SetUserDeviceTypePriority sets one of a user's device-type overrides.
func (t *Tx) SetUserDeviceTypePriority(ctx context.Context, userID string, d store.DeviceTypePriority) (store.DeviceTypePriority, error) {
	if err := d.Validate(); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority of %s: %w", userID, err)
	}
	if err := t.requireUser(ctx, userID); err != nil {
		return store.DeviceTypePriority{}, err
	}
	d.UpdatedAt = t.clock()
	if _, err := t.db.Exec(ctx, `INSERT INTO user_device_type_priorities (user_id, scope, device_type, priority, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
ON CONFLICT (user_id, scope, device_type) DO UPDATE SET priority = excluded.priority, updated_at = excluded.updated_at`,
		userID, d.Scope, string(d.DeviceType), d.Priority, ms(d.UpdatedAt)); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority %s of %s: %w", d.DeviceType, userID, err)
	}
	return d, nil
}

// DeleteUserDeviceTypePriority removes one of a user's device-type
// overrides.
func (t *Tx) DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) error {
	n, err := t.db.Exec(ctx, "DELETE FROM user_device_type_priorities WHERE user_id = ?1 AND scope = ?2 AND device_type = ?3", userID, scope, string(d))
	return rowsOrNotFound(n, err, "device type priority", fmt.Sprintf("%s/%q/%s", userID, scope, d))
}

// SetProviderPriority implements store.PriorityWriter.
func (s *Store) SetProviderPriority(ctx context.Context, p store.ProviderPriority) (store.ProviderPriority, error) {
	return write(s, ctx, func(t *Tx) (store.ProviderPriority, error) { return t.SetProviderPriority(ctx, p) })
}

// DeleteProviderPriority implements store.PriorityWriter.
func (s *Store) DeleteProviderPriority(ctx context.Context, p domain.Provider) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteProviderPriority(ctx, p) })
}

// SetDeviceTypePriority implements store.PriorityWriter.
func (s *Store) SetDeviceTypePriority(ctx context.Context, d store.DeviceTypePriority) (store.DeviceTypePriority, error) {
	return write(s, ctx, func(t *Tx) (store.DeviceTypePriority, error) { return t.SetDeviceTypePriority(ctx, d) })
}

// DeleteDeviceTypePriority implements store.PriorityWriter.
func (s *Store) DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteDeviceTypePriority(ctx, d) })
}

// SetUserProviderPriority implements store.PriorityWriter.
func (s *Store) SetUserProviderPriority(ctx context.Context, userID string, p store.ProviderPriority) (store.ProviderPriority, error) {
	return write(s, ctx, func(t *Tx) (store.ProviderPriority, error) { return t.SetUserProviderPriority(ctx, userID, p) })
}

// DeleteUserProviderPriority implements store.PriorityWriter.
func (s *Store) DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteUserProviderPriority(ctx, userID, scope, p) })
}

// SetUserDeviceTypePriority implements store.PriorityWriter.
func (s *Store) SetUserDeviceTypePriority(ctx context.Context, userID string, d store.DeviceTypePriority) (store.DeviceTypePriority, error) {
	return write(s, ctx, func(t *Tx) (store.DeviceTypePriority, error) { return t.SetUserDeviceTypePriority(ctx, userID, d) })
}

// DeleteUserDeviceTypePriority implements store.PriorityWriter.
func (s *Store) DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteUserDeviceTypePriority(ctx, userID, scope, d) })
}

func scanProviderPriority(r Rows) (store.ProviderPriority, error) {
	var p store.ProviderPriority
	var up int64
	err := r.Scan(&p.Scope, &p.Provider, &p.Priority, &up)
	p.UpdatedAt = fromMS(up)
	return p, err
}

func scanDevicePriority(r Rows) (store.DeviceTypePriority, error) {
	var d store.DeviceTypePriority
	var up int64
	err := r.Scan(&d.Scope, &d.DeviceType, &d.Priority, &up)
	d.UpdatedAt = fromMS(up)
	return d, err
}
