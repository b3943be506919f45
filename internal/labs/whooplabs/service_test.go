package whooplabs_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	simwhoop "github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// bench is a simulated WHOOP with its partner API and a service logged in
// as its first partner.
type bench struct {
	sim    *simwhoop.Server
	svc    *whooplabs.Service
	client *whooplabs.Client
	now    *clock
	base   string
}

// clock is the service's injected clock (cache and key lifetimes).
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newBench(t *testing.T, tokenTTL time.Duration, partner int) *bench {
	t.Helper()
	w, err := truth.Generate(truth.Options{Users: 4, Days: 3, Seed: 5})
	require.NoError(t, err)
	sim, err := simwhoop.New(simwhoop.Config{World: w, Seed: 5, PartnerTokenTTL: tokenTTL, RateLimits: []simkit.Window{}})
	require.NoError(t, err)
	hs := httptest.NewServer(sim.Handler())
	t.Cleanup(func() { sim.Close(); hs.Close() })
	p := sim.Partners()[partner]
	c := &clock{t: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	client := whooplabs.NewClient(whooplabs.ClientOptions{BaseURL: hs.URL + simwhoop.APIPrefix, ClientID: p.ClientID, ClientSecret: p.ClientSecret, HTTP: hs.Client()})
	return &bench{sim: sim, now: c, base: hs.URL, client: client, svc: whooplabs.NewService(whooplabs.Options{Client: client, Now: c.Now})}
}

func (b *bench) mine(t *testing.T) simwhoop.LabRequisition {
	t.Helper()
	rs := b.sim.Requisitions(b.sim.Partners()[0].ClientID)
	require.NotEmpty(t, rs)
	return rs[0]
}

func TestTokenIsReusedAndReplacedBeforeExpiry(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		ttl    time.Duration
		tokens int
	}{
		{"an hour-long token serves every call", time.Hour, 1},
		{"a token inside the early-expiry margin is replaced each call", 30 * time.Second, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			b := newBench(t, tc.ttl, 0)
			r := b.mine(t)
			for range 4 {
				_, err := b.svc.ServiceRequest(t.Context(), r.ServiceRequests[0].ID)
				require.NoError(t, err)
				b.now.Advance(10 * time.Minute) // past the cache: every call reaches WHOOP
			}
			require.Equal(t, 4, b.sim.RequestCount(simwhoop.RouteServiceRequest))
			require.Equal(t, tc.tokens, b.sim.RequestCount(simwhoop.RoutePartnerToken))
		})
	}
}

func TestReadsAreCachedAndWritesInvalidate(t *testing.T) {
	t.Parallel()
	b := newBench(t, time.Hour, 0)
	ctx := t.Context()
	r := b.mine(t)
	got, err := b.svc.Requisition(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, r.ID, got.ID)
	require.Len(t, got.ServiceRequests, len(r.ServiceRequests))
	require.Equal(t, r.Patient.ID, got.Patient.ID)
	require.Equal(t, r.Appointments[0].CollectionAddress.Emirate, got.Appointments[0].CollectionAddress.Emirate)
	_, err = b.svc.Requisition(ctx, r.ID)
	require.NoError(t, err)
	_, err = b.svc.ServiceRequest(ctx, r.ServiceRequests[1].ID)
	require.NoError(t, err)
	require.Equal(t, 1, b.sim.RequestCount(simwhoop.RouteRequisition), "cached")
	require.Zero(t, b.sim.RequestCount(simwhoop.RouteServiceRequest), "the requisition cached its service requests")

	require.NoError(t, b.svc.UpdateRequisitionStatus(ctx, r.ID, "", whooplabs.StatusUpdate{TaskBusinessStatus: "ORDER_CONFIRMED"}))
	got, err = b.svc.Requisition(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 2, b.sim.RequestCount(simwhoop.RouteRequisition), "a write drops the cached copy")
	require.Equal(t, "ORDER_CONFIRMED", *got.ServiceRequests[0].TaskBusinessStatus)

	b.now.Advance(5 * time.Minute)
	_, err = b.svc.Requisition(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 3, b.sim.RequestCount(simwhoop.RouteRequisition), "the cache expires")
}

func TestValidationAndWHOOPErrors(t *testing.T) {
	t.Parallel()
	b := newBench(t, time.Hour, 0)
	ctx := t.Context()
	r := b.mine(t)
	sr := r.ServiceRequests[0].ID
	theirs := b.sim.Requisitions(b.sim.Partners()[1].ClientID)[0]
	num, txt := 1.0, "A+"
	cases := []struct {
		name   string
		call   func() error
		is     error
		status int // WHOOP's status, 0 when refused before sending
	}{
		{"not a uuid", func() error { _, err := b.svc.Requisition(ctx, "nope"); return err }, whooplabs.ErrInvalid, 0},
		{"empty status", func() error { return b.svc.UpdateRequisitionStatus(ctx, r.ID, "", whooplabs.StatusUpdate{}) }, whooplabs.ErrInvalid, 0},
		{"unknown report status", func() error {
			_, err := b.svc.CreateDiagnosticReport(ctx, sr, "", whooplabs.DiagnosticReport{Status: "done"})
			return err
		}, whooplabs.ErrInvalid, 0},
		{"two values", func() error {
			_, err := b.svc.CreateDiagnosticReport(ctx, sr, "", whooplabs.DiagnosticReport{Status: "final",
				Observations: []whooplabs.Observation{{Code: "X", ValueNumeric: &num, ValueText: &txt}}})
			return err
		}, whooplabs.ErrInvalid, 0},
		{"another partner's requisition", func() error { _, err := b.svc.Requisition(ctx, theirs.ID); return err }, whooplabs.ErrNotFound, http.StatusNotFound},
		{"another partner's service request", func() error {
			_, err := b.svc.UpdateServiceRequestStatus(ctx, theirs.ServiceRequests[0].ID, "", whooplabs.StatusUpdate{TaskBusinessStatus: "ORDER_CONFIRMED"})
			return err
		}, whooplabs.ErrForbidden, http.StatusForbidden},
	}
	for _, tc := range cases {
		before := b.sim.Kit().Counters.Total()
		err := tc.call()
		require.ErrorIs(t, err, tc.is, tc.name)
		ue, isUpstream := err.(*whooplabs.UpstreamError)
		if tc.status == 0 {
			require.False(t, isUpstream, tc.name)
			require.Equal(t, before, b.sim.Kit().Counters.Total(), "%s: nothing sent", tc.name)
			continue
		}
		require.True(t, isUpstream, tc.name)
		require.Equal(t, tc.status, ue.Status, tc.name)
		require.NotEmpty(t, ue.Message, tc.name)
	}
}

func TestRetriedWritesAreSentOnce(t *testing.T) {
	t.Parallel()
	b := newBench(t, time.Hour, 0)
	ctx := t.Context()
	sr := b.mine(t).ServiceRequests[0].ID
	v := 5.2
	rep := whooplabs.DiagnosticReport{Status: "final", Observations: []whooplabs.Observation{{Code: "HBA1C", ValueNumeric: &v}}}

	first, err := b.svc.CreateDiagnosticReport(ctx, sr, "key-1", rep)
	require.NoError(t, err)
	require.NotEmpty(t, first.ID)
	again, err := b.svc.CreateDiagnosticReport(ctx, sr, "key-1", rep)
	require.NoError(t, err)
	require.Equal(t, first, again, "the retry gets the first answer")
	require.Len(t, b.sim.DiagnosticReports(sr), 1, "and is not sent")

	other := rep
	other.Status = "amended"
	_, err = b.svc.CreateDiagnosticReport(ctx, sr, "key-1", other)
	require.ErrorIs(t, err, whooplabs.ErrKeyReused)

	// A transient failure is not remembered: the retry is sent.
	require.NoError(t, b.sim.Kit().Faults.Set(simwhoop.RouteServiceRequestResults, simkit.Fault{Kind: simkit.FaultStatus, Status: http.StatusBadGateway}))
	_, err = b.svc.CreateDiagnosticReport(ctx, sr, "key-2", rep)
	require.ErrorIs(t, err, whooplabs.ErrUpstream)
	_, err = b.svc.CreateDiagnosticReport(ctx, sr, "key-2", rep)
	require.NoError(t, err)
	require.Len(t, b.sim.DiagnosticReports(sr), 2)

	// Without a key every call is sent.
	_, err = b.svc.CreateDiagnosticReport(ctx, sr, "", rep)
	require.NoError(t, err)
	require.Len(t, b.sim.DiagnosticReports(sr), 3)

	// Keys expire after a day.
	b.now.Advance(25 * time.Hour)
	_, err = b.svc.CreateDiagnosticReport(ctx, sr, "key-1", rep)
	require.NoError(t, err)
	require.Len(t, b.sim.DiagnosticReports(sr), 4)
}
