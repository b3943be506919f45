package withings

import (
	"math"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// summaryData renders the data object of a sleep summary with the
// requested fields. Fields only an under-mattress sleep monitor measures
// (snoring, movement, chest movement, breathing sounds, apnea indexes)
// are left out for nights tracked by the watch, even when requested.
func (s *Server) summaryData(p *truth.Person, k kit, sl truth.Sleep, want func(string) bool) SleepData {
	var d SleepData
	st := s.statsOf(p, k, sl)
	h := hypnogramOf(sl, k.sleepMonitor)
	sec := func(x time.Duration) int { return int(x / time.Second) }
	ep := int(truth.EpochLength / time.Second)
	set := func(name string, dst **int, v int) {
		if want(name) {
			*dst = ptr(v)
		}
	}
	setF := func(name string, dst **float64, v float64) {
		if want(name) {
			*dst = ptr(v)
		}
	}
	wakeLatency := 0
	if h.lastSleep >= 0 {
		wakeLatency = (len(sl.Hypnogram) - h.lastSleep - 1) * ep
	}
	set("total_timeinbed", &d.TotalTimeInBed, sec(sl.InBed()))
	set("total_sleep_time", &d.TotalSleepTime, sec(sl.Asleep()))
	set("lightsleepduration", &d.LightSleep, sec(sl.LightTime))
	set("remsleepduration", &d.REMSleep, sec(sl.REMTime))
	set("deepsleepduration", &d.DeepSleep, sec(sl.DeepTime))
	setF("sleep_efficiency", &d.SleepEfficiency, math.Round(sl.Asleep().Seconds()/sl.InBed().Seconds()*100)/100)
	set("sleep_latency", &d.SleepLatency, sec(sl.Latency))
	set("wakeup_latency", &d.WakeupLatency, wakeLatency)
	set("wakeupduration", &d.WakeupDuration, sec(sl.AwakeTime))
	set("wakeupcount", &d.WakeupCount, sl.Disturbances-len(h.outOfBed))
	set("waso", &d.WASO, h.waso*ep)
	set("nb_rem_episodes", &d.NbREMEpisodes, h.remEpisodes)
	set("durationtosleep", &d.DurationToSleep, sec(sl.Latency))
	set("durationtowakeup", &d.DurationToWakeup, wakeLatency)
	set("out_of_bed_count", &d.OutOfBedCount, len(h.outOfBed))
	set("hr_average", &d.HRAverage, st.hrAvg)
	set("hr_min", &d.HRMin, st.hrMin)
	set("hr_max", &d.HRMax, st.hrMax)
	set("rr_average", &d.RRAverage, st.rrAvg)
	set("rr_min", &d.RRMin, st.rrMin)
	set("rr_max", &d.RRMax, st.rrMax)
	snorer := s.snorer(p)
	disturbances := int(snorer*40) + int(personHash(s.seed, p, keySnore, 4, uint64(sl.Day))%10)
	set("breathing_disturbances_intensity", &d.BreathingDisturbancesIntensity, disturbances)
	set("breathing_quality_assessment", &d.BreathingQualityAssessment, disturbances)
	// A night the truth could not score gets no score from Withings either.
	if sl.State != truth.Unscorable {
		set("sleep_score", &d.SleepScore, sleepScore(sl))
	}
	if want("night_events") {
		d.NightEvents = eventOffsets(sl, h)
	}
	n := len(sl.HRV)
	if n > 0 {
		setF("rmssd_start_avg", &d.RMSSDStartAvg, meanOf(sl.HRV[:min(12, n)]))
		setF("rmssd_end_avg", &d.RMSSDEndAvg, meanOf(sl.HRV[max(0, n-12):]))
	}
	core := 36.4 + sl.SkinTempDeviationC
	setF("core_body_temperature_avg", &d.CoreBodyTemperatureAvg, math.Round(core*100)/100)
	setF("core_body_temperature_min", &d.CoreBodyTemperatureMin, math.Round((core-0.3)*100)/100)
	setF("core_body_temperature_max", &d.CoreBodyTemperatureMax, math.Round((core+0.25)*100)/100)
	if want("core_body_temperature_status") {
		status := "usual"
		if sl.SkinTempDeviationC > 0.5 {
			status = "elevated"
		}
		d.CoreBodyTemperatureStatus = ptr(status)
	}
	if !k.sleepMonitor {
		return d
	}
	set("snoring", &d.Snoring, st.snoring)
	set("snoringepisodecount", &d.SnoringEpisodeCount, st.episodes)
	set("apnea_hypopnea_index", &d.ApneaHypopneaIndex, int(snorer*12))
	set("withings_index", &d.WithingsIndex, int(snorer*15))
	set("mvt_score_avg", &d.MvtScoreAvg, st.mvtAvg)
	set("mvt_active_duration", &d.MvtActiveDuration, st.mvtActive)
	set("breathing_sounds", &d.BreathingSounds, st.snoring*6/5)
	set("breathing_sounds_episode_count", &d.BreathingSoundsEpisodeCount, st.episodes)
	for _, f := range []struct {
		name string
		dst  **int
		v    int
	}{
		{"chest_movement_rate_average", &d.ChestMovementRateAverage, st.rrAvg},
		{"chest_movement_rate_min", &d.ChestMovementRateMin, st.rrMin},
		{"chest_movement_rate_max", &d.ChestMovementRateMax, st.rrMax},
		{"chest_movement_rate_wellness_average", &d.ChestMovementRateWellnessAverage, st.rrAvg},
		{"chest_movement_rate_wellness_min", &d.ChestMovementRateWellnessMin, st.rrMin},
		{"chest_movement_rate_wellness_max", &d.ChestMovementRateWellnessMax, st.rrMax},
	} {
		set(f.name, f.dst, f.v)
	}
	return d
}

// meanOf is the mean of xs rounded to 0.1.
func meanOf(xs []float64) float64 {
	var sum float64
	for _, x := range xs {
		sum += x
	}
	return math.Round(sum/float64(len(xs))*10) / 10
}
