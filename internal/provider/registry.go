package provider

import (
	"fmt"
	"slices"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Registry holds the providers of one process, by name. It is built once
// by the composition root and read concurrently afterwards.
type Registry struct {
	byName map[domain.Provider]Provider
	order  []domain.Provider
}

// NewRegistry registers providers in the given order (the order of
// GET /api/v1/oauth/providers). A duplicate name is an error.
func NewRegistry(ps ...Provider) (*Registry, error) {
	r := &Registry{byName: make(map[domain.Provider]Provider, len(ps))}
	for _, p := range ps {
		if _, dup := r.byName[p.Name()]; dup {
			return nil, fmt.Errorf("provider: %s registered twice", p.Name())
		}
		r.byName[p.Name()] = p
		r.order = append(r.order, p.Name())
	}
	return r, nil
}

// Get returns the named provider or ErrUnknownProvider.
func (r *Registry) Get(name domain.Provider) (Provider, error) {
	if r != nil {
		if p, ok := r.byName[name]; ok {
			return p, nil
		}
	}
	return nil, fmt.Errorf("%w: %q", ErrUnknownProvider, name)
}

// Configured returns the named provider if it has credentials:
// ErrUnknownProvider or ErrNotConfigured otherwise.
func (r *Registry) Configured(name domain.Provider) (Provider, error) {
	p, err := r.Get(name)
	if err != nil {
		return nil, err
	}
	if !p.Configured() {
		return nil, fmt.Errorf("%w: %s has no client id/secret", ErrNotConfigured, name)
	}
	return p, nil
}

// All returns every registered provider in registration order.
func (r *Registry) All() []Provider {
	if r == nil {
		return nil
	}
	out := make([]Provider, 0, len(r.order))
	for _, n := range r.order {
		out = append(out, r.byName[n])
	}
	return out
}

// Names returns the registered names in order.
func (r *Registry) Names() []domain.Provider {
	if r == nil {
		return nil
	}
	return slices.Clone(r.order)
}
