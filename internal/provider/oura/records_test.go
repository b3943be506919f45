package oura

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/store"
)

// recordSet is the identity of every live record of one user: events and
// scores by category and provider id, summaries by kind and provider id,
// samples by series type and instant (samples have no id of their own).
type recordSet struct {
	Events, Scores, Summaries, Samples map[string]bool
}

func newRecordSet() recordSet {
	return recordSet{Events: map[string]bool{}, Scores: map[string]bool{}, Summaries: map[string]bool{}, Samples: map[string]bool{}}
}

// add puts what one document normalizes to into s.
func (s recordSet) add(t *testing.T, recs provider.Records) {
	t.Helper()
	for _, ev := range recs.Events {
		s.Events[string(ev.Category)+"/"+ev.ProviderRecordID] = true
	}
	for _, sc := range recs.Scores {
		s.Scores[sc.Category+"/"+sc.ProviderRecordID] = true
	}
	for _, sm := range recs.Summaries {
		s.Summaries[string(sm.Kind)+"/"+sm.ProviderRecordID] = true
	}
	for _, ser := range recs.Series {
		st, ok := domain.SeriesTypeByCode(ser.TypeCode)
		require.True(t, ok, ser.TypeCode)
		for _, smp := range ser.Samples {
			s.Samples[fmt.Sprintf("%s@%d", st.Code, smp.T)] = true
		}
	}
}

// liveDocuments returns the user's stored Oura documents that are not
// deleted.
func (e *engine) liveDocuments(t *testing.T, userID string) []domain.RawDocument {
	t.Helper()
	docs, err := e.st.ListRawDocuments(t.Context(), store.RawQuery{UserID: userID, Provider: domain.ProviderOura,
		Page: store.Page{Limit: math.MaxInt32}})
	require.NoError(t, err)
	return docs
}

// implied is what the user's live documents normalize to: what the store
// must hold if every write and every deletion hit exactly its records.
func (e *engine) implied(t *testing.T, userID string) recordSet {
	t.Helper()
	s := newRecordSet()
	for _, raw := range e.liveDocuments(t, userID) {
		recs, err := e.p.Normalize(fromStored(raw), nil)
		require.NoError(t, err, "%s %s", raw.DataType, raw.ProviderRecordID)
		s.add(t, recs)
	}
	return s
}

// stored reads every live record of the user back through the store's
// read side, the one the API serves from.
func (e *engine) stored(t *testing.T, userID string) recordSet {
	t.Helper()
	ctx := t.Context()
	from, to := e.world.Start().AddDate(0, 0, -3), e.clock.Now().AddDate(0, 0, 3)
	s := newRecordSet()
	var recs provider.Records
	for _, cat := range []domain.EventCategory{domain.CategorySleep, domain.CategoryWorkout} {
		evs, err := e.st.ListEvents(ctx, store.EventQuery{UserID: userID, Category: cat, Start: from, End: to,
			Page: store.Page{Limit: math.MaxInt32}})
		require.NoError(t, err)
		recs.Events = append(recs.Events, evs...)
	}
	scores, _, err := e.st.ListHealthScores(ctx, store.ScoreQuery{UserID: userID, Limit: math.MaxInt32})
	require.NoError(t, err)
	recs.Scores = scores
	sums, err := e.st.ListDailySummaries(ctx, store.SummaryQuery{UserID: userID, StartDate: "2000-01-01", EndDate: "2100-01-01"})
	require.NoError(t, err)
	recs.Summaries = sums
	series, err := e.st.ReadSamples(ctx, store.SampleQuery{UserID: userID, Start: from, End: to})
	require.NoError(t, err)
	for _, sd := range series {
		st, ok := domain.SeriesTypeByID(sd.TypeID)
		require.True(t, ok, sd.TypeID)
		recs.Series = append(recs.Series, provider.Series{TypeCode: st.Code, Samples: sd.Samples})
	}
	s.add(t, recs)
	return s
}

// drift is how the store differs from what the live documents imply:
// records it lacks and records it holds beyond them.
type drift struct {
	missing, extra recordSet
}

// drift compares the store with the user's live documents.
func (e *engine) drift(t *testing.T, userID string) drift {
	t.Helper()
	want, got := e.implied(t, userID), e.stored(t, userID)
	return drift{missing: want.minus(got), extra: got.minus(want)}
}

// minus is what s has and o has not.
func (s recordSet) minus(o recordSet) recordSet {
	out := newRecordSet()
	sub := func(dst, a, b map[string]bool) {
		for k := range a {
			if !b[k] {
				dst[k] = true
			}
		}
	}
	sub(out.Events, s.Events, o.Events)
	sub(out.Scores, s.Scores, o.Scores)
	sub(out.Summaries, s.Summaries, o.Summaries)
	sub(out.Samples, s.Samples, o.Samples)
	return out
}

// empty reports whether s holds nothing.
func (s recordSet) empty() bool {
	return len(s.Events)+len(s.Scores)+len(s.Summaries)+len(s.Samples) == 0
}

// String lists a few records of each kind, enough to see what went wrong.
func (s recordSet) String() string {
	few := func(m map[string]bool) string {
		keys := slices.Sorted(maps.Keys(m))
		return fmt.Sprintf("%d %v", len(keys), keys[:min(len(keys), 6)])
	}
	return fmt.Sprintf("events %s, scores %s, summaries %s, samples %s", few(s.Events), few(s.Scores), few(s.Summaries), few(s.Samples))
}

// requireConsistent checks that the store holds exactly the records the
// live documents imply: nothing a deletion should have removed, and
// nothing missing that another document still provides.
func (e *engine) requireConsistent(t *testing.T, userID, msg string) {
	t.Helper()
	d := e.drift(t, userID)
	require.True(t, d.missing.empty(), "%s: the store lacks %s", msg, d.missing)
	require.True(t, d.extra.empty(), "%s: the store has extra %s", msg, d.extra)
}

// fromStored rebuilds the provider document of a stored raw document.
func fromStored(raw domain.RawDocument) provider.Document {
	doc := provider.Document{DataType: raw.DataType, ID: raw.ProviderRecordID, Body: raw.Body}
	if raw.StartTime != nil {
		doc.Start = *raw.StartTime
	}
	return doc
}
