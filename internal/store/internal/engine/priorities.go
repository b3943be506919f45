package engine

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// PriorityOps is row access to the global and per-user source priorities.
// Put inserts or replaces the row at its key; Delete reports the rows it
// removed. Lists come in the order store.PriorityReader documents.
type PriorityOps interface {
	ListProviderPriorities(ctx context.Context) ([]store.ProviderPriority, error)
	ListDeviceTypePriorities(ctx context.Context) ([]store.DeviceTypePriority, error)
	ListUserProviderPriorities(ctx context.Context, userID string) ([]store.ProviderPriority, error)
	ListUserDeviceTypePriorities(ctx context.Context, userID string) ([]store.DeviceTypePriority, error)
	PutProviderPriority(ctx context.Context, p store.ProviderPriority) error
	DeleteProviderPriority(ctx context.Context, p domain.Provider) (int64, error)
	PutDeviceTypePriority(ctx context.Context, d store.DeviceTypePriority) error
	DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) (int64, error)
	PutUserProviderPriority(ctx context.Context, userID string, p store.ProviderPriority) error
	DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) (int64, error)
	PutUserDeviceTypePriority(ctx context.Context, userID string, d store.DeviceTypePriority) error
	DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) (int64, error)
}

// errGlobalScope is the error for a scoped global priority: only user
// overrides have scopes.
func errGlobalScope(scope string) error {
	return fmt.Errorf("%w: scope %q: global priorities apply to every metric", store.ErrInvalid, scope)
}

// GlobalPriorities returns the stored global priorities.
func (t *Tx) GlobalPriorities(ctx context.Context) (store.Priorities, error) {
	ps, err := t.ops.ListProviderPriorities(ctx)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: provider priorities: %w", err)
	}
	ds, err := t.ops.ListDeviceTypePriorities(ctx)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: device type priorities: %w", err)
	}
	return store.Priorities{Providers: ps, DeviceTypes: ds}, nil
}

// UserPriorities returns a user's stored overrides.
func (t *Tx) UserPriorities(ctx context.Context, userID string) (store.Priorities, error) {
	ps, err := t.ops.ListUserProviderPriorities(ctx, userID)
	if err != nil {
		return store.Priorities{}, fmt.Errorf("store: provider priorities of %s: %w", userID, err)
	}
	ds, err := t.ops.ListUserDeviceTypePriorities(ctx, userID)
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
	if err := t.ops.PutProviderPriority(ctx, p); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority %s: %w", p.Provider, err)
	}
	return p, nil
}

// DeleteProviderPriority removes a global provider priority, so the
// built-in default applies again.
func (t *Tx) DeleteProviderPriority(ctx context.Context, p domain.Provider) error {
	n, err := t.ops.DeleteProviderPriority(ctx, p)
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
	if err := t.ops.PutDeviceTypePriority(ctx, d); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority %s: %w", d.DeviceType, err)
	}
	return d, nil
}

// DeleteDeviceTypePriority removes a global device-type priority.
func (t *Tx) DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) error {
	n, err := t.ops.DeleteDeviceTypePriority(ctx, d)
	return rowsOrNotFound(n, err, "device type priority", string(d))
}

// requireUser makes writes for an unknown user ErrNotFound rather than a
// foreign-key failure, which each engine reports differently.
func (t *Tx) requireUser(ctx context.Context, userID string) error {
	if _, err := t.ops.GetUser(ctx, userID); err != nil {
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
	if err := t.ops.PutUserProviderPriority(ctx, userID, p); err != nil {
		return store.ProviderPriority{}, fmt.Errorf("store: set provider priority %s of %s: %w", p.Provider, userID, err)
	}
	return p, nil
}

// DeleteUserProviderPriority removes one of a user's provider overrides.
func (t *Tx) DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) error {
	n, err := t.ops.DeleteUserProviderPriority(ctx, userID, scope, p)
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
	if err := t.ops.PutUserDeviceTypePriority(ctx, userID, d); err != nil {
		return store.DeviceTypePriority{}, fmt.Errorf("store: set device type priority %s of %s: %w", d.DeviceType, userID, err)
	}
	return d, nil
}

// DeleteUserDeviceTypePriority removes one of a user's device-type
// overrides.
func (t *Tx) DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) error {
	n, err := t.ops.DeleteUserDeviceTypePriority(ctx, userID, scope, d)
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
