// Package providertest is the contract every provider must pass against
// its simulator, over real HTTP: OAuth exchange and refresh (rotation
// included), identity, every data type's paginated fetch and resume,
// normalization of everything fetched, typed errors for bad tokens, and
// webhook verification (valid, forged, stale, unsigned). Provider packages
// call Run from a test with a Harness wired to their simulator.
package providertest

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Harness is what a provider test supplies.
type Harness struct {
	Provider provider.Provider
	// Connect runs the authorization flow against the simulator for a
	// fresh user and returns the exchanged tokens.
	Connect func(t *testing.T) provider.Token
	// Window is a time range the simulated user has data in.
	Window provider.Window
	// Rotates is true when the provider rotates refresh tokens.
	Rotates bool
	// Webhook returns a webhook body the provider sends and the headers
	// that sign it at the given time with the given secret.
	Webhook func(t *testing.T, at time.Time, secret string) (http.Header, []byte)
	// Secret is the app's real webhook secret.
	Secret string
	// Now is the simulator's clock.
	Now func() time.Time
	// RawDataTypes are the provider descriptor's RawDataTypes: when set,
	// every expanded document's type must be one of them, so the raw
	// documents route serves what the sync stores.
	RawDataTypes []string
}

// Run runs the contract.
func Run(t *testing.T, h Harness) {
	t.Helper()
	t.Run("OAuth", func(t *testing.T) { testOAuth(t, h) })
	t.Run("FetchAndNormalize", func(t *testing.T) { testFetch(t, h) })
	t.Run("Expansions", func(t *testing.T) { testExpand(t, h) })
	t.Run("UnauthorizedIsTyped", func(t *testing.T) { testUnauthorized(t, h) })
	t.Run("Webhooks", func(t *testing.T) { testWebhooks(t, h) })
}

func testOAuth(t *testing.T, h Harness) {
	s := h.Provider.OAuth()
	u, err := url.Parse(s.AuthCodeURL("state-1234567890", "https://example.test/cb", ""))
	require.NoError(t, err)
	require.Equal(t, s.ClientID, u.Query().Get("client_id"))
	require.Equal(t, "state-1234567890", u.Query().Get("state"))
	require.True(t, h.Provider.Configured())

	tok := h.Connect(t)
	require.NotEmpty(t, tok.AccessToken)
	require.NotEmpty(t, tok.RefreshToken, "a refresh token (offline access)")
	require.True(t, tok.ExpiresAt.After(h.Now()))
	id, err := h.Provider.Identity(t.Context(), tok.AccessToken)
	require.NoError(t, err)
	require.NotEmpty(t, id.ProviderUserID)

	next, err := h.Provider.Refresh(t.Context(), tok.RefreshToken)
	require.NoError(t, err)
	require.NotEmpty(t, next.AccessToken)
	if h.Rotates {
		require.NotEqual(t, tok.RefreshToken, next.RefreshToken)
		_, err = h.Provider.Refresh(t.Context(), tok.RefreshToken)
		require.ErrorIs(t, err, provider.ErrGrantRejected, "a used refresh token is dead")
	}
	_, err = h.Provider.Refresh(t.Context(), "never-issued")
	require.ErrorIs(t, err, provider.ErrGrantRejected)
}

func testFetch(t *testing.T, h Harness) {
	tok := h.Connect(t)
	fetched := map[string]provider.Document{}
	related := func(dataType, id string) (provider.Document, bool) {
		d, ok := fetched[dataType+"\x00"+id]
		return d, ok
	}
	for _, dt := range h.Provider.DataTypes() {
		var pages []provider.Page
		err := h.Provider.Fetch(t.Context(), tok.AccessToken, dt.Name, h.Window, "", func(pg provider.Page) error {
			pages = append(pages, pg)
			return nil
		})
		require.NoError(t, err, dt.Name)
		require.NotEmpty(t, pages, dt.Name)
		require.Empty(t, pages[len(pages)-1].Resume, "%s: the last page ends the walk", dt.Name)
		seen := map[string]bool{}
		var all []provider.Document
		for _, pg := range pages {
			for _, d := range pg.Docs {
				require.Equal(t, dt.Name, d.DataType)
				require.NotEmpty(t, d.ID, dt.Name)
				require.False(t, seen[d.ID], "%s %s fetched twice", dt.Name, d.ID)
				seen[d.ID] = true
				require.True(t, json.Valid(d.Body), "%s %s body", dt.Name, d.ID)
				fetched[dt.Name+"\x00"+d.ID] = d
				all = append(all, d)
			}
		}
		if dt.Windowed {
			require.NotEmpty(t, all, "%s: the window has data", dt.Name)
		}
		for _, d := range all {
			recs, err := h.Provider.Normalize(d, related)
			require.NoError(t, err, "%s %s", dt.Name, d.ID)
			requireWellFormed(t, recs)
			// Truncated bodies must fail cleanly, never panic.
			_, _ = h.Provider.Normalize(provider.Document{DataType: d.DataType, ID: d.ID, Body: d.Body[:len(d.Body)/2]}, related)
		}
		if len(pages) > 1 {
			var rest []string
			require.NoError(t, h.Provider.Fetch(t.Context(), tok.AccessToken, dt.Name, h.Window, pages[0].Resume, func(pg provider.Page) error {
				for _, d := range pg.Docs {
					rest = append(rest, d.ID)
				}
				return nil
			}))
			require.Len(t, rest, len(all)-len(pages[0].Docs), "%s: resume continues after the stored page", dt.Name)
		}
	}
}

// requireWellFormed checks what the sync engine relies on.
func requireWellFormed(t *testing.T, r provider.Records) {
	t.Helper()
	for _, e := range r.Events {
		require.NotEmpty(t, e.ProviderRecordID)
		require.False(t, e.EndTime.Before(e.StartTime))
		require.True(t, (e.Sleep != nil) != (e.Workout != nil))
	}
	for _, s := range r.Summaries {
		require.NotEmpty(t, s.ProviderRecordID)
		_, err := time.Parse(time.DateOnly, s.Date)
		require.NoError(t, err)
	}
	for _, h := range r.Scores {
		require.NotEmpty(t, h.ProviderRecordID)
		require.NotEmpty(t, h.Category)
	}
	for _, s := range r.Series {
		_, ok := domain.SeriesTypeByCode(s.TypeCode)
		require.True(t, ok, "series type %q", s.TypeCode)
	}
}

func testUnauthorized(t *testing.T, h Harness) {
	for _, dt := range h.Provider.DataTypes() {
		err := h.Provider.Fetch(t.Context(), "not-a-token", dt.Name, h.Window, "", func(provider.Page) error { return nil })
		require.True(t, errors.Is(err, provider.ErrUnauthorized), "%s: %v", dt.Name, err)
	}
}

func testWebhooks(t *testing.T, h Harness) {
	now := h.Now()
	hdr, body := h.Webhook(t, now, h.Secret)
	require.NoError(t, h.Provider.VerifyWebhook(hdr, body, now))
	targets, err := h.Provider.ParseWebhook(body)
	require.NoError(t, err)
	require.NotEmpty(t, targets)
	forged, _ := h.Webhook(t, now, h.Secret+"-forged")
	require.ErrorIs(t, h.Provider.VerifyWebhook(forged, body, now), provider.ErrBadSignature)
	stale, staleBody := h.Webhook(t, now.Add(-10*time.Minute), h.Secret)
	require.ErrorIs(t, h.Provider.VerifyWebhook(stale, staleBody, now), provider.ErrBadSignature)
	require.ErrorIs(t, h.Provider.VerifyWebhook(http.Header{}, body, now), provider.ErrBadSignature)
	tampered := append([]byte{}, body...)
	tampered[len(tampered)/2] ^= 1
	require.Error(t, h.Provider.VerifyWebhook(hdr, tampered, now))
}
