package oura

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// storedSleeps lists the user's live sleep events.
func (e *engine) storedSleeps(t *testing.T, userID string) []domain.Event {
	t.Helper()
	evs, err := e.st.ListEvents(t.Context(), store.EventQuery{UserID: userID, Category: domain.CategorySleep,
		Start: e.world.Start().AddDate(0, 0, -3), End: e.clock.Now().AddDate(0, 0, 3), Page: store.Page{Limit: math.MaxInt32}})
	require.NoError(t, err)
	return evs
}

// fingerprints describes each stored sleep ("sleep/<id>") and activity
// summary ("activity/<date>") by its values, so a test can tell that an
// update stored new ones.
func (e *engine) fingerprints(t *testing.T, userID string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, ev := range e.storedSleeps(t, userID) {
		out["sleep/"+ev.ProviderRecordID] = sleepValues(t, ev)
	}
	sums, err := e.st.ListDailySummaries(t.Context(), store.SummaryQuery{UserID: userID, Kind: domain.SummaryActivity,
		StartDate: "2000-01-01", EndDate: "2100-01-01"})
	require.NoError(t, err)
	for _, s := range sums {
		out["activity/"+s.Date] = fmt.Sprint(s.Metrics)
	}
	return out
}

// kindOf is the part of a fingerprint key before the slash.
func kindOf(key string) string {
	k, _, _ := strings.Cut(key, "/")
	return k
}

// sleepValues renders the values of a sleep event that Oura may change
// (JSON, so that pointers show what they point at; scoring adds the
// readiness block and score deltas to extra). The period number is left
// out: it shifts when an earlier sleep of the day is deleted, a change
// Oura announces with no event (the periodic pull brings it).
func sleepValues(t *testing.T, ev domain.Event) string {
	t.Helper()
	var sl domain.SleepDetails
	if ev.Sleep != nil {
		sl = *ev.Sleep
		sl.ProviderExtraFields = maps.Clone(sl.ProviderExtraFields)
		delete(sl.ProviderExtraFields, "period")
	}
	details, err := json.Marshal(sl)
	require.NoError(t, err)
	return fmt.Sprintf("%s %s %s", ev.StartTime.UTC(), ev.EndTime.UTC(), details)
}

// requireSleepsMatchOura fetches every sleep Oura serves now and checks
// the store holds exactly those, each with the values Oura gives.
func (e *engine) requireSleepsMatchOura(t *testing.T, c domain.Connection) {
	t.Helper()
	ctx := t.Context()
	cur, err := e.st.ConnectionByID(ctx, c.ID)
	require.NoError(t, err)
	cur, err = e.tokens.Token(ctx, cur)
	require.NoError(t, err)
	docs, _ := e.fetchAll(t, cur.AccessToken, TypeSleep, e.everything())
	stored := map[string]domain.Event{}
	for _, ev := range e.storedSleeps(t, c.UserID) {
		stored[ev.ProviderRecordID] = ev
	}
	require.Len(t, stored, len(docs), "the store holds exactly the sleeps Oura serves")
	for _, d := range docs {
		recs, err := e.p.Normalize(d, nil)
		require.NoError(t, err)
		require.Len(t, recs.Events, 1)
		got, ok := stored[d.ID]
		require.True(t, ok, "sleep %s not stored", d.ID)
		require.Equal(t, sleepValues(t, recs.Events[0]), sleepValues(t, got), "sleep %s has Oura's current values", d.ID)
	}
}
