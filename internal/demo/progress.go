package demo

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// providerProgress is one provider's backfill across the demo users.
type providerProgress struct {
	name    string
	done    int
	total   int
	records int
	failed  string
}

// waitBackfill polls the sync runs recorded since the demo started (runs
// are stamped with wall time) until
// every connection's backfill has finished (or the timeout passes: the
// backfill then simply goes on in the background).
func waitBackfill(ctx context.Context, o Options, st store.Store, users []domain.User, providers []string, since time.Time) error {
	deadline := time.Now().Add(o.BackfillTimeout)
	tick := time.NewTicker(250 * time.Millisecond)
	defer tick.Stop()
	fmt.Fprintf(o.Out, "Backfilling %d days for %d users from %s…\n", o.Days, len(users), strings.Join(providers, ", "))
	lastPlain := ""
	for {
		prog, err := progress(ctx, st, users, providers, since)
		if err != nil {
			return err
		}
		complete := true
		for _, p := range prog {
			complete = complete && p.done == p.total
		}
		if o.Terminal {
			drawBars(o.Out, prog, complete)
		} else if line := plainLine(prog); line != lastPlain {
			fmt.Fprintln(o.Out, line)
			lastPlain = line
		}
		if complete {
			return nil
		}
		if time.Now().After(deadline) {
			fmt.Fprintln(o.Out, "The backfill is still running; it continues in the background.")
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-tick.C:
		}
	}
}

func progress(ctx context.Context, st store.Store, users []domain.User, providers []string, since time.Time) ([]providerProgress, error) {
	out := make([]providerProgress, len(providers))
	idx := map[domain.Provider]int{}
	for i, p := range providers {
		out[i] = providerProgress{name: p, total: len(users)}
		idx[domain.Provider(p)] = i
	}
	for _, u := range users {
		runs, err := st.ListSyncRuns(ctx, store.SyncRunQuery{UserID: u.ID, Limit: 200})
		if err != nil {
			return nil, fmt.Errorf("demo: sync runs: %w", err)
		}
		finished := map[domain.Provider]bool{}
		for _, r := range runs {
			i, ok := idx[r.Provider]
			if !ok || r.StartedAt.Before(since) {
				continue
			}
			out[i].records += r.Stored + r.Updated
			// A pull brought forward in place of the backfill covers the
			// same window, from the connection's cursors.
			covers := r.Source == syncer.SourceBackfill || r.Source == syncer.SourcePull
			if covers && r.Status == domain.SyncSuccess && !finished[r.Provider] {
				finished[r.Provider] = true
				out[i].done++
			}
			if r.Status == domain.SyncFailed && r.Error != "" {
				out[i].failed = r.Error
			}
		}
	}
	return out, nil
}

// drawBars redraws one bar per provider in place.
func drawBars(w io.Writer, prog []providerProgress, final bool) {
	var b strings.Builder
	for _, p := range prog {
		width := 30
		fill := width * p.done / max(1, p.total)
		fmt.Fprintf(&b, "\033[2K  %-9s [%s%s] %d/%d users  %6d records\n", p.name,
			strings.Repeat("█", fill), strings.Repeat("·", width-fill), p.done, p.total, p.records)
	}
	if !final {
		fmt.Fprintf(&b, "\033[%dA", len(prog)) // back up to redraw
	}
	fmt.Fprint(w, b.String())
}

func plainLine(prog []providerProgress) string {
	parts := make([]string, len(prog))
	for i, p := range prog {
		parts[i] = fmt.Sprintf("%s %d/%d users (%d records)", p.name, p.done, p.total, p.records)
	}
	return "backfill: " + strings.Join(parts, ", ")
}
