package whoop

import (
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Rendering from the provider-neutral truth to WHOOP's wire format. Scores
// are attached only when the record is SCORED, as WHOOP does.

// offset renders a UTC offset; WHOOP allows "Z" for zero (seed 001).
func offset(s string) string {
	if s == "+00:00" || s == "-00:00" {
		return "Z"
	}
	return s
}

func ms(d time.Duration) int64 { return d.Milliseconds() }

func wt(t time.Time) Time { return Time{t.UTC()} }

func renderProfile(p *truth.Person) Profile {
	return Profile{UserID: p.WhoopUserID, Email: p.Profile.Email, FirstName: p.Profile.FirstName, LastName: p.Profile.LastName}
}

func renderBody(p *truth.Person) BodyMeasurement {
	return BodyMeasurement{HeightMeter: p.Profile.HeightM, WeightKilogram: p.Profile.WeightKg, MaxHeartRate: p.Profile.MaxHR}
}

func renderCycle(p *truth.Person, c truth.Cycle) Cycle {
	out := Cycle{
		ID: c.ID, UserID: p.WhoopUserID, CreatedAt: wt(c.CreatedAt), UpdatedAt: wt(c.UpdatedAt),
		Start: wt(c.Start), TimezoneOffset: offset(c.Offset), ScoreState: string(c.State),
	}
	if c.Open {
		return out
	}
	end := wt(c.End)
	out.End = &end
	if c.State == truth.Scored {
		out.Score = &CycleScore{Strain: c.Strain, Kilojoule: c.EnergyKJ, AverageHeartRate: c.AvgHR, MaxHeartRate: c.MaxHR}
	}
	return out
}

func renderSleep(p *truth.Person, s truth.Sleep) Sleep {
	out := Sleep{
		ID: s.ID, CycleID: s.CycleID, V1ID: s.V1ID, UserID: p.WhoopUserID,
		CreatedAt: wt(s.CreatedAt), UpdatedAt: wt(s.UpdatedAt), Start: wt(s.Start), End: wt(s.End),
		TimezoneOffset: offset(s.Offset), Nap: s.Nap, ScoreState: string(s.State),
	}
	if s.State != truth.Scored {
		return out
	}
	out.Score = &SleepScore{
		StageSummary: StageSummary{
			TotalInBedTimeMilli:         ms(s.InBed()),
			TotalAwakeTimeMilli:         ms(s.AwakeTime),
			TotalLightSleepTimeMilli:    ms(s.LightTime),
			TotalSlowWaveSleepTimeMilli: ms(s.DeepTime),
			TotalREMSleepTimeMilli:      ms(s.REMTime),
			SleepCycleCount:             s.CycleCount,
			DisturbanceCount:            s.Disturbances,
		},
		SleepNeeded: SleepNeeded{
			BaselineMilli:             ms(s.Need.Baseline),
			NeedFromSleepDebtMilli:    ms(s.Need.Debt),
			NeedFromRecentStrainMilli: ms(s.Need.Strain),
			NeedFromRecentNapMilli:    ms(s.Need.NapCredit),
		},
		RespiratoryRate:            s.RespiratoryRate,
		SleepPerformancePercentage: s.PerformancePct,
		SleepConsistencyPercentage: s.ConsistencyPct,
		SleepEfficiencyPercentage:  s.EfficiencyPct,
	}
	return out
}

func renderRecovery(p *truth.Person, r truth.Recovery) Recovery {
	out := Recovery{
		CycleID: r.CycleID, SleepID: r.SleepID, UserID: p.WhoopUserID,
		CreatedAt: wt(r.CreatedAt), UpdatedAt: wt(r.UpdatedAt), ScoreState: string(r.State),
	}
	if r.State == truth.Scored {
		out.Score = &RecoveryScore{
			UserCalibrating: r.UserCalibrating, RecoveryScore: float64(r.Score),
			RestingHeartRate: float64(r.RestingHR), HRVRMSSDMilli: r.HRVRMSSD,
			SpO2Percentage: r.SpO2, SkinTempCelsius: r.SkinTempC,
		}
	}
	return out
}

func renderWorkout(p *truth.Person, w truth.Workout) Workout {
	out := Workout{
		ID: w.ID, V1ID: w.V1ID, UserID: p.WhoopUserID,
		CreatedAt: wt(w.CreatedAt), UpdatedAt: wt(w.UpdatedAt), Start: wt(w.Start), End: wt(w.End),
		TimezoneOffset: offset(w.Offset), SportName: w.Sport.WhoopName, ScoreState: string(w.State),
		SportID: w.Sport.WhoopID,
	}
	if w.State != truth.Scored {
		return out
	}
	z := w.Zones
	out.Score = &WorkoutScore{
		Strain: w.Strain, AverageHeartRate: w.AvgHR, MaxHeartRate: w.MaxHR, Kilojoule: w.EnergyKJ,
		PercentRecorded: w.PercentRecorded, DistanceMeter: w.DistanceM,
		AltitudeGainMeter: w.AltitudeGainM, AltitudeChangeMeter: w.AltitudeChangeM,
		ZoneDurations: ZoneDurations{
			ZoneZeroMilli: ms(z[0]), ZoneOneMilli: ms(z[1]), ZoneTwoMilli: ms(z[2]),
			ZoneThreeMilli: ms(z[3]), ZoneFourMilli: ms(z[4]), ZoneFiveMilli: ms(z[5]),
		},
	}
	return out
}
