package oura

import (
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// backfillWindow is the window a backfill of days walks now (the
// syncer's own arithmetic: now less days, to the millisecond).
func (e *engine) backfillWindow(days int) provider.Window {
	now := e.clock.Now().UTC().Truncate(time.Millisecond)
	return provider.Window{Start: now.AddDate(0, 0, -days), End: now}
}

// storedDocs returns the user's live raw documents of one data type by
// provider id, bodies normalised as JSON (Postgres keeps jsonb, which
// reorders keys).
func storedDocs(t *testing.T, st store.Store, userID, dataType string) map[string]any {
	t.Helper()
	docs, err := st.ListRawDocuments(t.Context(), store.RawQuery{UserID: userID, Provider: domain.ProviderOura, DataType: dataType,
		Page: store.Page{Limit: math.MaxInt32}})
	require.NoError(t, err)
	out := map[string]any{}
	for _, d := range docs {
		if d.Deleted {
			continue
		}
		_, dup := out[d.ProviderRecordID]
		require.False(t, dup, "%s %s stored twice", dataType, d.ProviderRecordID)
		out[d.ProviderRecordID] = jsonValue(t, d.Body)
	}
	return out
}

func jsonValue(t *testing.T, b []byte) any {
	t.Helper()
	var v any
	require.NoError(t, json.Unmarshal(b, &v))
	return v
}

// served fetches every document of one data type Oura serves over w (a
// snapshot type ignores w), by provider id.
func (e *engine) served(t *testing.T, token string, dt provider.DataType, w provider.Window) map[string]any {
	t.Helper()
	if !dt.Windowed {
		w = provider.Window{}
	}
	docs, _ := e.fetchAll(t, token, dt.Name, w)
	out := map[string]any{}
	for _, d := range docs {
		out[d.ID] = jsonValue(t, d.Body)
	}
	return out
}

// accessToken is a valid access token of c, from the store.
func (e *engine) accessToken(t *testing.T, c domain.Connection) string {
	t.Helper()
	cur, err := e.st.ConnectionByID(t.Context(), c.ID)
	require.NoError(t, err)
	cur, err = e.tokens.Token(t.Context(), cur)
	require.NoError(t, err)
	return cur.AccessToken
}

// requireBackfillComplete checks, for every data type, that the store
// holds exactly the documents Oura serves over the backfill window —
// none missing, none extra, each with Oura's body — that every record
// they normalize to is stored once and nothing else is, and that the
// sleeps and workouts are the simulated person's.
func (e *engine) requireBackfillComplete(t *testing.T, c domain.Connection, days int) {
	t.Helper()
	token := e.accessToken(t, c)
	w := e.backfillWindow(days)
	total := 0
	for _, dt := range e.p.DataTypes() {
		want := e.served(t, token, dt, w)
		total += len(want)
		require.Equal(t, want, storedDocs(t, e.st, c.UserID, dt.Name), "stored %s equals what Oura serves", dt.Name)
	}
	require.Greater(t, total, 20*len(e.p.DataTypes())/2, "the comparison covers a real backfill")
	e.requireConsistent(t, c.UserID, "after the backfill")
	e.requireNoDuplicateRecords(t, c.UserID)
	person, ok := e.world.PersonByOuraID(c.ProviderUserID)
	require.True(t, ok)
	sleeps, workouts := map[string]bool{}, map[string]bool{}
	for _, ev := range e.storedSleeps(t, c.UserID) {
		sleeps[ev.StartTime.UTC().String()] = true
	}
	for _, s := range person.Sleeps(time.Time{}, time.Time{}) {
		require.True(t, sleeps[s.Start.UTC().String()], "sleep %s stored", s.ID)
	}
	require.Len(t, sleeps, len(person.Sleeps(time.Time{}, time.Time{})))
	evs, err := e.st.ListEvents(t.Context(), store.EventQuery{UserID: c.UserID, Category: domain.CategoryWorkout,
		Start: e.world.Start().AddDate(0, 0, -3), End: e.clock.Now().AddDate(0, 0, 3), Page: store.Page{Limit: math.MaxInt32}})
	require.NoError(t, err)
	for _, ev := range evs {
		workouts[ev.StartTime.UTC().String()] = true
	}
	require.Len(t, workouts, len(person.Workouts(time.Time{}, time.Time{})))
}

// requireNoDuplicateRecords checks that no event, score or daily summary
// is stored twice under one provider id (recordSet, being a set, would
// not notice).
func (e *engine) requireNoDuplicateRecords(t *testing.T, userID string) {
	t.Helper()
	ctx := t.Context()
	seen := map[string]bool{}
	once := func(key string) {
		require.False(t, seen[key], "%s stored twice", key)
		seen[key] = true
	}
	for _, cat := range []domain.EventCategory{domain.CategorySleep, domain.CategoryWorkout} {
		evs, err := e.st.ListEvents(ctx, store.EventQuery{UserID: userID, Category: cat, Start: e.world.Start().AddDate(0, 0, -3),
			End: e.clock.Now().AddDate(0, 0, 3), Page: store.Page{Limit: math.MaxInt32}})
		require.NoError(t, err)
		for _, ev := range evs {
			once(fmt.Sprintf("event %s/%s", cat, ev.ProviderRecordID))
		}
	}
	scores, _, err := e.st.ListHealthScores(ctx, store.ScoreQuery{UserID: userID, Limit: math.MaxInt32})
	require.NoError(t, err)
	for _, sc := range scores {
		once(fmt.Sprintf("score %s/%s", sc.Category, sc.ProviderRecordID))
	}
	sums, err := e.st.ListDailySummaries(ctx, store.SummaryQuery{UserID: userID, StartDate: "2000-01-01", EndDate: "2100-01-01"})
	require.NoError(t, err)
	for _, s := range sums {
		once(fmt.Sprintf("summary %s/%s/%s", s.Kind, s.Date, s.ProviderRecordID))
	}
}
