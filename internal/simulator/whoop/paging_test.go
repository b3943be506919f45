package whoop_test

import (
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/simulator/whoop"
)

// walk follows next_token through a collection, checking page sizes and
// newest-first order, and returns the ids in the order served.
func walk[T any](t testing.TB, b *testBundle, tok, path string, q url.Values, f func(T) (string, time.Time)) []string {
	limit := whoop.DefaultLimit
	if v := q.Get("limit"); v != "" {
		limit, _ = strconv.Atoi(v)
	}
	var ids []string
	var prev time.Time
	next := ""
	for range 1000 {
		qq := url.Values{}
		for k, v := range q {
			qq[k] = v
		}
		if next != "" {
			qq.Set("nextToken", next)
		}
		var page whoop.Page[T]
		b.getJSON(t.(*testing.T), tok, path, qq, &page)
		require.LessOrEqual(t, len(page.Records), limit)
		for _, r := range page.Records {
			id, start := f(r)
			if len(ids) > 0 {
				require.False(t, start.After(prev), "newest first")
			}
			ids, prev = append(ids, id), start
		}
		if page.NextToken == nil {
			return ids
		}
		require.Len(t, page.Records, limit, "only the last page is short")
		next = *page.NextToken
	}
	t.Fatalf("paging did not end")
	return nil
}

// TestPagingReturnsTruthOnce walks random windows with random limits and
// checks that every collection returns exactly the truth's records in the
// window, once, newest first.
func TestPagingReturnsTruthOnce(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Seed: 17, Users: 2, Days: 20}, func(c *whoop.Config) { c.RateLimits = []simkit.Window{} })
	toks := []string{b.token(t, 0), b.token(t, 1)}
	first, now := b.world.Start().Add(-24*time.Hour), b.world.Now()
	span := int(now.Sub(first) / time.Hour)
	rapid.Check(t, func(rt *rapid.T) {
		i := rapid.IntRange(0, 1).Draw(rt, "person")
		p, tok := b.world.Person(i), toks[i]
		limit := rapid.IntRange(1, whoop.MaxLimit).Draw(rt, "limit")
		q := url.Values{"limit": {strconv.Itoa(limit)}}
		var from, to time.Time
		if rapid.Bool().Draw(rt, "bounded") {
			a := rapid.IntRange(0, span).Draw(rt, "from")
			z := rapid.IntRange(a, span+24).Draw(rt, "to")
			from, to = first.Add(time.Duration(a)*time.Hour), first.Add(time.Duration(z)*time.Hour)
			q.Set("start", from.Format(time.RFC3339))
			q.Set("end", to.Format(time.RFC3339))
		}
		var want, got []string
		switch rapid.SampledFrom([]string{"sleep", "workout", "cycle", "recovery"}).Draw(rt, "collection") {
		case "sleep":
			for _, s := range p.Sleeps(from, to) {
				want = append(want, s.ID)
			}
			got = walk(t, b, tok, "/v2/activity/sleep", q, func(s whoop.Sleep) (string, time.Time) { return s.ID, s.Start.Time })
		case "workout":
			for _, w := range p.Workouts(from, to) {
				want = append(want, w.ID)
			}
			got = walk(t, b, tok, "/v2/activity/workout", q, func(w whoop.Workout) (string, time.Time) { return w.ID, w.Start.Time })
		case "cycle":
			for _, c := range p.Cycles(from, to) {
				want = append(want, strconv.FormatInt(c.ID, 10))
			}
			got = walk(t, b, tok, "/v2/cycle", q, func(c whoop.Cycle) (string, time.Time) { return strconv.FormatInt(c.ID, 10), c.Start.Time })
		case "recovery":
			starts := map[string]time.Time{}
			for _, r := range p.Recoveries(from, to) {
				want = append(want, r.SleepID)
				starts[r.SleepID] = r.SleepStart
			}
			got = walk(t, b, tok, "/v2/recovery", q, func(r whoop.Recovery) (string, time.Time) { return r.SleepID, starts[r.SleepID] })
		}
		slices.Reverse(want)
		require.Equal(rt, want, got)
	})
}

func TestPagingRejectsBadParameters(t *testing.T) {
	t.Parallel()
	b := setup(t, truth.Options{Seed: 1, Users: 1, Days: 3}, nil)
	tok := b.token(t, 0)
	tests := []struct {
		name string
		q    url.Values
	}{
		{"LimitTooLarge", url.Values{"limit": {"26"}}},
		{"LimitZero", url.Values{"limit": {"0"}}},
		{"BadStart", url.Values{"start": {"yesterday"}}},
		{"BadToken", url.Values{"nextToken": {"!!"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			status, _, _ := b.get(t, tok, "/v2/activity/sleep", tt.q)
			require.Equal(t, http.StatusBadRequest, status)
		})
	}
}
