package withings

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwithings "github.com/wearhouse/wearhouse/internal/simulator/withings"
)

// envelopeServer answers every request with HTTP 200 and the given status
// inside the envelope, as Withings does.
func envelopeServer(t *testing.T, status int) *Provider {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = fmt.Fprintf(w, `{"status":%d,"body":{},"error":"message for %d"}`, status, status)
	}))
	t.Cleanup(ts.Close)
	return New(Options{APIURL: ts.URL, TokenURL: ts.URL + "/v2/oauth2", ClientID: "id", ClientSecret: "secret"})
}

func TestStatusFamiliesMapToTypedErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		status int
		family Family
		data   error // what a data service returns
		token  error // what requesttoken returns
	}{
		{"AuthFailed100", 100, FamilyAuthentication, provider.ErrUnauthorized, provider.ErrGrantRejected},
		{"AuthFailed200", 200, FamilyAuthentication, provider.ErrUnauthorized, provider.ErrGrantRejected},
		{"AuthFailed401", 401, FamilyAuthentication, provider.ErrUnauthorized, provider.ErrGrantRejected},
		{"InvalidParams201", 201, FamilyInvalidParams, provider.ErrRejected, provider.ErrGrantRejected},
		{"InvalidParams293", 293, FamilyInvalidParams, provider.ErrRejected, provider.ErrGrantRejected},
		{"InvalidParams503", 503, FamilyInvalidParams, provider.ErrRejected, provider.ErrGrantRejected},
		{"InvalidParams3018", 3018, FamilyInvalidParams, provider.ErrRejected, provider.ErrGrantRejected},
		{"Unauthorized214", 214, FamilyUnauthorized, provider.ErrRejected, provider.ErrGrantRejected},
		{"Unauthorized277", 277, FamilyUnauthorized, provider.ErrRejected, provider.ErrGrantRejected},
		{"Unauthorized2555", 2555, FamilyUnauthorized, provider.ErrRejected, provider.ErrGrantRejected},
		{"NotImplemented", 2554, FamilyNotImplemented, provider.ErrRejected, provider.ErrGrantRejected},
		{"Timeout", 522, FamilyTimeout, provider.ErrTransient, provider.ErrTransient},
		{"BadState", 524, FamilyBadState, provider.ErrTransient, provider.ErrTransient},
		{"ErrorOccurred215", 215, FamilyError, provider.ErrTransient, provider.ErrTransient},
		{"ErrorOccurred2556", 2556, FamilyError, provider.ErrTransient, provider.ErrTransient},
		{"ErrorOccurred10000", 10000, FamilyError, provider.ErrTransient, provider.ErrTransient},
		{"Unlisted", 99999, FamilyError, provider.ErrTransient, provider.ErrTransient},
		{"TooManyRequests", 601, FamilyTooMany, provider.ErrRateLimited, provider.ErrRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			require.Equal(t, tc.family, FamilyOf(tc.status))
			p := envelopeServer(t, tc.status)
			_, err := p.call(context.Background(), "tok", pathMeasure, "getmeas", nil, nil)
			require.ErrorIs(t, err, tc.data)
			require.Contains(t, err.Error(), fmt.Sprintf("message for %d", tc.status))
			require.NotContains(t, err.Error(), "tok")
			_, err = p.Refresh(context.Background(), "old-refresh")
			require.ErrorIs(t, err, tc.token)
			require.NotContains(t, err.Error(), "old-refresh")
			if tc.family == FamilyTooMany {
				d, ok := provider.RetryAfter(err)
				require.True(t, ok)
				require.Equal(t, time.Minute, d)
			}
		})
	}
}

func TestScopeDeniedSkipsTheType(t *testing.T) {
	t.Parallel()
	p := envelopeServer(t, 277)
	pages := 0
	err := p.Fetch(context.Background(), "tok", TypeMeasure, provider.Window{Start: time.Unix(0, 0), End: time.Unix(86400, 0)}, "",
		func(provider.Page) error { pages++; return nil })
	require.NoError(t, err)
	require.Zero(t, pages)
}

// TestSimulatorFaultsAreTyped injects the simulator's faults (HTTP 5xx,
// malformed JSON, expired token, quota) and checks each surfaces as the
// error the sync engine acts on.
func TestSimulatorFaultsAreTyped(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		fault simkit.Fault
		is    error
	}{
		{"ServerError", simkit.Fault{Kind: simkit.FaultStatus, Status: 502}, provider.ErrTransient},
		{"Malformed", simkit.Fault{Kind: simkit.FaultMalformed}, provider.ErrMalformed},
		{"Truncated", simkit.Fault{Kind: simkit.FaultTruncate}, provider.ErrMalformed},
		{"Unauthorized", simkit.Fault{Kind: simkit.FaultUnauthorized}, provider.ErrUnauthorized},
		{"RateLimited", simkit.Fault{Kind: simkit.FaultRateLimit}, provider.ErrRateLimited},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := setup(t, truth.Options{Days: 3, DeleteRate: -1}, simwithings.Config{}, "")
			tok := b.token(t, 0)
			require.NoError(t, b.sim.Kit().Faults.Set(simwithings.RouteMeasure, tc.fault))
			err := b.p.Fetch(context.Background(), tok, TypeMeasure, b.everything(), "", func(provider.Page) error { return nil })
			require.ErrorIs(t, err, tc.is)
			// The fault was one request: the retry succeeds.
			b.fetchAll(t, tok, TypeMeasure, b.everything())
		})
	}
}

// TestRateLimit601 exhausts the simulator's 120-a-minute quota: the next
// call is status 601, a one-minute RateLimitError.
func TestRateLimit601(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Days: 2, DeleteRate: -1}, simwithings.Config{RateLimits: simwithings.DefaultRateLimits()}, "")
	tok := b.token(t, 0)
	var err error
	for i := 0; i < 130 && err == nil; i++ {
		_, err = b.p.call(context.Background(), tok, pathUser, "getdevice", nil, nil)
	}
	require.ErrorIs(t, err, provider.ErrRateLimited)
	d, ok := provider.RetryAfter(err)
	require.True(t, ok)
	require.Equal(t, time.Minute, d)
	b.clock.Advance(time.Minute)
	_, err = b.p.call(context.Background(), tok, pathUser, "getdevice", nil, nil)
	require.NoError(t, err)
}
