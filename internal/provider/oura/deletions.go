package oura

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// daySweep is how far back a delete event for a document stored under
// its day looks for the day that left. Oura re-scores recent days, so
// the deleted document is almost always recent; a year costs a handful
// of list requests for an event that is rare.
const daySweep = 366 * 24 * time.Hour

// keyedByDay reports whether a data type's documents may come without an
// id and are then stored under their day. daily_cardiovascular_age is
// the one: its list items and single documents are {day, vascular_age},
// while its webhooks and single-document route name an opaque id.
func keyedByDay(dataType string) bool { return dataType == TypeDailyCardiovascularAge }

// deletion turns a delete event into the page that removes its document.
// Most documents are stored under the id the event names. A document kept
// under its day cannot be found from that id, so Oura's current list is
// read instead: every day of the sweep that Oura no longer lists is
// deleted as well. A day we never stored deletes nothing, and a day still
// listed is never touched (so a delete racing a re-creation is harmless);
// the result is exactly the documents Oura no longer has.
func (p *Provider) deletion(ctx context.Context, accessToken string, t provider.Target) (provider.Page, error) {
	pg := provider.Page{Deleted: []provider.Deletion{{DataType: t.DataType, ID: t.ID}}}
	if !keyedByDay(t.DataType) {
		return pg, nil
	}
	now := p.o.Now().UTC()
	w := provider.Window{Start: now.Add(-daySweep), End: now}
	listed := map[string]bool{}
	err := p.walk(ctx, accessToken, t.DataType, dateQuery(w), "", func(page provider.Page) error {
		for _, d := range page.Docs {
			var h struct {
				Day string `json:"day"`
			}
			if err := json.Unmarshal(d.Body, &h); err != nil {
				return provider.Malformed(t.DataType+" document", err)
			}
			listed[h.Day] = true
		}
		return nil
	})
	if err != nil {
		return provider.Page{}, fmt.Errorf("oura: delete %s %s: %w", t.DataType, t.ID, err)
	}
	// The query reaches a day beyond both ends of w, so every day from
	// w's first to the day after its last is answered for, whichever way
	// Oura reads end_date and whatever the wearer's time zone.
	first := w.Start.Truncate(24 * time.Hour)
	last := w.End.Truncate(24*time.Hour).AddDate(0, 0, 1)
	for d := first; !d.After(last); d = d.AddDate(0, 0, 1) {
		day := d.Format(time.DateOnly)
		if !listed[day] && day != t.ID {
			pg.Deleted = append(pg.Deleted, provider.Deletion{DataType: t.DataType, ID: day})
		}
	}
	return pg, nil
}
