package imports

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// SleepFragment is one stage interval a sleep writer (the Watch, a sleep
// app) recorded: HealthKit and Health Connect hand sleep over as such
// fragments, not as sessions. Offset is the local zone in seconds.
type SleepFragment struct {
	Stage      domain.SleepStage
	Start, End time.Time
	Offset     int32
}

const (
	// nightStart is the local hour a night's window opens: fragments from
	// 18:00 to 18:00 the next day are one night's candidates, so a night
	// that starts before midnight and one after are the same night.
	nightStart = 18 * time.Hour
	// sessionGap splits a window's fragments into sessions (a nap and the
	// night): a longer gap than this ends a session, as in Open Wearables
	// (SLEEP_END_GAP_MINUTES).
	sessionGap = 2 * time.Hour
	// napMax is the longest session that can be a nap, if it is not the
	// night's main sleep.
	napMax = 3 * time.Hour
)

// nightKey names the night window a fragment belongs to, by its local
// date: "2024-03-09" for fragments from 2024-03-09 18:00 to 2024-03-10
// 18:00 local time.
func nightKey(f SleepFragment) string {
	local := f.Start.Add(time.Duration(f.Offset) * time.Second).UTC()
	return local.Add(-nightStart).Format(time.DateOnly)
}

// sessionID is the provider record id of a night's i-th session.
func sessionID(night string, i int) string { return fmt.Sprintf("sleep-%s#%d", night, i) }

// writeSleep merges a data source's new fragments into its stored
// sessions, night by night: the night's fragments (the stored sessions'
// stages and the new ones) are normalized — overlaps clipped, in-bed time
// kept only where no other stage covers it — and split into sessions at
// gaps over two hours. Normalizing is idempotent, so a retried batch
// changes nothing; a night whose sessions got fewer has the extra ones
// tombstoned.
func writeSleep(ctx context.Context, tx store.Tx, userID, dsID string, frags []SleepFragment) (domain.WriteResult, int, error) {
	nights := map[string][]SleepFragment{}
	for _, f := range frags {
		k := nightKey(f)
		nights[k] = append(nights[k], f)
	}
	var res domain.WriteResult
	sessions := 0
	keys := slices.Sorted(mapKeys(nights))
	locks := make([]string, len(keys))
	for i, night := range keys {
		locks[i] = "sleep:" + dsID + ":" + night
	}
	// Two uploads of one night (a live and a historical batch) must not
	// both read the stored sessions before either writes them.
	if err := tx.LockKeys(ctx, locks...); err != nil {
		return res, 0, err
	}
	for _, night := range keys {
		stored, err := storedSessions(ctx, tx, dsID, night)
		if err != nil {
			return res, sessions, err
		}
		all := nights[night]
		for _, e := range stored {
			all = append(all, fragmentsOf(e)...)
		}
		evs := sessionEvents(userID, dsID, night, normalize(all))
		r, err := tx.UpsertEvents(ctx, evs)
		if err != nil {
			return res, sessions, fmt.Errorf("imports: sleep of %s: %w", night, err)
		}
		res.Add(r)
		sessions += len(evs)
		if len(stored) > len(evs) {
			var gone []string
			for i := len(evs); i < len(stored); i++ {
				gone = append(gone, stored[i].ProviderRecordID)
			}
			r, err := tx.MarkEventsDeleted(ctx, dsID, domain.CategorySleep, gone)
			if err != nil {
				return res, sessions, fmt.Errorf("imports: sleep of %s: %w", night, err)
			}
			res.Add(r)
		}
	}
	return res, sessions, nil
}

func mapKeys[V any](m map[string]V) func(func(string) bool) {
	return func(yield func(string) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// storedSessions reads a night's live sessions, #0 upwards.
func storedSessions(ctx context.Context, tx store.Tx, dsID, night string) ([]domain.Event, error) {
	var out []domain.Event
	for i := 0; ; i++ {
		e, err := tx.EventByProviderID(ctx, dsID, domain.CategorySleep, sessionID(night, i))
		if errors.Is(err, store.ErrNotFound) || (err == nil && e.Deleted) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("imports: stored sleep of %s: %w", night, err)
		}
		out = append(out, e)
	}
}

func fragmentsOf(e domain.Event) []SleepFragment {
	if e.Sleep == nil {
		return nil
	}
	out := make([]SleepFragment, 0, len(e.Sleep.Stages))
	for _, iv := range e.Sleep.Stages {
		out = append(out, SleepFragment{Stage: iv.Stage, Start: iv.Start, End: iv.End, Offset: int32(e.ZoneOffset)})
	}
	return out
}

// normalize turns overlapping fragments into a sequence of disjoint
// intervals: stages other than in-bed win, each ending where the next
// begins; in-bed time survives only where no other stage covers it.
// normalize(normalize(x) ∪ x) == normalize(x): the pieces it outputs are
// prefixes or parts of its inputs, which clip away again.
func normalize(frags []SleepFragment) []SleepFragment {
	var stages, inBed []SleepFragment
	for _, f := range frags {
		if !f.End.After(f.Start) {
			continue
		}
		if f.Stage == domain.StageInBed {
			inBed = append(inBed, f)
		} else {
			stages = append(stages, f)
		}
	}
	stages = clip(stages)
	var out []SleepFragment
	for _, b := range clip(inBed) {
		out = append(out, subtract(b, stages)...)
	}
	out = append(out, stages...)
	slices.SortFunc(out, func(a, b SleepFragment) int { return a.Start.Compare(b.Start) })
	return out
}

// clip sorts fragments and ends each where the next starts; duplicates
// and fragments swallowed by their successor's start vanish.
func clip(fs []SleepFragment) []SleepFragment {
	slices.SortFunc(fs, func(a, b SleepFragment) int {
		return cmp.Or(a.Start.Compare(b.Start), a.End.Compare(b.End), cmp.Compare(a.Stage, b.Stage))
	})
	out := fs[:0:0]
	for i, f := range fs {
		if i+1 < len(fs) && fs[i+1].Start.Before(f.End) {
			f.End = fs[i+1].Start
		}
		if f.End.After(f.Start) {
			out = append(out, f)
		}
	}
	return out
}

// subtract returns the parts of b no stage in stages (sorted, disjoint)
// covers.
func subtract(b SleepFragment, stages []SleepFragment) []SleepFragment {
	var out []SleepFragment
	at := b.Start
	for _, s := range stages {
		if !s.End.After(at) || !s.Start.Before(b.End) {
			continue
		}
		if s.Start.After(at) {
			p := b
			p.Start, p.End = at, s.Start
			out = append(out, p)
		}
		at = s.End
	}
	if b.End.After(at) {
		p := b
		p.Start = at
		out = append(out, p)
	}
	return out
}

// sessionEvents splits a night's disjoint intervals into sessions at gaps
// over sessionGap; the longest is the main sleep, the others short
// enough are naps.
func sessionEvents(userID, dsID, night string, ivs []SleepFragment) []domain.Event {
	var groups [][]SleepFragment
	for i, iv := range ivs {
		if i == 0 || iv.Start.Sub(ivs[i-1].End) > sessionGap {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], iv)
	}
	main := 0
	for i, g := range groups {
		if span(g) > span(groups[main]) {
			main = i
		}
	}
	evs := make([]domain.Event, len(groups))
	for i, g := range groups {
		evs[i] = sessionEvent(userID, dsID, sessionID(night, i), g, i != main && span(g) <= napMax)
	}
	return evs
}

func span(g []SleepFragment) time.Duration { return g[len(g)-1].End.Sub(g[0].Start) }

// sessionEvent sums a session's stages.
func sessionEvent(userID, dsID, id string, g []SleepFragment, nap bool) domain.Event {
	var perStage = map[domain.SleepStage]int64{}
	stages := make([]domain.StageInterval, len(g))
	for i, iv := range g {
		stages[i] = domain.StageInterval{Stage: iv.Stage, Start: iv.Start.UTC(), End: iv.End.UTC()}
		perStage[iv.Stage] += int64(iv.End.Sub(iv.Start) / time.Second)
	}
	asleep := perStage[domain.StageSleeping] + perStage[domain.StageLight] + perStage[domain.StageDeep] + perStage[domain.StageREM]
	inBed := int64(span(g) / time.Second)
	d := &domain.SleepDetails{IsNap: nap, Stages: stages, TotalSleepSeconds: &asleep, TimeInBedSeconds: &inBed}
	for st, dst := range map[domain.SleepStage]**int64{domain.StageAwake: &d.AwakeSeconds, domain.StageLight: &d.LightSeconds,
		domain.StageDeep: &d.DeepSeconds, domain.StageREM: &d.REMSeconds} {
		if v, ok := perStage[st]; ok {
			*dst = &v
		}
	}
	if inBed > 0 {
		eff := float64(asleep) * 100 / float64(inBed)
		d.EfficiencyPercent = &eff
	}
	return domain.Event{
		RecordMeta: domain.RecordMeta{UserID: userID, DataSourceID: dsID, ProviderRecordID: id},
		Category:   domain.CategorySleep, Type: "sleep_session",
		StartTime: g[0].Start.UTC(), EndTime: g[len(g)-1].End.UTC(), ZoneOffset: domain.ZoneOffset(g[0].Offset), Sleep: d,
	}
}
