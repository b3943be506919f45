package api

import (
	"context"
	"fmt"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// scoreEventKey is the idempotency key of the event a score describes,
// when the provider records the link. A WHOOP sleep score and a WHOOP
// recovery both carry the sleep's id as their record id (the recovery's
// sleep_id) and a strain score carries its workout's, all from the same
// data source, so the stored key is the link. Oura's daily sleep,
// readiness and activity documents do not name a sleep or workout (a day
// can hold several sleeps), so no key is guessed for them: their record
// id matches no event and event_record_id stays null.
func scoreEventKey(h domain.HealthScore) (store.EventKey, bool) {
	if h.DataSourceID == "" || h.ProviderRecordID == "" {
		return store.EventKey{}, false
	}
	var c domain.EventCategory
	switch h.Category {
	case domain.ScoreSleep, domain.ScoreRecovery:
		c = domain.CategorySleep
	case domain.ScoreStrain:
		c = domain.CategoryWorkout
	default:
		return store.EventKey{}, false
	}
	return store.EventKey{DataSourceID: h.DataSourceID, Category: c, ProviderRecordID: h.ProviderRecordID}, true
}

// scoreEvents returns, per score index, the id of the live sleep or
// workout it describes; one store query for the whole page.
func scoreEvents(ctx context.Context, st store.Reader, userID string, scores []domain.HealthScore) (map[int]string, error) {
	keys := make([]store.EventKey, 0, len(scores))
	for _, h := range scores {
		if k, ok := scoreEventKey(h); ok {
			keys = append(keys, k)
		}
	}
	if len(keys) == 0 {
		return nil, nil
	}
	ids, err := st.EventIDsByProviderIDs(ctx, userID, keys)
	if err != nil {
		return nil, fmt.Errorf("api: score events: %w", err)
	}
	out := make(map[int]string, len(ids))
	for i, h := range scores {
		if k, ok := scoreEventKey(h); ok {
			if id, found := ids[k]; found {
				out[i] = id
			}
		}
	}
	return out, nil
}
