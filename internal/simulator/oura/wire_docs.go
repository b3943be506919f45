package oura

// Wire types of the period and event documents, field for field as seed
// 002 lists them, in the seed's order. Pointers are the fields the Oura
// OpenAPI declares nullable; they are sent as null, never omitted.

// Sleep is a sleep document: one sleep period, several per day are normal.
type Sleep struct {
	ID            string   `json:"id"`
	AverageBreath *float64 `json:"average_breath"`
	// AverageHeartRate is beats per minute over the period.
	AverageHeartRate *float64 `json:"average_heart_rate"`
	// AverageHRV is the mean RMSSD in milliseconds.
	AverageHRV *int `json:"average_hrv"`
	// Durations are seconds.
	AwakeTime         *int    `json:"awake_time"`
	BedtimeEnd        string  `json:"bedtime_end"`
	BedtimeStart      string  `json:"bedtime_start"`
	Day               string  `json:"day"`
	DeepSleepDuration *int    `json:"deep_sleep_duration"`
	Efficiency        *int    `json:"efficiency"`
	HeartRate         *Sample `json:"heart_rate"`
	HRV               *Sample `json:"hrv"`
	// Latency is seconds from bedtime_start to falling asleep.
	Latency            *int    `json:"latency"`
	LightSleepDuration *int    `json:"light_sleep_duration"`
	LowBatteryAlert    bool    `json:"low_battery_alert"`
	LowestHeartRate    *int    `json:"lowest_heart_rate"`
	Movement30Sec      *string `json:"movement_30_sec"`
	// Period numbers the sleep periods of the day from 0.
	Period              int             `json:"period"`
	Readiness           *SleepReadiness `json:"readiness"`
	ReadinessScoreDelta *int            `json:"readiness_score_delta"`
	REMSleepDuration    *int            `json:"rem_sleep_duration"`
	RestlessPeriods     *int            `json:"restless_periods"`
	// SleepPhase5Min has one character per 5 minutes from bedtime_start:
	// '1' deep, '2' light, '3' REM, '4' awake (research B.2).
	SleepPhase5Min        *string `json:"sleep_phase_5_min"`
	SleepScoreDelta       *int    `json:"sleep_score_delta"`
	SleepAlgorithmVersion *string `json:"sleep_algorithm_version"`
	SleepAnalysisReason   *string `json:"sleep_analysis_reason"`
	TimeInBed             int     `json:"time_in_bed"`
	TotalSleepDuration    *int    `json:"total_sleep_duration"`
	// Type is long_sleep, sleep, late_nap, rest or deleted.
	Type string `json:"type"`
}

// SleepReadiness is the readiness block of a main sleep. The seed sample
// shows its contributors as {}; the field list is daily_readiness's
// ReadinessContributors (the OpenAPI uses the same schema for both).
type SleepReadiness struct {
	Contributors              ReadinessContributors `json:"contributors"`
	Score                     *int                  `json:"score"`
	TemperatureDeviation      *float64              `json:"temperature_deviation"`
	TemperatureTrendDeviation *float64              `json:"temperature_trend_deviation"`
}

// SleepTime is a sleep_time document: the recommended bedtime window.
type SleepTime struct {
	ID             string          `json:"id"`
	Day            string          `json:"day"`
	OptimalBedtime *OptimalBedtime `json:"optimal_bedtime"`
	Recommendation *string         `json:"recommendation"`
	Status         *string         `json:"status"`
}

// OptimalBedtime is a window in seconds relative to local midnight
// (negative before it); DayTZ is the UTC offset in seconds.
type OptimalBedtime struct {
	DayTZ       int `json:"day_tz"`
	EndOffset   int `json:"end_offset"`
	StartOffset int `json:"start_offset"`
}

// Workout is a workout document.
type Workout struct {
	ID       string `json:"id"`
	Activity string `json:"activity"`
	// Calories is energy spent in kilocalories.
	Calories *float64 `json:"calories"`
	Day      string   `json:"day"`
	// Distance is metres; null for activities without one.
	Distance      *float64 `json:"distance"`
	EndDatetime   string   `json:"end_datetime"`
	Intensity     string   `json:"intensity"`
	Label         *string  `json:"label"`
	Source        string   `json:"source"`
	StartDatetime string   `json:"start_datetime"`
}

// Session is a session document: a guided or unguided session in the app.
type Session struct {
	ID                   string  `json:"id"`
	Day                  string  `json:"day"`
	StartDatetime        string  `json:"start_datetime"`
	EndDatetime          string  `json:"end_datetime"`
	Type                 string  `json:"type"`
	HeartRate            *Sample `json:"heart_rate"`
	HeartRateVariability *Sample `json:"heart_rate_variability"`
	Mood                 *string `json:"mood"`
	MotionCount          *Sample `json:"motion_count"`
}

// Tag is a (deprecated) tag document.
type Tag struct {
	ID        string   `json:"id"`
	Day       string   `json:"day"`
	Text      *string  `json:"text"`
	Timestamp string   `json:"timestamp"`
	Tags      []string `json:"tags"`
}

// EnhancedTag is an enhanced_tag document.
type EnhancedTag struct {
	ID          string  `json:"id"`
	TagTypeCode *string `json:"tag_type_code"`
	StartTime   string  `json:"start_time"`
	EndTime     *string `json:"end_time"`
	StartDay    string  `json:"start_day"`
	EndDay      *string `json:"end_day"`
	Comment     *string `json:"comment"`
	CustomName  *string `json:"custom_name"`
}

// RestModePeriod is a rest_mode_period document.
type RestModePeriod struct {
	ID      string  `json:"id"`
	EndDay  *string `json:"end_day"`
	EndTime *string `json:"end_time"`
	// Episodes are shown as {} in the seed; the fields are the OpenAPI's
	// RestModeEpisode (tags, timestamp).
	Episodes  []RestModeEpisode `json:"episodes"`
	StartDay  string            `json:"start_day"`
	StartTime *string           `json:"start_time"`
}

// RestModeEpisode is one tagged moment of a rest-mode period.
type RestModeEpisode struct {
	Tags      []string `json:"tags"`
	Timestamp string   `json:"timestamp"`
}

// RingConfiguration is a ring_configuration document.
type RingConfiguration struct {
	ID              string  `json:"id"`
	Color           *string `json:"color"`
	Design          *string `json:"design"`
	FirmwareVersion *string `json:"firmware_version"`
	HardwareType    *string `json:"hardware_type"`
	SetUpAt         *string `json:"set_up_at"`
	Size            *int    `json:"size"`
}

// PersonalInfo is the personal_info document. Fields behind the personal
// and email scopes are null when the token lacks them.
type PersonalInfo struct {
	ID  string `json:"id"`
	Age *int   `json:"age"`
	// Weight is kilograms, Height metres.
	Weight        *float64 `json:"weight"`
	Height        *float64 `json:"height"`
	BiologicalSex *string  `json:"biological_sex"`
	Email         *string  `json:"email"`
}

// HeartRate is one heartrate sample. The seed shows the document as {};
// the fields are the OpenAPI's HeartRateModel (bpm, source, timestamp).
type HeartRate struct {
	BPM int `json:"bpm"`
	// Source is awake, rest, sleep, session, live or workout.
	Source    string `json:"source"`
	Timestamp string `json:"timestamp"`
}
