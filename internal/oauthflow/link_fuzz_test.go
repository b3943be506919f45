package oauthflow

import (
	"errors"
	"testing"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// FuzzInspectConnectLink: the hosted connect page parses tokens straight
// from its URL. Nothing panics, and whatever InspectConnectLink accepts,
// VerifyConnectLink accepts for the same user and a provider the link
// allows (so the page never offers a button that fails).
func FuzzInspectConnectLink(f *testing.F) {
	st := storetest.NewSQLite(f)
	reg, err := provider.NewRegistry()
	if err != nil {
		f.Fatal(err)
	}
	now := time.Unix(1_800_000_000, 0)
	svc, err := New(Options{Store: st, Registry: reg, LinkKey: []byte("k"), Now: func() time.Time { return now }})
	if err != nil {
		f.Fatal(err)
	}
	valid, _ := svc.MintConnectLink(LinkScope{UserID: "u1", Provider: domain.ProviderOura}, time.Hour)
	anyProvider, _ := svc.MintConnectLink(LinkScope{UserID: "u2"}, time.Hour)
	for _, seed := range []string{valid, anyProvider, "", ".", "a.b", valid + "x", "eyJ2IjoyfQ." + valid[len(valid)-43:]} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, token string) {
		info, err := svc.InspectConnectLink(token)
		if err != nil {
			return
		}
		p := info.Provider
		if p == "" {
			p = domain.ProviderWHOOP
		}
		if err := svc.VerifyConnectLink(token, LinkScope{UserID: info.UserID, Provider: p}); err != nil && !errors.Is(err, ErrLinkRedirect) {
			t.Fatalf("inspected %+v but verify says %v", info, err)
		}
	})
}
