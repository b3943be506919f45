package storetest

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// racers is how many writers race for the same new record: more than the
// test pools' connections, so some always wait on the others.
const racers = 10

// race runs fn(0) … fn(n-1) at once, released together so that their
// transactions overlap, requires every call to succeed and sums their
// results.
func race(t *testing.T, n int, fn func(i int) (domain.WriteResult, error)) domain.WriteResult {
	t.Helper()
	start := make(chan struct{})
	results := make([]domain.WriteResult, n)
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			<-start
			results[i], errs[i] = fn(i)
		})
	}
	close(start)
	wg.Wait()
	var total domain.WriteResult
	for i := range n {
		require.NoError(t, errs[i], "writer %d", i)
		total.Add(results[i])
	}
	return total
}

// countChanges counts outbox rows by "kind:type".
func countChanges(t *testing.T, s store.Store) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, c := range changeTypes(changes(t, s)) {
		out[c]++
	}
	return out
}

// testConcurrentFirstInsert has several workers store the same new record
// at once, as two replicas syncing the same webhook-triggered window do.
// None may fail on the uniqueness of the idempotency key: exactly one
// creates the record, the others see it and apply the revision rules.
func testConcurrentFirstInsert(t *testing.T, s store.Store) {
	f := newFixture(t, s)
	ev := f.sleep("race-sleep", baseTime(), 7*time.Hour)
	res := race(t, racers, func(int) (domain.WriteResult, error) { return s.UpsertEvents(f.ctx, []domain.Event{ev}) })
	require.Equal(t, domain.WriteResult{Created: 1, Unchanged: racers - 1}, res, "identical content: one create")

	sc := f.score("race-score", domain.ScoreRecovery, 64, baseTime())
	res = race(t, racers, func(int) (domain.WriteResult, error) { return s.UpsertHealthScores(f.ctx, []domain.HealthScore{sc}) })
	require.Equal(t, domain.WriteResult{Created: 1, Unchanged: racers - 1}, res)

	// Different revisions of one summary: whichever arrives first creates
	// it, and the newest revision is what stays, whatever the order.
	sres := race(t, racers, func(i int) (domain.WriteResult, error) {
		sm := f.summary("2026-03-01", float64(1000*i))
		sm.Revision = int64(i)
		return s.UpsertDailySummaries(f.ctx, []domain.DailySummary{sm})
	})
	require.Equal(t, 1, sres.Created)
	require.Equal(t, racers, sres.Created+sres.Updated+sres.Unchanged)
	got, err := s.ListDailySummaries(f.ctx, store.SummaryQuery{UserID: f.user.ID, Kind: domain.SummaryActivity})
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, int64(racers-1), got[0].Revision)
	require.Equal(t, float64(1000*(racers-1)), got[0].Metrics["steps"])

	raw := f.raw("race-raw", ptr(baseTime()), `{"id":"race-raw"}`)
	res = race(t, racers, func(int) (domain.WriteResult, error) { return s.PutRawDocument(f.ctx, raw) })
	require.Equal(t, domain.WriteResult{Created: 1, Unchanged: racers - 1}, res)

	// One created change per record; updates only for summary revisions
	// that actually replaced the stored one.
	want := map[string]int{"sleep:created": 1, "health_score:created": 1, "activity_summary:created": 1}
	if sres.Updated > 0 {
		want["activity_summary:updated"] = sres.Updated
	}
	require.Equal(t, want, countChanges(t, s))
}
