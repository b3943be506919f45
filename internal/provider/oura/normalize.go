package oura

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Normalize turns one Oura document into domain records (see
// docs/providers/oura.md for every field). It is pure and never panics on
// odd input. Types without a unified home (ring configuration, tags, rest
// mode, sleep time) yield no records: their raw documents are what is
// kept and served.
func (p *Provider) Normalize(doc provider.Document, _ provider.Related) (provider.Records, error) {
	var (
		recs provider.Records
		err  error
	)
	switch doc.DataType {
	case TypeSleep:
		recs, err = normalizeSleep(doc)
	case TypeDailyActivity:
		recs, err = normalizeActivity(doc)
	case TypeDailyReadiness:
		recs, err = normalizeReadiness(doc)
	case TypeDailySleep:
		recs, err = normalizeDailySleep(doc)
	case TypeDailySpO2:
		recs, err = normalizeSpO2(doc)
	case TypeDailyStress:
		recs, err = normalizeStress(doc)
	case TypeDailyResilience:
		recs, err = normalizeResilience(doc)
	case TypeDailyCardiovascularAge:
		recs, err = normalizeCardiovascularAge(doc)
	case TypeVO2Max:
		recs, err = normalizeVO2Max(doc)
	case TypeWorkout:
		recs, err = normalizeWorkout(doc)
	case TypeSession:
		recs, err = normalizeSession(doc)
	case TypeHeartRate:
		recs, err = normalizeHeartRate(doc)
	case TypePersonalInfo:
		recs, err = normalizePersonalInfo(doc)
	case TypeRingConfiguration, TypeSleepTime, TypeEnhancedTag, TypeTag, TypeRestModePeriod:
		err = checkObject(doc.Body)
	default:
		return recs, fmt.Errorf("oura: normalize: unknown data type %q", doc.DataType)
	}
	if err != nil {
		return provider.Records{}, fmt.Errorf("oura: normalize %s %s: %w", doc.DataType, doc.ID, err)
	}
	return recs, nil
}

// checkObject makes a raw-only document fail like the others when it is
// not a JSON object, so garbage never reaches the raw store unnoticed.
func checkObject(b []byte) error {
	var m map[string]json.RawMessage
	return json.Unmarshal(b, &m)
}

// meta is the record identity every record of doc shares.
func meta(doc provider.Document) domain.RecordMeta {
	return domain.RecordMeta{ProviderRecordID: doc.ID, Revision: doc.Revision}
}

// dayStart is when a daily document's day starts: its timestamp (local
// midnight, or 04:00 for activity, with the wearer's offset) when it has
// one, otherwise the day at UTC midnight, since those documents (SpO2,
// cardiovascular age) carry no offset. The day is Oura's own field, not
// the timestamp's date: Oura stamps some daily documents the evening
// before their day (readiness for 10-14 at 2026-10-13T19:00:00-05:00), and
// such a document starts at midnight of its day in the timestamp's offset
// — reading the date off the timestamp would file it under the previous
// day.
func dayStart(timestamp, day string) (time.Time, domain.ZoneOffset, error) {
	if timestamp == "" {
		t, err := time.Parse(time.DateOnly, day)
		if err != nil {
			return time.Time{}, 0, fmt.Errorf("day %q: %w", day, err)
		}
		return t, 0, nil
	}
	t, off, err := parseTime(timestamp)
	if err != nil {
		return time.Time{}, 0, err
	}
	zone := time.FixedZone("", int(off))
	if day == "" || t.In(zone).Format(time.DateOnly) == day {
		return t, off, nil
	}
	d, err := time.ParseInLocation(time.DateOnly, day, zone)
	if err != nil {
		return time.Time{}, 0, fmt.Errorf("day %q: %w", day, err)
	}
	return d.UTC(), off, nil
}

// sampleAt is a one-sample series.
func sampleAt(code string, t time.Time, off domain.ZoneOffset, v float64) provider.Series {
	return provider.Series{TypeCode: code, Samples: []timeseries.Sample{{T: t.UnixMilli(), V: v, Offset: int32(off)}}}
}

// addSample appends a one-sample series when v is reported.
func addSample(recs *provider.Records, code string, t time.Time, off domain.ZoneOffset, v *float64) {
	if v != nil {
		recs.Series = append(recs.Series, sampleAt(code, t, off, *v))
	}
}

// intervalSeries expands a SampleModel into samples, skipping nulls.
// The series' own timestamp fixes the offset; base is used when it has
// none.
func intervalSeries(code string, s *sample, base time.Time, baseOff domain.ZoneOffset) (provider.Series, error) {
	out := provider.Series{TypeCode: code}
	if s == nil || len(s.Items) == 0 {
		return out, nil
	}
	start, off := base, baseOff
	if s.Timestamp != "" {
		t, o, err := parseTime(s.Timestamp)
		if err != nil {
			return out, err
		}
		start, off = t, o
	}
	if s.Interval <= 0 {
		return out, fmt.Errorf("%s series interval %v", code, s.Interval)
	}
	step := time.Duration(s.Interval * float64(time.Second))
	for i, v := range s.Items {
		if v == nil {
			continue
		}
		t := start.Add(time.Duration(i) * step)
		out.Samples = append(out.Samples, timeseries.Sample{T: t.UnixMilli(), V: *v, Offset: int32(off)})
	}
	return out, nil
}

// appendSeries adds s when it has samples.
func appendSeries(recs *provider.Records, s provider.Series) {
	if len(s.Samples) > 0 {
		recs.Series = append(recs.Series, s)
	}
}

// components turns Oura contributors (0–100 each) into score components.
func components(m map[string]*float64) map[string]domain.ScoreComponent {
	out := make(map[string]domain.ScoreComponent, len(m))
	for k, v := range m {
		if v != nil {
			x := *v
			out[k] = domain.ScoreComponent{Value: &x}
		}
	}
	return out
}

// component sets one component when v is reported.
func component(m map[string]domain.ScoreComponent, k string, v *float64) {
	if v != nil {
		x := *v
		m[k] = domain.ScoreComponent{Value: &x}
	}
}

// score builds a health score of doc.
func score(doc provider.Document, category string, v *float64, at time.Time, off domain.ZoneOffset, comps map[string]domain.ScoreComponent) domain.HealthScore {
	return domain.HealthScore{RecordMeta: meta(doc), Provider: domain.ProviderOura, Category: category, Value: v,
		RecordedAt: at, ZoneOffset: off, Components: comps}
}

func minutes(seconds *float64) *float64 {
	if seconds == nil {
		return nil
	}
	m := *seconds / 60
	return &m
}

func put(m map[string]float64, k string, v *float64) {
	if v != nil {
		m[k] = *v
	}
}
