package withings

// SleepBody is the body of v2/sleep get.
type SleepBody struct {
	// Series is a list of state segments. The seed types "series" as a
	// single object whose properties describe one segment; the live API
	// (and the word "series") make it an array of such objects, which is
	// the only shape that can carry a night.
	Series []SleepSegment `json:"series"`
	// Model is 16 for a tracker, 32 for a sleep monitor.
	Model int `json:"model"`
}

// SleepSegment is a run of one sleep state with the high-frequency data
// measured inside it, each as a map from Unix timestamp to value.
type SleepSegment struct {
	StartDate int64 `json:"startdate"`
	EndDate   int64 `json:"enddate"`
	// State is 0 awake, 1 light, 2 deep, 3 REM.
	State   int    `json:"state"`
	Model   string `json:"model"`
	ModelID int    `json:"model_id"`

	HR                map[string]int `json:"hr,omitempty"`
	RR                map[string]int `json:"rr,omitempty"`
	Snoring           map[string]int `json:"snoring,omitempty"`
	SDNN1             map[string]int `json:"sdnn_1,omitempty"`
	RMSSD             map[string]int `json:"rmssd,omitempty"`
	HRVQuality        map[string]int `json:"hrv_quality,omitempty"`
	MvtScore          map[string]int `json:"mvt_score,omitempty"`
	ChestMovementRate map[string]int `json:"chest_movement_rate,omitempty"`
	WithingsIndex     map[string]int `json:"withings_index,omitempty"`
	BreathingSounds   map[string]int `json:"breathing_sounds,omitempty"`
}

// SleepSummaryBody is the body of v2/sleep getsummary.
type SleepSummaryBody struct {
	Series []SleepSummary `json:"series"`
	More   bool           `json:"more"`
	Offset int            `json:"offset"`
}

// SleepSummary is one night or nap (seed sleep_summary_object).
type SleepSummary struct {
	ID       int64  `json:"id"`
	Timezone string `json:"timezone"`
	// Model is 16 for a tracker, 32 for a sleep monitor.
	Model        int       `json:"model"`
	ModelID      int       `json:"model_id"`
	StartDate    int64     `json:"startdate"`
	EndDate      int64     `json:"enddate"`
	Date         string    `json:"date"`
	Created      int64     `json:"created"`
	Modified     int64     `json:"modified"`
	HashDeviceID string    `json:"hash_deviceid"`
	Completed    bool      `json:"completed"`
	Data         SleepData `json:"data"`
}

// SleepData holds the summary metrics selected by data_fields (durations in
// seconds).
type SleepData struct {
	TotalTimeInBed *int `json:"total_timeinbed,omitempty"`
	TotalSleepTime *int `json:"total_sleep_time,omitempty"`
	AsleepDuration *int `json:"asleepduration,omitempty"`
	LightSleep     *int `json:"lightsleepduration,omitempty"`
	REMSleep       *int `json:"remsleepduration,omitempty"`
	DeepSleep      *int `json:"deepsleepduration,omitempty"`
	// SleepEfficiency is a ratio in [0, 1].
	SleepEfficiency  *float64 `json:"sleep_efficiency,omitempty"`
	SleepLatency     *int     `json:"sleep_latency,omitempty"`
	WakeupLatency    *int     `json:"wakeup_latency,omitempty"`
	WakeupDuration   *int     `json:"wakeupduration,omitempty"`
	WakeupCount      *int     `json:"wakeupcount,omitempty"`
	WASO             *int     `json:"waso,omitempty"`
	NbREMEpisodes    *int     `json:"nb_rem_episodes,omitempty"`
	DurationToSleep  *int     `json:"durationtosleep,omitempty"`
	DurationToWakeup *int     `json:"durationtowakeup,omitempty"`
	OutOfBedCount    *int     `json:"out_of_bed_count,omitempty"`
	HRAverage        *int     `json:"hr_average,omitempty"`
	HRMin            *int     `json:"hr_min,omitempty"`
	HRMax            *int     `json:"hr_max,omitempty"`
	RRAverage        *int     `json:"rr_average,omitempty"`
	RRMin            *int     `json:"rr_min,omitempty"`
	RRMax            *int     `json:"rr_max,omitempty"`

	BreathingQualityAssessment     *int `json:"breathing_quality_assessment,omitempty"`
	BreathingDisturbancesIntensity *int `json:"breathing_disturbances_intensity,omitempty"`
	Snoring                        *int `json:"snoring,omitempty"`
	SnoringEpisodeCount            *int `json:"snoringepisodecount,omitempty"`
	SleepScore                     *int `json:"sleep_score,omitempty"`
	// NightEvents maps an event type ("1" got in bed, "2" fell asleep, "3"
	// woke up, "4" got out of bed) to offsets in seconds from startdate.
	// The seed types it as an array but describes "a dictionary, where keys
	// are the type of event"; the description wins.
	NightEvents        map[string][]int64 `json:"night_events,omitempty"`
	ApneaHypopneaIndex *int               `json:"apnea_hypopnea_index,omitempty"`
	MvtScoreAvg        *int               `json:"mvt_score_avg,omitempty"`
	MvtActiveDuration  *int               `json:"mvt_active_duration,omitempty"`
	RMSSDStartAvg      *float64           `json:"rmssd_start_avg,omitempty"`
	RMSSDEndAvg        *float64           `json:"rmssd_end_avg,omitempty"`

	ChestMovementRateWellnessAverage *int `json:"chest_movement_rate_wellness_average,omitempty"`
	ChestMovementRateWellnessMin     *int `json:"chest_movement_rate_wellness_min,omitempty"`
	ChestMovementRateWellnessMax     *int `json:"chest_movement_rate_wellness_max,omitempty"`
	WithingsIndex                    *int `json:"withings_index,omitempty"`
	BreathingSounds                  *int `json:"breathing_sounds,omitempty"`
	BreathingSoundsEpisodeCount      *int `json:"breathing_sounds_episode_count,omitempty"`
	ChestMovementRateAverage         *int `json:"chest_movement_rate_average,omitempty"`
	ChestMovementRateMin             *int `json:"chest_movement_rate_min,omitempty"`
	ChestMovementRateMax             *int `json:"chest_movement_rate_max,omitempty"`

	CoreBodyTemperatureMin *float64 `json:"core_body_temperature_min,omitempty"`
	CoreBodyTemperatureMax *float64 `json:"core_body_temperature_max,omitempty"`
	CoreBodyTemperatureAvg *float64 `json:"core_body_temperature_avg,omitempty"`
	// CoreBodyTemperatureStatus is "unknown", "usual" or "elevated".
	CoreBodyTemperatureStatus *string `json:"core_body_temperature_status,omitempty"`
}
