package syncertest

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/whoop"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// Backfiller is what `wearhouse bench backfill` drives, whatever the
// provider: connect a simulated person, backfill, count the requests the
// simulator served and compare them with the fewest its API allows.
type Backfiller interface {
	Connect(ctx context.Context, simUser int) (domain.Connection, error)
	Backfill(ctx context.Context, c domain.Connection) (domain.SyncRun, error)
	Counters() *simkit.Counters
	MinimumRequests(ctx context.Context, c domain.Connection) (Minimum, error)
	Close()
}

var (
	_ Backfiller = (*Rig)(nil)
	_ Backfiller = (*OuraRig)(nil)
	_ Backfiller = (*WithingsRig)(nil)
)

// NewBackfiller builds the rig of a provider by name ("whoop", "oura",
// "withings").
func NewBackfiller(name string, o Options) (Backfiller, error) {
	switch domain.Provider(name) {
	case domain.ProviderWHOOP:
		return New(o)
	case domain.ProviderOura:
		return NewOura(o)
	case domain.ProviderWithings:
		return NewWithings(o)
	}
	return nil, fmt.Errorf("syncertest: unknown provider %q", name)
}

// Minimum is the fewest provider requests a backfill could have made for
// what it stored, per data type, and how many documents it stored.
type Minimum struct {
	Requests  int
	Documents int
	PerType   map[string]int
}

// sum totals PerType into Requests and the document counts into
// Documents.
func (m *Minimum) sum(docs map[string]int) {
	m.Requests, m.Documents = 0, 0
	for _, n := range m.PerType {
		m.Requests += n
	}
	for _, n := range docs {
		m.Documents += n
	}
}

// countRaw counts the live raw documents of c's user per data type.
func countRaw(ctx context.Context, st store.Store, c domain.Connection, types ...string) (map[string]int, error) {
	out := make(map[string]int, len(types))
	for _, dt := range types {
		ds, err := st.ListRawDocuments(ctx, store.RawQuery{UserID: c.UserID, Provider: c.Provider, DataType: dt, Page: store.Page{Limit: 1_000_000}})
		if err != nil {
			return nil, fmt.Errorf("syncertest: raw %s documents: %w", dt, err)
		}
		for _, d := range ds {
			if !d.Deleted {
				out[dt]++
			}
		}
	}
	return out, nil
}

// Backfill runs c's backfill to completion as the job would, waiting
// through rate limits and transient failures where River would snooze or
// retry the job.
func (e *Engine) Backfill(ctx context.Context, c domain.Connection) (domain.SyncRun, error) {
	for {
		run, err := e.Syncer.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
		if err == nil {
			return run, nil
		}
		d, limited := provider.RetryAfter(err)
		if !limited && !errors.Is(err, provider.ErrTransient) {
			return run, err
		}
		t := time.NewTimer(max(d, 100*time.Millisecond))
		select {
		case <-ctx.Done():
			t.Stop()
			return run, ctx.Err()
		case <-t.C:
		}
	}
}

// Counters are the WHOOP simulator's request counters.
func (r *Rig) Counters() *simkit.Counters { return r.Sim.Kit().Counters }

// MinimumRequests is the fewest requests WHOOP's pagination allows for
// what a backfill of c stored: one per snapshot (profile, body
// measurement) and ⌈n/25⌉ per collection, at least one (25 is the v2
// maximum page size).
func (r *Rig) MinimumRequests(ctx context.Context, c domain.Connection) (Minimum, error) {
	types := []string{whoop.TypeCycle, whoop.TypeSleep, whoop.TypeRecovery, whoop.TypeWorkout}
	n, err := countRaw(ctx, r.Store, c, types...)
	if err != nil {
		return Minimum{}, err
	}
	m := Minimum{PerType: map[string]int{whoop.TypeProfile: 1, whoop.TypeBody: 1}}
	for _, dt := range types {
		m.PerType[dt] = max(1, (n[dt]+24)/25)
	}
	m.sum(n)
	m.Documents += 2 // the two snapshots
	return m, nil
}
