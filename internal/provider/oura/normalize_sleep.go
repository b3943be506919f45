package oura

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// Hypnogram epochs: sleep_phase_5_min has one character per 5 minutes
// from bedtime_start, sleep_phase_30_sec one per 30 seconds.
const (
	epoch5Min  = 5 * time.Minute
	epoch30Sec = 30 * time.Second
)

// phaseStage maps a hypnogram character (research B.2): '1' deep, '2'
// light, '3' REM, '4' awake; anything else is unknown rather than guessed.
func phaseStage(c byte) domain.SleepStage {
	switch c {
	case '1':
		return domain.StageDeep
	case '2':
		return domain.StageLight
	case '3':
		return domain.StageREM
	case '4':
		return domain.StageAwake
	default:
		return domain.StageUnknown
	}
}

// hypnogram run-length groups phases into stage intervals from start, one
// character per epoch, the last interval clipped at end (the final epoch
// of a period is usually partial).
func hypnogram(phases string, ep time.Duration, start, end time.Time) []domain.StageInterval {
	var out []domain.StageInterval
	for i := 0; i < len(phases); {
		j := i
		for j < len(phases) && phases[j] == phases[i] {
			j++
		}
		s := start.Add(time.Duration(i) * ep)
		e := start.Add(time.Duration(j) * ep)
		if e.After(end) {
			e = end
		}
		if s.Before(e) {
			out = append(out, domain.StageInterval{Stage: phaseStage(phases[i]), Start: s, End: e})
		}
		i = j
	}
	return out
}

// normalizeSleep yields the sleep event (durations in seconds as Oura
// sends them, the hypnogram as stage intervals, the readiness block and
// the rest of Oura's fields as extras) and the night's heart rate and HRV
// (RMSSD) interval series as samples. long_sleep is the main sleep;
// sleep and late_nap are naps, and so is rest (a period Oura recognised
// as lying down, not sleeping). A "deleted" period yields nothing: Fetch
// turns it into a deletion.
func normalizeSleep(doc provider.Document) (provider.Records, error) {
	var s sleep
	if err := json.Unmarshal(doc.Body, &s); err != nil {
		return provider.Records{}, err
	}
	if s.Type == sleepDeleted {
		return provider.Records{}, nil
	}
	start, off, err := parseTime(s.BedtimeStart)
	if err != nil {
		return provider.Records{}, err
	}
	end, _, err := parseTime(s.BedtimeEnd)
	if err != nil {
		return provider.Records{}, err
	}
	if end.Before(start) {
		return provider.Records{}, fmt.Errorf("bedtime_end %s before bedtime_start %s", s.BedtimeEnd, s.BedtimeStart)
	}
	typ := s.Type
	d := &domain.SleepDetails{
		IsNap:               s.Type != sleepLong,
		TotalSleepSeconds:   s.TotalSleepDuration,
		TimeInBedSeconds:    s.TimeInBed,
		AwakeSeconds:        s.AwakeTime,
		LightSeconds:        s.LightSleepDuration,
		DeepSeconds:         s.DeepSleepDuration,
		REMSeconds:          s.REMSleepDuration,
		LatencySeconds:      s.Latency,
		EfficiencyPercent:   s.Efficiency,
		AvgHeartRate:        s.AverageHeartRate,
		MinHeartRate:        s.LowestHeartRate,
		AvgHRVRMSSD:         s.AverageHRV,
		AvgRespiratoryRate:  s.AverageBreath,
		ProviderSleepType:   &typ,
		ProviderExtraFields: sleepExtras(s),
	}
	switch {
	case s.SleepPhase30Sec != nil && *s.SleepPhase30Sec != "":
		d.Stages = hypnogram(*s.SleepPhase30Sec, epoch30Sec, start, end)
	case s.SleepPhase5Min != nil:
		d.Stages = hypnogram(*s.SleepPhase5Min, epoch5Min, start, end)
	}
	ev := domain.Event{RecordMeta: meta(doc), Category: domain.CategorySleep, Type: "sleep_session",
		StartTime: start, EndTime: end, ZoneOffset: off, Sleep: d}
	recs := provider.Records{Events: []domain.Event{ev}}
	hr, err := intervalSeries("heart_rate", s.HeartRate, start, off)
	if err != nil {
		return provider.Records{}, err
	}
	hrv, err := intervalSeries("heart_rate_variability_rmssd", s.HRV, start, off)
	if err != nil {
		return provider.Records{}, err
	}
	appendSeries(&recs, hr)
	appendSeries(&recs, hrv)
	addSample(&recs, "respiratory_rate", end, off, s.AverageBreath)
	if s.Type == sleepLong {
		// The main sleep's lowest heart rate is what Oura shows as the
		// night's resting heart rate.
		addSample(&recs, "resting_heart_rate", end, off, s.LowestHeartRate)
	}
	return recs, nil
}

// sleepExtras keeps the fields without a unified home. movement_30_sec
// stays in the raw document only: at one character per 30 seconds it
// would dwarf the event.
func sleepExtras(s sleep) map[string]any {
	x := map[string]any{"day": s.Day}
	if s.Period != nil {
		x["period"] = *s.Period
	}
	if s.RestlessPeriods != nil {
		x["restless_periods"] = *s.RestlessPeriods
	}
	if s.LowBatteryAlert != nil {
		x["low_battery_alert"] = *s.LowBatteryAlert
	}
	if s.SleepScoreDelta != nil {
		x["sleep_score_delta"] = *s.SleepScoreDelta
	}
	if s.ReadinessScoreDelta != nil {
		x["readiness_score_delta"] = *s.ReadinessScoreDelta
	}
	if s.SleepAlgorithmVersion != nil {
		x["sleep_algorithm_version"] = *s.SleepAlgorithmVersion
	}
	if s.SleepAnalysisReason != nil {
		x["sleep_analysis_reason"] = *s.SleepAnalysisReason
	}
	if r := s.Readiness; r != nil {
		rd := map[string]any{}
		if r.Score != nil {
			rd["score"] = *r.Score
		}
		if r.TemperatureDeviation != nil {
			rd["temperature_deviation"] = *r.TemperatureDeviation
		}
		if r.TemperatureTrendDeviation != nil {
			rd["temperature_trend_deviation"] = *r.TemperatureTrendDeviation
		}
		if c := components(r.Contributors); len(c) > 0 {
			cs := map[string]float64{}
			for k, v := range c {
				cs[k] = *v.Value
			}
			rd["contributors"] = cs
		}
		x["readiness"] = rd
	}
	return x
}
