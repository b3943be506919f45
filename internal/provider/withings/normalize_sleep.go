package withings

import (
	"cmp"
	"encoding/json"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
)

// napLimit separates naps from nights: Withings has no nap flag, and a
// tracked sleep shorter than this in bed is a nap.
const napLimit = 3 * time.Hour

// stageOf maps a sleep get state (seed: 0 awake, 1 light, 2 deep, 3 REM,
// 4 manual, 5 unspecified, 15 out of bed) to a hypnogram stage.
func stageOf(state int) domain.SleepStage {
	switch state {
	case 0, 15:
		return domain.StageAwake
	case 1:
		return domain.StageLight
	case 2:
		return domain.StageDeep
	case 3:
		return domain.StageREM
	case 4:
		return domain.StageSleeping
	}
	return domain.StageUnknown
}

// normalizeSleep yields the sleep event (stage totals from the summary,
// hypnogram from sleep get), its sleep score, and the night's heart rate,
// respiration and HRV series. Every summary field, mapped or not, is kept
// in the event's extra fields under its Withings name.
func normalizeSleep(doc provider.Document) (provider.Records, error) {
	var sd sleepDoc
	if err := json.Unmarshal(doc.Body, &sd); err != nil {
		return provider.Records{}, err
	}
	var s sleepSummary
	if err := json.Unmarshal(sd.Summary, &s); err != nil {
		return provider.Records{}, err
	}
	var all struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal(sd.Summary, &all); err != nil {
		return provider.Records{}, err
	}
	loc := location(s.Timezone)
	start, end := time.Unix(s.StartDate, 0).UTC(), time.Unix(s.EndDate, 0).UTC()
	off := offsetAt(loc, start)
	x := s.Data
	x.dropNotComputed()
	d := &domain.SleepDetails{
		TimeInBedSeconds: secs(x.TotalTimeInBed),
		AwakeSeconds:     secs(x.WakeupDuration),
		LightSeconds:     secs(x.LightSleep),
		DeepSeconds:      secs(x.DeepSleep),
		REMSeconds:       secs(x.REMSleep),
		LatencySeconds:   secs(firstOf(x.SleepLatency, x.DurationToSleep)),
		// total_sleep_time is light + deep + REM; a night from an
		// external source has only asleepduration.
		TotalSleepSeconds:  secs(firstOf(x.TotalSleepTime, x.AsleepDuration)),
		AvgHeartRate:       x.HRAverage,
		MinHeartRate:       x.HRMin,
		AvgRespiratoryRate: x.RRAverage,
	}
	if d.TimeInBedSeconds == nil {
		inBed := int64(end.Sub(start) / time.Second)
		d.TimeInBedSeconds = &inBed
	}
	d.IsNap = time.Duration(*d.TimeInBedSeconds)*time.Second < napLimit
	if x.SleepEfficiency != nil {
		e := *x.SleepEfficiency * 100
		d.EfficiencyPercent = &e
	}
	if x.WakeupCount != nil {
		n := int(*x.WakeupCount)
		d.WakeUpCount = &n
	}
	extra := map[string]any{"id": s.ID, "model": s.Model, "model_id": s.ModelID, "date": s.Date, "timezone": s.Timezone}
	if s.Completed != nil {
		extra["completed"] = *s.Completed
	}
	for k, v := range all.Data {
		extra[k] = v
	}
	d.ProviderExtraFields = extra
	recs := provider.Records{Device: sleepDevice(s.ModelID, s.Model)}
	if len(sd.Get) > 0 {
		var g sleepGetBody
		if err := json.Unmarshal(sd.Get, &g); err != nil {
			return provider.Records{}, err
		}
		d.Stages, recs.Series = hypnogram(g, loc)
		d.AvgHRVRMSSD = mean(recs.Series, "heart_rate_variability_rmssd")
	}
	if d.AvgHRVRMSSD == nil && x.RMSSDStartAvg != nil && x.RMSSDEndAvg != nil {
		v := (*x.RMSSDStartAvg + *x.RMSSDEndAvg) / 2
		d.AvgHRVRMSSD = &v
	}
	if x.ApneaHypopnea != nil {
		recs.Series = append(recs.Series, sample("breathing_disturbance_index", end, off, *x.ApneaHypopnea))
	}
	recs.Events = []domain.Event{{RecordMeta: meta(doc), Category: domain.CategorySleep, Type: "sleep_session",
		StartTime: start, EndTime: end, ZoneOffset: off, Sleep: d}}
	if x.SleepScore != nil {
		score := domain.HealthScore{RecordMeta: meta(doc), Provider: domain.ProviderWithings, Category: domain.ScoreSleep,
			Value: x.SleepScore, RecordedAt: end, ZoneOffset: off, Components: map[string]domain.ScoreComponent{}}
		for k, v := range map[string]*float64{"total_sleep_time": x.TotalSleepTime, "sleep_efficiency": x.SleepEfficiency,
			"sleep_latency": x.SleepLatency, "wakeupcount": x.WakeupCount, "deepsleepduration": x.DeepSleep,
			"remsleepduration": x.REMSleep, "breathing_disturbances_intensity": x.BreathingDisturb} {
			if v != nil {
				c := *v
				score.Components[k] = domain.ScoreComponent{Value: &c}
			}
		}
		recs.Scores = []domain.HealthScore{score}
	}
	return recs, nil
}

// hypnogram turns sleep get's state segments into stage intervals (merged
// when adjacent and equal) and its per-minute maps into series.
func hypnogram(g sleepGetBody, loc *time.Location) ([]domain.StageInterval, []provider.Series) {
	var stages []domain.StageInterval
	hr, rr, rmssd, sdnn := timed{}, timed{}, timed{}, timed{}
	segs := slices.Clone(g.Series)
	slices.SortStableFunc(segs, func(a, b sleepSegment) int { return cmp.Compare(a.StartDate, b.StartDate) })
	for _, seg := range segs {
		iv := domain.StageInterval{Stage: stageOf(seg.State), Start: time.Unix(seg.StartDate, 0).UTC(), End: time.Unix(seg.EndDate, 0).UTC()}
		if n := len(stages); n > 0 && stages[n-1].Stage == iv.Stage && stages[n-1].End.Equal(iv.Start) {
			stages[n-1].End = iv.End
		} else {
			stages = append(stages, iv)
		}
		for dst, src := range map[*timed]map[string]float64{&hr: seg.HR, &rr: seg.RR, &rmssd: seg.RMSSD, &sdnn: seg.SDNN1} {
			for k, v := range src {
				(*dst)[k] = v
			}
		}
	}
	var out []provider.Series
	for _, s := range []struct {
		code string
		m    timed
	}{{"heart_rate", hr}, {"respiratory_rate", rr}, {"heart_rate_variability_rmssd", rmssd}, {"heart_rate_variability_sdnn", sdnn}} {
		if len(s.m) > 0 {
			out = append(out, provider.Series{TypeCode: s.code, Samples: s.m.series(loc, 1)})
		}
	}
	return stages, out
}

// mean is the average of one series' samples (nil when absent).
func mean(ss []provider.Series, code string) *float64 {
	for _, s := range ss {
		if s.TypeCode != code || len(s.Samples) == 0 {
			continue
		}
		var sum float64
		for _, x := range s.Samples {
			sum += x.V
		}
		m := sum / float64(len(s.Samples))
		return &m
	}
	return nil
}

// dropNotComputed clears the summary fields Withings filled with its
// "not computed" marker instead of leaving them out: −1 in any field (the
// apnea–hypopnea index and breathing disturbances of a night the sensor
// could not score), and 0 heart or breathing rate, which no sleeper has.
// The raw values stay in the event's extra fields.
func (x *sleepData) dropNotComputed() {
	for _, f := range []**float64{&x.TotalTimeInBed, &x.TotalSleepTime, &x.AsleepDuration, &x.LightSleep, &x.REMSleep,
		&x.DeepSleep, &x.SleepEfficiency, &x.SleepLatency, &x.WakeupDuration, &x.WakeupCount, &x.DurationToSleep,
		&x.SleepScore, &x.RMSSDStartAvg, &x.RMSSDEndAvg, &x.ApneaHypopnea, &x.BreathingDisturb, &x.Snoring,
		&x.SnoringEpisodes, &x.CoreTempAvg} {
		if *f != nil && **f < 0 {
			*f = nil
		}
	}
	for _, f := range []**float64{&x.HRAverage, &x.HRMin, &x.HRMax, &x.RRAverage, &x.RRMin, &x.RRMax} {
		if *f != nil && **f <= 0 {
			*f = nil
		}
	}
}

func firstOf(vs ...*float64) *float64 {
	for _, v := range vs {
		if v != nil {
			return v
		}
	}
	return nil
}
