package oura

// sleep is one sleep period. Durations are seconds; efficiency is a
// percentage; average_hrv is RMSSD in ms (Open Wearables had to relabel it
// from SDNN); type is long_sleep, sleep, late_nap, rest or deleted.
type sleep struct {
	ID                 string   `json:"id"`
	AverageBreath      *float64 `json:"average_breath"`
	AverageHeartRate   *float64 `json:"average_heart_rate"`
	AverageHRV         *float64 `json:"average_hrv"`
	AwakeTime          *int64   `json:"awake_time"`
	BedtimeEnd         string   `json:"bedtime_end"`
	BedtimeStart       string   `json:"bedtime_start"`
	Day                string   `json:"day"`
	DeepSleepDuration  *int64   `json:"deep_sleep_duration"`
	Efficiency         *float64 `json:"efficiency"`
	HeartRate          *sample  `json:"heart_rate"`
	HRV                *sample  `json:"hrv"`
	Latency            *int64   `json:"latency"`
	LightSleepDuration *int64   `json:"light_sleep_duration"`
	LowBatteryAlert    *bool    `json:"low_battery_alert"`
	LowestHeartRate    *float64 `json:"lowest_heart_rate"`
	Movement30Sec      *string  `json:"movement_30_sec"`
	Period             *int     `json:"period"`
	Readiness          *struct {
		Contributors              map[string]*float64 `json:"contributors"`
		Score                     *float64            `json:"score"`
		TemperatureDeviation      *float64            `json:"temperature_deviation"`
		TemperatureTrendDeviation *float64            `json:"temperature_trend_deviation"`
	} `json:"readiness"`
	ReadinessScoreDelta *float64 `json:"readiness_score_delta"`
	REMSleepDuration    *int64   `json:"rem_sleep_duration"`
	RestlessPeriods     *int     `json:"restless_periods"`
	SleepPhase5Min      *string  `json:"sleep_phase_5_min"`
	// SleepPhase30Sec is the newer schema's 30-second hypnogram with the
	// same codes (research B.2); preferred when present.
	SleepPhase30Sec       *string  `json:"sleep_phase_30_sec"`
	SleepScoreDelta       *float64 `json:"sleep_score_delta"`
	SleepAlgorithmVersion *string  `json:"sleep_algorithm_version"`
	SleepAnalysisReason   *string  `json:"sleep_analysis_reason"`
	TimeInBed             *int64   `json:"time_in_bed"`
	TotalSleepDuration    *int64   `json:"total_sleep_duration"`
	Type                  string   `json:"type"`
}

// Sleep types.
const (
	sleepLong    = "long_sleep"
	sleepNap     = "sleep"
	sleepLateNap = "late_nap"
	sleepRest    = "rest"
	sleepDeleted = "deleted"
)
