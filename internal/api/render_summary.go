package api

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/priority"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// RecordRenderer is RenderRecord for a server serving providers, with
// daily summaries too: those are served merged per day by the user's
// source priorities over the providers' defaults, which it must know.
func RecordRenderer(providers provider.Catalog) func(ctx context.Context, st store.Reader, c domain.Change) (json.RawMessage, error) {
	base := priority.Default(providers.Names()...)
	return func(ctx context.Context, st store.Reader, c domain.Change) (json.RawMessage, error) {
		if domain.IsSummaryChangeKind(c.Kind) {
			return renderSummary(ctx, st, base, c)
		}
		return RenderRecord(ctx, st, c)
	}
}

// renderSummary renders the day of a live activity or cycle summary as
// GET …/summaries/activity serves it in its data array: the merged row
// of that date, which the summary is one of the sources of. It returns
// nil for a body summary (no route serves those rows; the body route
// reads the series) and for a summary that is gone or tombstoned. The
// store has no read of one summary by id, so it reads the user's.
func renderSummary(ctx context.Context, st store.Reader, base priority.Ranker, c domain.Change) (json.RawMessage, error) {
	all, err := st.ListDailySummaries(ctx, store.SummaryQuery{UserID: c.UserID})
	if err != nil {
		return nil, fmt.Errorf("api: render daily summary %s: %w", c.RecordID, err)
	}
	var sum *domain.DailySummary
	for i := range all {
		if all[i].ID == c.RecordID {
			sum = &all[i]
		}
	}
	if sum == nil || (sum.Kind != domain.SummaryActivity && sum.Kind != domain.SummaryCycle) {
		return nil, nil
	}
	day, err := time.Parse(time.DateOnly, sum.Date)
	if err != nil {
		return nil, fmt.Errorf("api: render daily summary %s: %w", c.RecordID, err)
	}
	list, err := st.ListDataSources(ctx, c.UserID)
	if err != nil {
		return nil, fmt.Errorf("api: render daily summary %s: %w", c.RecordID, err)
	}
	srcs := make(sources, len(list))
	for _, ds := range list {
		srcs[ds.ID] = ds
	}
	dr := dateRange{start: sum.Date, end: day.AddDate(0, 0, 1).Format(time.DateOnly)}
	rows, err := activityRows(ctx, st, base, c.UserID, srcs, dr)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if rows[i].Date == sum.Date {
			enc := &jsonEnc{}
			rows[i].appendJSON(enc)
			return enc.b, enc.err
		}
	}
	return nil, nil
}
