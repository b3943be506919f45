package event

import (
	"strconv"
	"strings"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Type names the event of change c, "" when it sends none.
func Type(c domain.Change) string {
	ct := string(c.ChangeType)
	switch c.Kind {
	case domain.ChangeKindSleep, domain.ChangeKindWorkout, domain.ChangeKindDailySummary, domain.ChangeKindHealthScore,
		domain.ChangeKindActivitySummary, domain.ChangeKindCycleSummary, domain.ChangeKindBodySummary,
		domain.ChangeKindProviderData, domain.ChangeKindConnection:
		return c.Kind + "." + ct
	case domain.ChangeKindSyncRun:
		return "sync." + ct
	case domain.ChangeKindSeries:
		st, ok := seriesType(c.RecordID)
		if !ok {
			return ""
		}
		return "series." + st.Code + "." + ct
	}
	return ""
}

// seriesType reads the series type from a block's record id
// ("<data source id>/<type id>/<YYYY-MM-DD>").
func seriesType(recordID string) (domain.SeriesType, bool) {
	parts := strings.Split(recordID, "/")
	if len(parts) != 3 {
		return domain.SeriesType{}, false
	}
	id, err := strconv.Atoi(parts[1])
	if err != nil {
		return domain.SeriesType{}, false
	}
	return domain.SeriesTypeByID(id)
}

// Info describes one event type for the event-types route.
type Info struct {
	Name        string
	Description string
}

// Catalog lists every event type wearhouse sends, in a stable order.
func Catalog() []Info {
	var out []Info
	verbs := []domain.ChangeType{domain.ChangeCreated, domain.ChangeUpdated, domain.ChangeDeleted}
	for _, k := range []struct{ kind, what string }{
		{domain.ChangeKindSleep, "a sleep session"},
		{domain.ChangeKindWorkout, "a workout"},
		{domain.ChangeKindActivitySummary, "a provider's activity day summary"},
		{domain.ChangeKindCycleSummary, "a WHOOP cycle summary"},
		{domain.ChangeKindBodySummary, "a provider's body day summary"},
		{domain.ChangeKindHealthScore, "a health score"},
	} {
		for _, v := range verbs {
			out = append(out, Info{Name: k.kind + "." + string(v), Description: "The record of " + k.what + " was " + string(v) + "."})
		}
	}
	out = append(out,
		Info{Name: "provider_data.deleted", Description: "All of a user's data from one provider was removed."},
		Info{Name: "connection.created", Description: "A user connected a provider account (or reconnected a revoked one)."},
		Info{Name: "connection.revoked", Description: "A connection was revoked: disconnected, or the provider refused its tokens."},
		Info{Name: "connection.error", Description: "A connection entered the error state."},
		Info{Name: "sync.completed", Description: "A sync run ended, with its counts."},
	)
	for _, st := range domain.SeriesTypes() {
		for _, v := range verbs {
			out = append(out, Info{Name: "series." + st.Code + "." + string(v),
				Description: "A day of " + st.Code + " samples from one data source was " + string(v) + "."})
		}
	}
	return out
}
