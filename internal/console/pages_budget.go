package console

import (
	"fmt"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// providerLimits is one provider's published limits with how much of
// each the shared budget has used in its current window.
type providerLimits struct {
	Display string
	Limits  []limitUse
}

// limitUse is one published limit and, when the shared budget counted
// it, its current window.
type limitUse struct {
	Limit string
	// Counted is false when no replica has counted this window in the
	// database (SQLite counts in memory, or no request was sent yet).
	Counted bool
	// Requests is the published limit, Used the current window's count
	// (the stored row's own cap is the last caller's share of it, 85 or
	// 95 %, so the page measures against the published number).
	Requests, Used int
	// Ends is when the current window ends; Paused when a 429's
	// Retry-After holds every request.
	Ends, Paused *time.Time
}

// budgetLimits pairs each provider's published limits with the stored
// windows of its shared budget (named by the window's length, as
// syncer.SharedBudget names them). A window that has ended counts zero.
func budgetLimits(name string, display string, limits []provider.Limit, use []store.RateBudgetUse, now time.Time) providerLimits {
	pl := providerLimits{Display: display}
	for _, l := range limits {
		lu := limitUse{Limit: strconv.Itoa(l.Requests) + " per " + l.Per.String(), Requests: l.Requests}
		for _, b := range use {
			if string(b.Provider) != name || b.Bucket != l.Per.String() {
				continue
			}
			lu.Counted = true
			if end := b.WindowStart.Add(b.Window); end.After(now) {
				lu.Used, lu.Ends = b.Used, &end
			}
			if b.BlockedUntil != nil && b.BlockedUntil.After(now) {
				lu.Paused = b.BlockedUntil
			}
		}
		pl.Limits = append(pl.Limits, lu)
	}
	return pl
}

// String is how the overview shows the limit's use.
func (l limitUse) String() string {
	if !l.Counted {
		return l.Limit
	}
	s := fmt.Sprintf("%s: %d of %d used", l.Limit, l.Used, l.Requests)
	if l.Ends != nil {
		s += " until " + l.Ends.UTC().Format("15:04:05 UTC")
	}
	if l.Paused != nil {
		s += ", paused (429) until " + l.Paused.UTC().Format("15:04:05 UTC")
	}
	return s
}
