// Package catalog is the one place that lists the providers of this
// build. Adding a provider is one line in Default; everything that needs
// the list (configuration, the provider routes, coverage, priorities,
// the command line, the server) reads it from here.
package catalog

import (
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/oura"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/provider/withings"
)

// Default returns the built-in providers in display order.
func Default() provider.Catalog {
	c, err := provider.NewCatalog(
		whoop.Descriptor(),
		oura.Descriptor(),
		withings.Descriptor(),
	)
	if err != nil {
		panic(err) // a programming error, caught by TestDefault
	}
	return c
}
