package withings

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Normalize turns one Withings document into domain records (see
// docs/providers/withings.md for every field). It is pure and never
// panics on odd input; unmapped fields stay in the raw document.
func (p *Provider) Normalize(doc provider.Document, related provider.Related) (provider.Records, error) {
	var (
		recs provider.Records
		err  error
	)
	switch doc.DataType {
	case TypeMeasure:
		recs, err = normalizeMeasure(doc)
	case TypeActivity:
		recs, err = normalizeActivity(doc)
	case TypeIntraday:
		recs, err = normalizeIntraday(doc, related)
	case TypeWorkout:
		recs, err = normalizeWorkout(doc)
	case TypeSleep:
		recs, err = normalizeSleep(doc)
	case TypeECG:
		recs, err = normalizeECG(doc)
	case TypeDevice:
		// Devices have no record of their own; the raw document is kept
		// and DeviceTypeOf classifies it.
		var d device
		err = json.Unmarshal(doc.Body, &d)
	default:
		return recs, fmt.Errorf("withings: normalize: unknown data type %q", doc.DataType)
	}
	if err != nil {
		return provider.Records{}, fmt.Errorf("withings: normalize %s %s: %w", doc.DataType, doc.ID, err)
	}
	return recs, nil
}

// normalizeMeasure yields one sample per mapped measure of a group, at the
// group's date. A group attributed ambiguously (attrib 1: the device could
// not tell which of its users stood on it) is kept raw but yields
// nothing, so another person's weight never lands in this user's data.
func normalizeMeasure(doc provider.Document) (provider.Records, error) {
	var g measureGroup
	if err := json.Unmarshal(doc.Body, &g); err != nil {
		return provider.Records{}, err
	}
	if g.Attrib == 1 || g.Category == 2 {
		return provider.Records{}, nil
	}
	at := time.Unix(g.Date, 0).UTC()
	off := offsetAt(location(g.Timezone), at)
	recs := provider.Records{Device: deviceOf(g.ModelID, g.Model)}
	for _, m := range g.Measures {
		mt, ok := measureTypeOf(m.Type)
		if !ok || mt.Series == "" {
			continue
		}
		recs.Series = append(recs.Series, sample(mt.Series, at, off, Decode(m.Value, m.Unit, mt.Shift)))
	}
	return recs, nil
}

// normalizeECG yields the recording's heart rate at its time. The AFib
// classification and the signal have no unified home and stay in the raw
// document (served by the raw-documents API).
func normalizeECG(doc provider.Document) (provider.Records, error) {
	var d ecgDoc
	if err := json.Unmarshal(doc.Body, &d); err != nil {
		return provider.Records{}, err
	}
	var r heartRecord
	if err := json.Unmarshal(d.Recording, &r); err != nil {
		return provider.Records{}, err
	}
	recs := provider.Records{Device: deviceByID(r.Model)}
	if r.HeartRate != nil && *r.HeartRate > 0 {
		recs.Series = append(recs.Series, sample("heart_rate", time.Unix(r.Timestamp, 0).UTC(), 0, *r.HeartRate))
	}
	return recs, nil
}

// DeviceTypeOf classifies a getdevice type (seed user_device_object) as a
// data source device type.
func DeviceTypeOf(withingsType string) domain.DeviceType {
	switch withingsType {
	case "Scale":
		return domain.DeviceScale
	case "Activity Tracker":
		return domain.DeviceWatch
	case "Blood Pressure Monitor", "Sleep Monitor", "Smart Connected Thermometer", "Babyphone", "Gateway":
		return domain.DeviceOther
	case "HealthKit Apple", "HealthKit Google", "HealthKit Huawei":
		return domain.DevicePhone
	case "":
		return domain.DeviceUnknown
	}
	return domain.DeviceOther
}

// meta is the record identity every record of doc shares.
func meta(doc provider.Document) domain.RecordMeta {
	return domain.RecordMeta{ProviderRecordID: doc.ID, Revision: doc.Revision}
}

// offsetAt is a zone's offset at t.
func offsetAt(loc *time.Location, t time.Time) domain.ZoneOffset {
	_, off := t.In(loc).Zone()
	return domain.ZoneOffset(off)
}

// sample is one sample of a series type at t.
func sample(code string, t time.Time, off domain.ZoneOffset, v float64) provider.Series {
	return provider.Series{TypeCode: code, Samples: []timeseries.Sample{{T: t.UnixMilli(), V: v, Offset: int32(off)}}}
}

// timed is a timestamp-keyed map as Withings sends high-frequency data.
type timed map[string]float64

// series turns a timestamp-keyed map into samples sorted by time, each with
// the zone's offset at its instant; keys that are not Unix times are
// skipped.
func (m timed) series(loc *time.Location, scale float64) []timeseries.Sample {
	out := make([]timeseries.Sample, 0, len(m))
	for k, v := range m {
		ts, err := strconv.ParseInt(k, 10, 64)
		if err != nil {
			continue
		}
		t := time.Unix(ts, 0)
		out = append(out, timeseries.Sample{T: t.UnixMilli(), V: v * scale, Offset: int32(offsetAt(loc, t))})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].T < out[j].T })
	return out
}

func put(m map[string]float64, k string, v *float64, scale float64) {
	if v != nil {
		m[k] = *v * scale
	}
}

func putAny(m map[string]any, k string, v *float64) {
	if v != nil {
		m[k] = *v
	}
}

func secs(v *float64) *int64 {
	if v == nil {
		return nil
	}
	s := int64(*v)
	return &s
}
