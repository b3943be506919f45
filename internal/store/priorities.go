package store

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Priority bounds, as Open Wearables accepts them. Lower wins.
const (
	MinPriority = 1
	MaxPriority = 100
)

// ProviderPriority ranks the data of one provider (lower wins). Scope is
// "" for every metric, or the one metric (a series type code such as
// "weight", or a summary metric name such as "steps") a user's override
// applies to. Global priorities always have Scope "".
type ProviderPriority struct {
	Scope     string
	Provider  domain.Provider
	Priority  int
	UpdatedAt time.Time
}

// DeviceTypePriority ranks the data of one device type (lower wins);
// Scope is as for ProviderPriority.
type DeviceTypePriority struct {
	Scope      string
	DeviceType domain.DeviceType
	Priority   int
	UpdatedAt  time.Time
}

// Priorities is one set of stored priorities: the global ones, or one
// user's overrides. It holds only what was set; the built-in defaults
// live in package priority, which overlays these on them.
type Priorities struct {
	Providers   []ProviderPriority
	DeviceTypes []DeviceTypePriority
}

// PriorityReader reads the stored source priorities.
type PriorityReader interface {
	// GlobalPriorities returns the global priorities, ordered by priority
	// then name.
	GlobalPriorities(ctx context.Context) (Priorities, error)
	// UserPriorities returns a user's overrides ordered by scope, priority
	// and name. A user without overrides, or an unknown user, has none:
	// callers that must tell the two apart look the user up.
	UserPriorities(ctx context.Context, userID string) (Priorities, error)
}

// PriorityWriter sets and removes source priorities. Set inserts or
// replaces the row at its key and returns it as stored; values Validate
// rejects are ErrInvalid. Deleting a row that does not exist, or writing
// for an unknown user, is ErrNotFound.
type PriorityWriter interface {
	// SetProviderPriority sets a global provider priority (Scope must be "").
	SetProviderPriority(ctx context.Context, p ProviderPriority) (ProviderPriority, error)
	DeleteProviderPriority(ctx context.Context, p domain.Provider) error
	// SetDeviceTypePriority sets a global device-type priority (Scope must be "").
	SetDeviceTypePriority(ctx context.Context, d DeviceTypePriority) (DeviceTypePriority, error)
	DeleteDeviceTypePriority(ctx context.Context, d domain.DeviceType) error

	// SetUserProviderPriority sets a user's override, keyed by (scope,
	// provider).
	SetUserProviderPriority(ctx context.Context, userID string, p ProviderPriority) (ProviderPriority, error)
	DeleteUserProviderPriority(ctx context.Context, userID, scope string, p domain.Provider) error
	// SetUserDeviceTypePriority sets a user's override, keyed by (scope,
	// device type).
	SetUserDeviceTypePriority(ctx context.Context, userID string, d DeviceTypePriority) (DeviceTypePriority, error)
	DeleteUserDeviceTypePriority(ctx context.Context, userID, scope string, d domain.DeviceType) error
}

// nameRE is what provider names, device types and scopes look like:
// lowercase wire names such as "withings", "scale" or
// "heart_rate_variability_rmssd". Anything else cannot match the data it
// is meant to rank, so storing it would only hide a caller's mistake.
var nameRE = regexp.MustCompile(`^[a-z0-9_-]{1,64}$`)

// validatePriority checks the fields every priority shares.
func validatePriority(kind, name, scope string, priority int) error {
	if !nameRE.MatchString(name) {
		return fmt.Errorf("%w: %s %q: want 1-64 lowercase letters, digits, '_' or '-'", ErrInvalid, kind, name)
	}
	if scope != "" && !nameRE.MatchString(scope) {
		return fmt.Errorf("%w: scope %q: want empty (all metrics) or a metric code", ErrInvalid, scope)
	}
	if priority < MinPriority || priority > MaxPriority {
		return fmt.Errorf("%w: priority %d: want %d-%d", ErrInvalid, priority, MinPriority, MaxPriority)
	}
	return nil
}

// Validate reports, as ErrInvalid naming the field, why p cannot be
// stored: a provider that is not a wire name, a malformed scope, or a
// priority outside MinPriority–MaxPriority.
func (p ProviderPriority) Validate() error {
	return validatePriority("provider", string(p.Provider), p.Scope, p.Priority)
}

// Validate is ProviderPriority.Validate for device types.
func (d DeviceTypePriority) Validate() error {
	return validatePriority("device type", string(d.DeviceType), d.Scope, d.Priority)
}
