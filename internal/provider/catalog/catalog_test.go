package catalog

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
)

var update = flag.Bool("update", false, "rewrite testdata/catalog.golden.json from the current output")

// listing is one catalogued provider as the rest of wearhouse sees it.
type listing struct {
	Name                     string
	DisplayName              string
	Endpoints                provider.Endpoints
	Scopes                   string
	Limits                   []string
	DataTypes                []string
	Coverage                 provider.Coverage
	Settings                 []string
	Capabilities             []string
	ActiveWithoutCredentials []string `json:",omitempty"`
}

// capabilities names the optional interfaces p implements, and which of
// them are active for the configuration it was built from.
func capabilities(p provider.Provider) (all, active []string) {
	add := func(name string, has, on bool) {
		if has {
			all = append(all, name)
			if on {
				active = append(active, name)
			}
		}
	}
	_, hook := p.(provider.ConnectHook)
	add("ConnectHook", hook, true)
	a, app := p.(provider.AppUpkeeper)
	add("AppUpkeeper", app, app && func() bool { _, ok := a.AppUpkeep(); return ok }())
	c, conn := p.(provider.ConnectionUpkeeper)
	add("ConnectionUpkeeper", conn, conn && func() bool { _, ok := c.ConnectionUpkeep(); return ok }())
	pt, personal := p.(provider.PersonalTokens)
	add("PersonalTokens", personal, personal && pt.HasPersonalToken())
	_, ti := p.(provider.TokenIdentity)
	add("TokenIdentity", ti, true)
	_, ch := p.(provider.WebhookChallenger)
	add("WebhookChallenger", ch, true)
	_, rep := p.(provider.SubscriptionReporter)
	add("SubscriptionReporter", rep, true)
	return all, active
}

// TestDefault lists the registry: every provider's descriptor and the
// capabilities its connector declares, in display order. Adding a
// provider changes this golden file and its own package only.
func TestDefault(t *testing.T) {
	t.Parallel()
	var got []listing
	for _, d := range Default().All() {
		l := listing{Name: string(d.Name), DisplayName: d.DisplayName, Endpoints: d.Endpoints, Scopes: d.JoinScopes(d.Scopes), Coverage: d.Coverage}
		for _, lim := range d.Limits {
			l.Limits = append(l.Limits, lim.Per.String()+":"+itoa(lim.Requests))
		}
		for _, dt := range d.DataTypes {
			l.DataTypes = append(l.DataTypes, dt.Name)
		}
		extra := map[string]string{}
		for _, s := range d.Settings {
			l.Settings = append(l.Settings, s.Key)
			extra[s.Key] = "set"
		}
		p := d.New(provider.Config{Endpoints: d.Endpoints, ClientID: "id", ClientSecret: "secret", Scopes: d.Scopes, Extra: extra,
			BaseURL: "https://wearhouse.example", Client: provider.NewClient(provider.ClientOptions{})})
		require.Equal(t, d.Name, p.Name())
		require.Equal(t, d.DataTypes, p.DataTypes(), "the connector syncs what its descriptor declares")
		require.True(t, p.Configured())
		var active []string
		l.Capabilities, active = capabilities(p)
		require.Equal(t, l.Capabilities, active, "every capability is active when fully configured")
		bare := d.New(provider.Config{Endpoints: d.Endpoints, Client: provider.NewClient(provider.ClientOptions{})})
		_, l.ActiveWithoutCredentials = capabilities(bare)
		got = append(got, l)
	}
	raw, err := json.MarshalIndent(got, "", "  ")
	require.NoError(t, err)
	path := filepath.Join("testdata", "catalog.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(path, append(raw, '\n'), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(raw))
	require.Equal(t, []string{"whoop", "oura", "withings"}, names(Default()), "the order shown everywhere")
}

// TestNewCatalogRefuses checks that duplicate and incomplete descriptors
// are programming errors caught at start.
func TestNewCatalogRefuses(t *testing.T) {
	t.Parallel()
	d := Default().All()[0]
	tests := []struct {
		name string
		ds   []provider.Descriptor
	}{
		{"Duplicate", []provider.Descriptor{d, d}},
		{"NoName", []provider.Descriptor{{DisplayName: "X", New: d.New}}},
		{"NoConstructor", []provider.Descriptor{{Name: "x", DisplayName: "X"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := provider.NewCatalog(tt.ds...)
			require.Error(t, err)
		})
	}
}

func names(c provider.Catalog) []string {
	var out []string
	for _, n := range c.Names() {
		out = append(out, string(n))
	}
	return out
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }
