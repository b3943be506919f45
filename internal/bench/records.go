package bench

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// The benchmark maps truth to domain records directly: it measures the
// read path, so the connectors' normalization is not part of it.

func sleepEvent(userID, dsID string, s truth.Sleep) domain.Event {
	sec := func(d time.Duration) *int64 { v := int64(d.Seconds()); return &v }
	f := func(v float64) *float64 { return &v }
	asleep := s.LightTime + s.DeepTime + s.REMTime
	d := &domain.SleepDetails{IsNap: s.Nap, TotalSleepSeconds: sec(asleep), TimeInBedSeconds: sec(s.End.Sub(s.Start)),
		AwakeSeconds: sec(s.AwakeTime), LightSeconds: sec(s.LightTime), DeepSeconds: sec(s.DeepTime), REMSeconds: sec(s.REMTime),
		EfficiencyPercent: f(s.EfficiencyPct), AvgHeartRate: f(s.AvgHR), AvgHRVRMSSD: f(s.AvgHRV), AvgRespiratoryRate: f(s.RespiratoryRate),
		Stages: stages(s)}
	return domain.Event{RecordMeta: domain.RecordMeta{UserID: userID, DataSourceID: dsID, ProviderRecordID: s.ID},
		Category: domain.CategorySleep, Type: "sleep_session", StartTime: s.Start, EndTime: s.End, ZoneOffset: offset(s.Offset), Sleep: d}
}

// stages run-length encodes the 30-second hypnogram.
func stages(s truth.Sleep) []domain.StageInterval {
	names := map[truth.Stage]domain.SleepStage{truth.Awake: domain.StageAwake, truth.Light: domain.StageLight,
		truth.Deep: domain.StageDeep, truth.REM: domain.StageREM}
	var out []domain.StageInterval
	for i, st := range s.Hypnogram {
		at := s.Start.Add(time.Duration(i) * truth.EpochLength)
		if n := len(out); n > 0 && out[n-1].Stage == names[st] {
			out[n-1].End = at.Add(truth.EpochLength)
			continue
		}
		out = append(out, domain.StageInterval{Stage: names[st], Start: at, End: at.Add(truth.EpochLength)})
	}
	return out
}

func workoutEvent(userID, dsID string, w truth.Workout) domain.Event {
	f := func(v float64) *float64 { return &v }
	return domain.Event{RecordMeta: domain.RecordMeta{UserID: userID, DataSourceID: dsID, ProviderRecordID: w.ID},
		Category: domain.CategoryWorkout, Type: w.Sport.Key,
		StartTime: w.Start, EndTime: w.End, ZoneOffset: offset(w.Offset),
		Workout: &domain.WorkoutDetails{EnergyKcal: f(w.EnergyKJ / 4.184), DistanceMeters: f(w.DistanceM),
			AvgHeartRate: f(float64(w.AvgHR)), MaxHeartRate: f(float64(w.MaxHR)), ElevationGainMeters: f(w.AltitudeGainM)}}
}
