package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// sameEvent compares events ignoring the store-assigned id and times.
func sameEvent(t *testing.T, want, got domain.Event) {
	t.Helper()
	want.ID, want.CreatedAt, want.UpdatedAt = got.ID, got.CreatedAt, got.UpdatedAt
	require.True(t, want.StartTime.Equal(got.StartTime))
	require.True(t, want.EndTime.Equal(got.EndTime))
	want.StartTime, want.EndTime = got.StartTime, got.EndTime
	require.Equal(t, want, got)
}

func testEventUpsertIdempotent(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ev := f.sleep("sleep-1", baseTime().Add(-8*time.Hour), 8*time.Hour)
	res, err := s.UpsertEvents(f.ctx, []domain.Event{ev})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Created: 1}, res)
	got, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "sleep-1")
	require.NoError(t, err)
	sameEvent(t, ev, got)
	byID, err := s.Event(f.ctx, f.user.ID, got.ID)
	require.NoError(t, err)
	require.Equal(t, got, byID)

	// Re-syncing the same record changes nothing and appends nothing.
	before := changes(t, s)
	require.Equal(t, []string{"sleep:created"}, changeTypes(before))
	require.Equal(t, got.ID, before[0].RecordID)
	require.Equal(t, f.user.ID, before[0].UserID)
	res, err = s.UpsertEvents(f.ctx, []domain.Event{ev, ev})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 2}, res)
	require.Equal(t, before, changes(t, s))

	// The same instant in another zone is the same content.
	moved := ev
	moved.StartTime = ev.StartTime.In(time.FixedZone("X", 7200))
	res, err = s.UpsertEvents(f.ctx, []domain.Event{moved})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 1}, res)

	// Changed content at revision 0 is an update under the same id.
	ev.Sleep.EfficiencyPercent = ptr(88.0)
	res, err = s.UpsertEvents(f.ctx, []domain.Event{ev})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res)
	upd, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "sleep-1")
	require.NoError(t, err)
	require.Equal(t, got.ID, upd.ID)
	require.Equal(t, 88.0, *upd.Sleep.EfficiencyPercent)
	require.Equal(t, []string{"sleep:created", "sleep:updated"}, changeTypes(changes(t, s)))

	// A workout round-trips its own details.
	w := f.workout("w-1", "running", baseTime(), 45*time.Minute)
	_, err = s.UpsertEvents(f.ctx, []domain.Event{w})
	require.NoError(t, err)
	gw, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategoryWorkout, "w-1")
	require.NoError(t, err)
	sameEvent(t, w, gw)

	_, err = s.UpsertEvents(f.ctx, []domain.Event{{Category: domain.CategorySleep}})
	require.Error(t, err, "records need their idempotency key")
}

func testEventRevisionOrdering(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ev := f.sleep("sleep-r", baseTime(), 7*time.Hour)
	ev.Revision = 200
	_, err := s.UpsertEvents(f.ctx, []domain.Event{ev})
	require.NoError(t, err)

	stale := ev
	stale.Revision = 100
	stale.Type = "nap"
	res, err := s.UpsertEvents(f.ctx, []domain.Event{stale})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 1}, res, "an older revision is ignored")
	got, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "sleep-r")
	require.NoError(t, err)
	require.Equal(t, "sleep_session", got.Type)
	require.Equal(t, int64(200), got.Revision)

	newer := ev
	newer.Revision = 300
	res, err = s.UpsertEvents(f.ctx, []domain.Event{newer})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res, "a newer revision replaces, even with equal content")
	got, err = s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "sleep-r")
	require.NoError(t, err)
	require.Equal(t, int64(300), got.Revision)
	require.Equal(t, []string{"sleep:created", "sleep:updated"}, changeTypes(changes(t, s)))
}

func testEventTombstones(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	a := f.sleep("a", baseTime(), time.Hour)
	b := f.sleep("b", baseTime().Add(2*time.Hour), time.Hour)
	_, err := s.UpsertEvents(f.ctx, []domain.Event{a, b})
	require.NoError(t, err)

	res, err := s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategorySleep, []string{"a", "never-synced"})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Deleted: 1}, res, "unknown ids are skipped")
	res, err = s.MarkEventsDeleted(f.ctx, f.ds.ID, domain.CategorySleep, []string{"a"})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Unchanged: 1}, res, "deleting twice is unchanged")

	q := store.EventQuery{UserID: f.user.ID, Category: domain.CategorySleep}
	live, err := s.ListEvents(f.ctx, q)
	require.NoError(t, err)
	require.Len(t, live, 1)
	require.Equal(t, "b", live[0].ProviderRecordID)
	n, err := s.CountEvents(f.ctx, q)
	require.NoError(t, err)
	require.Equal(t, 1, n)
	q.WithDelete = true
	all, err := s.ListEvents(f.ctx, q)
	require.NoError(t, err)
	require.Len(t, all, 2)
	require.True(t, all[0].Deleted)
	ga, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "a")
	require.NoError(t, err)
	require.True(t, ga.Deleted, "tombstones stay readable by key")

	// A tombstoned record synced again comes back to life.
	res, err = s.UpsertEvents(f.ctx, []domain.Event{a})
	require.NoError(t, err)
	require.Equal(t, domain.WriteResult{Updated: 1}, res)
	ga, err = s.EventByProviderID(f.ctx, f.ds.ID, domain.CategorySleep, "a")
	require.NoError(t, err)
	require.False(t, ga.Deleted)

	cs := changes(t, s)
	require.Equal(t, []string{"sleep:created", "sleep:created", "sleep:deleted", "sleep:updated"}, changeTypes(cs))
	require.Equal(t, ga.ID, cs[2].RecordID)
}

func testEventHardDelete(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	_, err := s.UpsertEvents(f.ctx, []domain.Event{f.workout("w", "cycling", baseTime(), time.Hour)})
	require.NoError(t, err)
	w, err := s.EventByProviderID(f.ctx, f.ds.ID, domain.CategoryWorkout, "w")
	require.NoError(t, err)
	other, err := s.CreateUser(f.ctx, domain.User{})
	require.NoError(t, err)
	require.ErrorIs(t, s.DeleteEvent(f.ctx, other.ID, w.ID), store.ErrNotFound, "events are scoped to their user")
	require.NoError(t, s.DeleteEvent(f.ctx, f.user.ID, w.ID))
	_, err = s.Event(f.ctx, f.user.ID, w.ID)
	require.ErrorIs(t, err, store.ErrNotFound)
	require.Equal(t, []string{"workout:created", "workout:deleted"}, changeTypes(changes(t, s)))
}

func testEventListFilters(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	oura := f.source(t, domain.ProviderOura, "Oura Ring 4")
	d := baseTime()
	evs := []domain.Event{
		f.workout("run-1", "running", d.Add(1*time.Hour), time.Hour),
		f.workout("trail", "trail_running", d.Add(3*time.Hour), time.Hour),
		f.workout("swim", "swimming", d.Add(5*time.Hour), time.Hour),
		f.sleep("night", d.Add(-2*time.Hour), 8*time.Hour),
	}
	ringRun := f.workout("ring-run", "Running", d.Add(7*time.Hour), time.Hour)
	ringRun.DataSourceID = oura.ID
	evs = append(evs, ringRun)
	_, err := s.UpsertEvents(f.ctx, evs)
	require.NoError(t, err)

	ids := func(q store.EventQuery) []string {
		t.Helper()
		es, err := s.ListEvents(f.ctx, q)
		require.NoError(t, err)
		out := []string{}
		for _, e := range es {
			out = append(out, e.ProviderRecordID)
		}
		return out
	}
	base := store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout}
	require.Equal(t, []string{"run-1", "trail", "swim", "ring-run"}, ids(base))

	q := base
	q.Type = "RUN"
	require.Equal(t, []string{"run-1", "trail", "ring-run"}, ids(q), "type is a case-insensitive substring")

	// Overlap: [start, end) catches events that started before it.
	q = base
	q.Start, q.End = d.Add(90*time.Minute), d.Add(5*time.Hour)
	require.Equal(t, []string{"run-1", "trail"}, ids(q), "an event starting at End is excluded")
	q = store.EventQuery{UserID: f.user.ID, Category: domain.CategorySleep, Start: d, End: d.Add(time.Hour)}
	require.Equal(t, []string{"night"}, ids(q))

	q = base
	q.Providers = []domain.Provider{domain.ProviderOura}
	require.Equal(t, []string{"ring-run"}, ids(q))
	q.Providers = []domain.Provider{domain.ProviderOura, domain.ProviderWHOOP}
	require.Len(t, ids(q), 4)
	n, err := s.CountEvents(f.ctx, q)
	require.NoError(t, err)
	require.Equal(t, 4, n)

	other := base
	other.UserID = uuid.NewString()
	require.Empty(t, ids(other))
	other.UserID = "not-a-uuid"
	require.Empty(t, ids(other))
}

func testEventKeysetPaging(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	const total = 37
	var evs []domain.Event
	for i := range total {
		// Pairs share a start time, so the id must break ties.
		evs = append(evs, f.workout(fmt.Sprintf("w%02d", i), "walking", baseTime().Add(time.Duration(i/2)*time.Hour), 30*time.Minute))
	}
	_, err := s.UpsertEvents(f.ctx, evs)
	require.NoError(t, err)

	for _, desc := range []bool{false, true} {
		full, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout, Page: store.Page{Limit: 1000, Desc: desc}})
		require.NoError(t, err)
		require.Len(t, full, total)
		for i := 1; i < total; i++ {
			a, b := full[i-1], full[i]
			inOrder := a.StartTime.Before(b.StartTime) || (a.StartTime.Equal(b.StartTime) && a.ID < b.ID)
			require.Equal(t, !desc, inOrder, "rows come in the requested order")
		}

		// Forward with After visits every row once, in order.
		var fwd []domain.Event
		page := store.Page{Limit: 5, Desc: desc}
		for {
			es, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout, Page: page})
			require.NoError(t, err)
			fwd = append(fwd, es...)
			if len(es) < page.Limit {
				break
			}
			last := es[len(es)-1]
			page.After = &store.Keyset{Time: last.StartTime, ID: last.ID}
		}
		require.Equal(t, full, fwd)

		// Backward with Before from past the end visits every row once,
		// each page still in the requested order.
		var back []domain.Event
		lastRow := full[len(full)-1]
		page = store.Page{Limit: 5, Desc: desc}
		page.Before = &store.Keyset{Time: lastRow.StartTime, ID: lastRow.ID}
		back = append(back, lastRow)
		for {
			es, err := s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Category: domain.CategoryWorkout, Page: page})
			require.NoError(t, err)
			back = append(append([]domain.Event{}, es...), back...)
			if len(es) < page.Limit {
				break
			}
			first := es[0]
			page.Before = &store.Keyset{Time: first.StartTime, ID: first.ID}
		}
		require.Equal(t, full, back)
	}

	_, err = s.ListEvents(f.ctx, store.EventQuery{UserID: f.user.ID, Page: store.Page{
		After: &store.Keyset{}, Before: &store.Keyset{},
	}})
	require.Error(t, err, "a page cannot go both ways")
}
