package whoop

import (
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// addStream adds what the sleep's stored stream holds to the sleep's
// records: heart rate (dropping samples taken while the band charged on
// the wrist, which the charger's noise makes meaningless) and skin
// temperature as series, and — when the stream classifies sleep — the
// asleep/awake intervals as the event's stages. The stage summary stays
// WHOOP's totals. Board and battery temperatures and the charging status
// stay in the raw document only. A sleep without a stored stream is left
// as it is.
func addStream(recs *provider.Records, doc provider.Document, related provider.Related) error {
	if related == nil || len(recs.Events) != 1 || recs.Events[0].Sleep == nil {
		return nil
	}
	sd, ok := related(TypeSleepStream, doc.ID)
	if !ok {
		return nil
	}
	var st sleepStream
	if err := json.Unmarshal(sd.Body, &st); err != nil {
		return fmt.Errorf("sleep stream: %w", err)
	}
	ev := &recs.Events[0]
	off := int32(ev.ZoneOffset)
	var hr, skin []timeseries.Sample
	var classified []streamSample
	for _, s := range st.Stream {
		if s.Timestamp.IsZero() {
			continue
		}
		t := s.Timestamp.UnixMilli()
		charging := s.IsCharging != nil && *s.IsCharging
		if s.HR != nil && *s.HR > 0 && !charging {
			hr = append(hr, timeseries.Sample{T: t, V: *s.HR, Offset: off})
		}
		if s.SkinTemp != nil && *s.SkinTemp > 0 {
			skin = append(skin, timeseries.Sample{T: t, V: *s.SkinTemp, Offset: off})
		}
		if s.IsSleeping != nil {
			classified = append(classified, s)
		}
	}
	for _, ser := range []provider.Series{{TypeCode: "heart_rate", Samples: hr}, {TypeCode: "skin_temperature", Samples: skin}} {
		if len(ser.Samples) > 0 {
			ser.Owned = true
			recs.Series = append(recs.Series, ser)
		}
	}
	ev.Sleep.Stages = stages(classified, ev.EndTime)
	if st.AlgorithmVersion != "" {
		if ev.Sleep.ProviderExtraFields == nil {
			ev.Sleep.ProviderExtraFields = map[string]any{}
		}
		ev.Sleep.ProviderExtraFields["stream_algorithm_version"] = st.AlgorithmVersion
	}
	return nil
}

// stages turns the classified samples into runs of sleeping and awake: a
// run lasts until the next sample of the other class, the last one until
// the sleep's end.
func stages(samples []streamSample, end time.Time) []domain.StageInterval {
	var out []domain.StageInterval
	slices.SortStableFunc(samples, func(a, b streamSample) int { return a.Timestamp.Compare(b.Timestamp) })
	for _, s := range samples {
		stage := domain.StageAwake
		if *s.IsSleeping {
			stage = domain.StageSleeping
		}
		if n := len(out); n > 0 && out[n-1].Stage == stage {
			continue
		}
		if n := len(out); n > 0 {
			out[n-1].End = s.Timestamp.UTC()
		}
		out = append(out, domain.StageInterval{Stage: stage, Start: s.Timestamp.UTC()})
	}
	if n := len(out); n > 0 {
		out[n-1].End = end.UTC()
		if !out[n-1].End.After(out[n-1].Start) {
			out = out[:n-1]
		}
	}
	return out
}
