package whoop

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// kJPerKcal converts WHOOP's kilojoules to kilocalories (thermochemical
// calorie, 4.184 J).
const kJPerKcal = 4.184

// Normalize turns one WHOOP document into domain records (see
// docs/providers/whoop.md for every field). It is pure and never panics on
// odd input: unknown or missing fields are simply absent downstream.
func (p *Provider) Normalize(doc provider.Document, related provider.Related) (provider.Records, error) {
	var (
		recs provider.Records
		err  error
	)
	switch doc.DataType {
	case TypeCycle:
		recs, err = normalizeCycle(doc)
	case TypeSleep:
		recs, err = normalizeSleep(doc)
		if err == nil {
			err = addStream(&recs, doc, related)
		}
	case TypeSleepStream:
		// Raw only: its samples are normalized with their sleep.
	case TypeRecovery:
		recs, err = normalizeRecovery(doc, related)
	case TypeWorkout:
		recs, err = normalizeWorkout(doc)
	case TypeBody:
		recs, err = normalizeBody(doc)
	case TypeProfile:
		// Identity only; the raw document is what is kept.
	default:
		return recs, fmt.Errorf("whoop: normalize: unknown data type %q", doc.DataType)
	}
	if err != nil {
		return provider.Records{}, fmt.Errorf("whoop: normalize %s %s: %w", doc.DataType, doc.ID, err)
	}
	return recs, nil
}

// meta is the record identity every record of doc shares.
func meta(doc provider.Document, id string) domain.RecordMeta {
	return domain.RecordMeta{ProviderRecordID: id, Revision: doc.Revision}
}

// normalizeCycle yields the cycle's daily summary. The open cycle has no
// end; an unscored cycle has no metrics and is replaced once scored.
func normalizeCycle(doc provider.Document) (provider.Records, error) {
	var c cycle
	if err := json.Unmarshal(doc.Body, &c); err != nil {
		return provider.Records{}, err
	}
	off, err := parseOffset(c.Offset)
	if err != nil {
		return provider.Records{}, err
	}
	s := domain.DailySummary{
		RecordMeta: meta(doc, strconv.FormatInt(c.ID, 10)),
		Kind:       domain.SummaryCycle,
		Date:       cycleDate(c.Start, off),
		StartTime:  c.Start.UTC(),
		ZoneOffset: off,
		Metrics:    map[string]float64{},
		Extra:      map[string]any{"score_state": c.State},
	}
	if c.End != nil {
		e := c.End.UTC()
		s.EndTime = &e
	}
	if c.State == stateScored && c.Score != nil {
		put(s.Metrics, domain.MetricStrain, c.Score.Strain)
		put(s.Metrics, domain.MetricAvgHeartRate, c.Score.AverageHeartRate)
		put(s.Metrics, domain.MetricMaxHeartRate, c.Score.MaxHeartRate)
		if kj := c.Score.Kilojoule; kj != nil {
			s.Metrics[domain.MetricTotalEnergyKcal] = *kj / kJPerKcal
			s.Extra["kilojoule"] = *kj
		}
	}
	return provider.Records{Summaries: []domain.DailySummary{s}}, nil
}

// cycleDate is the local day a cycle is labelled with: the day its waking
// hours fall on. A cycle starts when its main sleep starts, usually late in
// the evening before, so the start plus twelve hours lands on that day.
func cycleDate(start time.Time, off domain.ZoneOffset) string {
	return localTime(start.Add(12*time.Hour), off).Format(time.DateOnly)
}

// normalizeSleep yields the sleep event and its sleep score, plus the
// night's respiratory rate as a sample at wake time.
func normalizeSleep(doc provider.Document) (provider.Records, error) {
	var s sleep
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	off, err := parseOffset(s.TimezoneOffset)
	if err != nil {
		return provider.Records{}, err
	}
	state := s.ScoreState
	d := &domain.SleepDetails{IsNap: s.Nap, ProviderScoreState: &state}
	ev := domain.Event{RecordMeta: meta(doc, s.ID), Category: domain.CategorySleep, Type: "sleep_session",
		StartTime: s.Start.UTC(), EndTime: s.End.UTC(), ZoneOffset: off, Sleep: d}
	if s.CycleID != nil {
		d.ProviderExtraFields = map[string]any{"cycle_id": *s.CycleID}
	}
	recs := provider.Records{}
	score := domain.HealthScore{RecordMeta: meta(doc, s.ID), Provider: domain.ProviderWHOOP, Category: domain.ScoreSleep,
		RecordedAt: s.End.UTC(), ZoneOffset: off, Components: map[string]domain.ScoreComponent{}}
	if s.ScoreState != stateScored || s.Score == nil {
		score.Qualifier = qualifier(s.ScoreState)
		recs.Events, recs.Scores = []domain.Event{ev}, []domain.HealthScore{score}
		return recs, nil
	}
	sc := s.Score
	if st := sc.StageSummary; st != nil {
		d.TimeInBedSeconds = seconds(st.InBed)
		d.AwakeSeconds = seconds(st.Awake)
		d.NoDataSeconds = seconds(st.NoData)
		d.LightSeconds = seconds(st.Light)
		d.DeepSeconds = seconds(st.SlowWave)
		d.REMSeconds = seconds(st.REM)
		if st.Light != nil || st.SlowWave != nil || st.REM != nil {
			total := (deref(st.Light) + deref(st.SlowWave) + deref(st.REM)) / 1000
			d.TotalSleepSeconds = &total
		}
		d.SleepCycleCount = st.CycleCount
		d.DisturbanceCount = st.Disturb
	}
	if n := sc.SleepNeeded; n != nil {
		need := (deref(n.Baseline) + deref(n.FromDebt) + deref(n.FromStrain) + deref(n.FromNap)) / 1000
		d.SleepNeedSeconds = &need
		if d.ProviderExtraFields == nil {
			d.ProviderExtraFields = map[string]any{}
		}
		d.ProviderExtraFields["sleep_need_baseline_milli"] = deref(n.Baseline)
		d.ProviderExtraFields["sleep_need_from_debt_milli"] = deref(n.FromDebt)
		d.ProviderExtraFields["sleep_need_from_strain_milli"] = deref(n.FromStrain)
		d.ProviderExtraFields["sleep_need_from_nap_milli"] = deref(n.FromNap)
	}
	d.AvgRespiratoryRate = sc.RespiratoryRate
	d.PerformancePercent = sc.Performance
	d.ConsistencyPercent = sc.Consistency
	d.EfficiencyPercent = sc.Efficiency
	score.Value = sc.Performance
	component(score.Components, "sleep_consistency_percentage", sc.Consistency)
	component(score.Components, "sleep_efficiency_percentage", sc.Efficiency)
	component(score.Components, "respiratory_rate", sc.RespiratoryRate)
	recs.Events, recs.Scores = []domain.Event{ev}, []domain.HealthScore{score}
	if sc.RespiratoryRate != nil {
		recs.Series = append(recs.Series, series("respiratory_rate", s.End, off, *sc.RespiratoryRate))
	}
	return recs, nil
}

// parseOffset reads "+hh:mm", "-hh:mm" or "Z" into seconds east of UTC.
func parseOffset(s string) (domain.ZoneOffset, error) {
	s = strings.TrimSpace(s)
	if s == "" || s == "Z" || s == "z" {
		return 0, nil
	}
	if len(s) != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':' {
		return 0, fmt.Errorf("timezone_offset %q is not ±hh:mm", s)
	}
	h, err1 := strconv.Atoi(s[1:3])
	m, err2 := strconv.Atoi(s[4:6])
	if err1 != nil || err2 != nil || h > 18 || m > 59 {
		return 0, fmt.Errorf("timezone_offset %q is not ±hh:mm", s)
	}
	off := domain.ZoneOffset(h*3600 + m*60)
	if s[0] == '-' {
		off = -off
	}
	return off, nil
}

func localTime(t time.Time, off domain.ZoneOffset) time.Time {
	return t.In(time.FixedZone("", int(off)))
}

// seconds converts milliseconds to whole seconds (floor), so that minutes
// derived from the seconds equal minutes derived from the milliseconds.
func seconds(ms *int64) *int64 {
	if ms == nil {
		return nil
	}
	s := *ms / 1000
	return &s
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

func put(m map[string]float64, k string, v *float64) {
	if v != nil {
		m[k] = *v
	}
}

func component(m map[string]domain.ScoreComponent, k string, v *float64) {
	if v != nil {
		x := *v
		m[k] = domain.ScoreComponent{Value: &x}
	}
}

// qualifier marks an unscored record's score: "pending_score" or
// "unscorable", so a reader can tell "not yet" from "never".
func qualifier(state string) *string {
	q := cmp.Or(strings.ToLower(state), "unknown")
	return &q
}

// series is one sample of a series type at t.
func series(code string, t time.Time, off domain.ZoneOffset, v float64) provider.Series {
	return provider.Series{TypeCode: code, Samples: []timeseries.Sample{{T: t.UnixMilli(), V: v, Offset: int32(off)}}}
}
