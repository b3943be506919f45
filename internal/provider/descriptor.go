package provider

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Descriptor is everything the rest of wearhouse needs to know about a
// provider before it runs: configuration, the provider list, coverage,
// priorities and the command line all read it instead of naming
// providers. Each provider package declares exactly one.
type Descriptor struct {
	// Name is the wire name ("whoop"); it also names the provider's
	// WEARHOUSE_<NAME>_* settings.
	Name domain.Provider
	// DisplayName is the name Open Wearables shows ("Whoop").
	DisplayName string
	// Endpoints are the real provider's URLs, the defaults of its
	// URL settings.
	Endpoints Endpoints
	// Scopes are requested at authorization unless configured otherwise.
	Scopes []string
	// ScopeSeparator joins Scopes in the authorize URL and in the
	// WEARHOUSE_<NAME>_SCOPES setting ("" means " "; Withings wants ",").
	ScopeSeparator string
	// Limits are the provider's published per-application rate limits.
	Limits []Limit
	// DataTypes are what the provider syncs, in fetch order.
	DataTypes []DataType
	// ExpandedTypes are the raw document types stored besides the
	// DataTypes' own, fetched while expanding another document (WHOOP's
	// sleep_stream with each sleep).
	ExpandedTypes []string
	// Coverage is what the connector fills (GET /api/v1/meta/coverage).
	Coverage Coverage
	// Settings are configuration knobs of this provider only, beyond its
	// endpoints, credentials, scopes and rate limit.
	Settings []Setting
	// New builds the connector from its configuration.
	New func(Config) Provider
}

// Endpoints are a provider's base URLs.
type Endpoints struct {
	API   string
	Auth  string
	Token string
}

// Coverage declares what one connector fills; the field mappings in
// docs/providers/*.md are its source.
type Coverage struct {
	Series []string // series-type codes
	// DailyTotals are the Series the connector reports only as one
	// total per local day (Oura's daily activity steps), stamped at the
	// day's local midnight: served with is_daily_total true.
	DailyTotals   []string
	WorkoutFields []string
	SleepFields   []string
	HealthScores  []string
}

// Setting is a provider-specific configuration knob, read from
// WEARHOUSE_<NAME>_<Key> and --<name>-<key>.
type Setting struct {
	// Key is the variable's suffix in upper snake case ("PERSONAL_TOKEN").
	Key    string
	Secret bool
	Help   string
}

// Config is one provider's configuration as the composition root hands
// it to Descriptor.New.
type Config struct {
	Endpoints    Endpoints
	ClientID     string
	ClientSecret string
	Scopes       []string
	// Extra holds the values of Descriptor.Settings by Key.
	Extra map[string]string
	// BaseURL is WEARHOUSE_BASE_URL, for webhook callbacks.
	BaseURL string
	// Client is the provider application's shared, rate-budgeted client.
	Client *Client
	// Derive returns a secret for purpose derived from WEARHOUSE_SECRET_KEY
	// (stable across restarts and shared by replicas, different for every
	// purpose), for settings that default to one; nil when there is no key.
	Derive func(purpose string) string
}

// Derived is c.Derive(purpose), or "" without a key.
func (c Config) Derived(purpose string) string {
	if c.Derive == nil {
		return ""
	}
	return c.Derive(purpose)
}

// Separator is the scope separator ("" means a space).
func (d Descriptor) Separator() string { return cmp.Or(d.ScopeSeparator, " ") }

// JoinScopes renders scopes the way the provider's setting spells them.
func (d Descriptor) JoinScopes(scopes []string) string { return strings.Join(scopes, d.Separator()) }

// SplitScopes reads a WEARHOUSE_<NAME>_SCOPES value.
func (d Descriptor) SplitScopes(v string) []string {
	if d.Separator() == " " {
		return strings.Fields(v)
	}
	var out []string
	for _, s := range strings.Split(v, d.Separator()) {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Catalog is the list of providers this build knows, in the order they
// are shown everywhere (WHOOP, Oura, Withings). It is immutable.
type Catalog struct {
	ds []Descriptor
}

// NewCatalog checks descriptors (a name, a display name and a
// constructor each, no name twice) and keeps their order.
func NewCatalog(ds ...Descriptor) (Catalog, error) {
	var errs []error
	seen := map[domain.Provider]bool{}
	for _, d := range ds {
		switch {
		case d.Name == "" || d.DisplayName == "" || d.New == nil:
			errs = append(errs, fmt.Errorf("provider: descriptor %q needs a name, a display name and New", d.Name))
		case seen[d.Name]:
			errs = append(errs, fmt.Errorf("provider: %s described twice", d.Name))
		}
		seen[d.Name] = true
	}
	if err := errors.Join(errs...); err != nil {
		return Catalog{}, err
	}
	return Catalog{ds: slices.Clone(ds)}, nil
}

// All returns the descriptors in order.
func (c Catalog) All() []Descriptor { return slices.Clone(c.ds) }

// Names returns the provider names in order.
func (c Catalog) Names() []domain.Provider {
	out := make([]domain.Provider, len(c.ds))
	for i, d := range c.ds {
		out[i] = d.Name
	}
	return out
}

// Get returns the named provider's descriptor.
func (c Catalog) Get(name domain.Provider) (Descriptor, bool) {
	i := slices.IndexFunc(c.ds, func(d Descriptor) bool { return d.Name == name })
	if i < 0 {
		return Descriptor{}, false
	}
	return c.ds[i], true
}

// CommonSleepFields are the sleep fields every connector fills.
func CommonSleepFields() []string {
	return []string{"duration_seconds", "sleep_duration_seconds", "efficiency_percent", "stages", "is_nap"}
}

// RawDataTypes lists the data types of the raw documents the provider
// stores: its DataTypes' names, then its ExpandedTypes.
func (d Descriptor) RawDataTypes() []string {
	out := make([]string, 0, len(d.DataTypes)+len(d.ExpandedTypes))
	for _, dt := range d.DataTypes {
		out = append(out, dt.Name)
	}
	return append(out, d.ExpandedTypes...)
}
