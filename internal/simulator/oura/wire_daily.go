package oura

// Wire types of the daily documents, field for field as seed 002 lists
// them ("Single … Document" response samples), in the seed's order.
// Pointers mark the fields the Oura OpenAPI declares nullable
// (https://cloud.ouraring.com/v2/static/json/openapi-1.35.json): they are
// sent as null, never omitted, because Oura always sends every key.

// Page is the envelope of every multiple-documents route.
type Page[T any] struct {
	Data []T `json:"data"`
	// NextToken is null on the last page.
	NextToken *string `json:"next_token"`
}

// Sample is Oura's time-series object {interval, items, timestamp}: items
// are spaced interval seconds apart from timestamp; an item is null where
// the ring has no value.
type Sample struct {
	Interval  float64    `json:"interval"`
	Items     []*float64 `json:"items"`
	Timestamp string     `json:"timestamp"`
}

// DailyActivity is a daily_activity document.
type DailyActivity struct {
	ID string `json:"id"`
	// Class5Min has one character per 5 minutes from the day's start:
	// '0' non-wear, '1' rest, '2' inactive, '3' low, '4' medium, '5' high
	// (research B.2).
	Class5Min                 *string              `json:"class_5_min"`
	Score                     *int                 `json:"score"`
	ActiveCalories            int                  `json:"active_calories"`
	AverageMETMinutes         float64              `json:"average_met_minutes"`
	Contributors              ActivityContributors `json:"contributors"`
	EquivalentWalkingDistance int                  `json:"equivalent_walking_distance"`
	HighActivityMETMinutes    int                  `json:"high_activity_met_minutes"`
	HighActivityTime          int                  `json:"high_activity_time"`
	InactivityAlerts          int                  `json:"inactivity_alerts"`
	LowActivityMETMinutes     int                  `json:"low_activity_met_minutes"`
	LowActivityTime           int                  `json:"low_activity_time"`
	MediumActivityMETMinutes  int                  `json:"medium_activity_met_minutes"`
	MediumActivityTime        int                  `json:"medium_activity_time"`
	MET                       Sample               `json:"met"`
	MetersToTarget            int                  `json:"meters_to_target"`
	NonWearTime               int                  `json:"non_wear_time"`
	RestingTime               int                  `json:"resting_time"`
	SedentaryMETMinutes       int                  `json:"sedentary_met_minutes"`
	SedentaryTime             int                  `json:"sedentary_time"`
	Steps                     int                  `json:"steps"`
	TargetCalories            int                  `json:"target_calories"`
	TargetMeters              int                  `json:"target_meters"`
	TotalCalories             int                  `json:"total_calories"`
	Day                       string               `json:"day"`
	Timestamp                 string               `json:"timestamp"`
}

// ActivityContributors are the 1–100 ratings behind the activity score.
type ActivityContributors struct {
	MeetDailyTargets  *int `json:"meet_daily_targets"`
	MoveEveryHour     *int `json:"move_every_hour"`
	RecoveryTime      *int `json:"recovery_time"`
	StayActive        *int `json:"stay_active"`
	TrainingFrequency *int `json:"training_frequency"`
	TrainingVolume    *int `json:"training_volume"`
}

// DailyCardiovascularAge is a daily_cardiovascular_age document. The seed
// sample has no id, so neither has the document; the single-document route
// and webhooks still name it by the id DocumentID derives.
type DailyCardiovascularAge struct {
	Day         string `json:"day"`
	VascularAge *int   `json:"vascular_age"`
}

// DailyReadiness is a daily_readiness document.
type DailyReadiness struct {
	ID           string                `json:"id"`
	Contributors ReadinessContributors `json:"contributors"`
	Day          string                `json:"day"`
	Score        *int                  `json:"score"`
	// TemperatureDeviation is degrees Celsius from the person's baseline.
	TemperatureDeviation      *float64 `json:"temperature_deviation"`
	TemperatureTrendDeviation *float64 `json:"temperature_trend_deviation"`
	Timestamp                 string   `json:"timestamp"`
}

// ReadinessContributors are the 1–100 ratings behind the readiness score;
// the sleep document's readiness block uses the same object.
type ReadinessContributors struct {
	ActivityBalance     *int `json:"activity_balance"`
	BodyTemperature     *int `json:"body_temperature"`
	HRVBalance          *int `json:"hrv_balance"`
	PreviousDayActivity *int `json:"previous_day_activity"`
	PreviousNight       *int `json:"previous_night"`
	RecoveryIndex       *int `json:"recovery_index"`
	RestingHeartRate    *int `json:"resting_heart_rate"`
	SleepBalance        *int `json:"sleep_balance"`
}

// DailyResilience is a daily_resilience document.
type DailyResilience struct {
	ID           string                 `json:"id"`
	Day          string                 `json:"day"`
	Contributors ResilienceContributors `json:"contributors"`
	// Level is limited, adequate, solid, strong or exceptional.
	Level string `json:"level"`
}

// ResilienceContributors are 0–100 values (numbers in the OpenAPI).
type ResilienceContributors struct {
	SleepRecovery   float64 `json:"sleep_recovery"`
	DaytimeRecovery float64 `json:"daytime_recovery"`
	Stress          float64 `json:"stress"`
}

// DailySleep is a daily_sleep document.
type DailySleep struct {
	ID           string            `json:"id"`
	Contributors SleepContributors `json:"contributors"`
	Day          string            `json:"day"`
	Score        *int              `json:"score"`
	Timestamp    string            `json:"timestamp"`
}

// SleepContributors are the 1–100 ratings behind the sleep score.
type SleepContributors struct {
	DeepSleep   *int `json:"deep_sleep"`
	Efficiency  *int `json:"efficiency"`
	Latency     *int `json:"latency"`
	REMSleep    *int `json:"rem_sleep"`
	Restfulness *int `json:"restfulness"`
	Timing      *int `json:"timing"`
	TotalSleep  *int `json:"total_sleep"`
}

// DailySpO2 is a daily_spo2 document.
type DailySpO2 struct {
	ID                        string          `json:"id"`
	Day                       string          `json:"day"`
	SpO2Percentage            *SpO2Percentage `json:"spo2_percentage"`
	BreathingDisturbanceIndex *int            `json:"breathing_disturbance_index"`
}

// SpO2Percentage holds the night's average oxygen saturation, percent.
type SpO2Percentage struct {
	Average float64 `json:"average"`
}

// DailyStress is a daily_stress document; the two durations are seconds.
type DailyStress struct {
	ID           string `json:"id"`
	Day          string `json:"day"`
	StressHigh   *int   `json:"stress_high"`
	RecoveryHigh *int   `json:"recovery_high"`
	// DaySummary is restored, normal or stressful; null while the day is
	// still running.
	DaySummary *string `json:"day_summary"`
}

// VO2Max is a vO2_max document (ml/kg/min).
type VO2Max struct {
	ID        string   `json:"id"`
	Day       string   `json:"day"`
	Timestamp string   `json:"timestamp"`
	VO2Max    *float64 `json:"vo2_max"`
}
