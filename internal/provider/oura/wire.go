package oura

import "encoding/json"

// page is every list route's envelope (seed: {"data": [...],
// "next_token": "string"}); next_token is null on the last page.
type page struct {
	Data      []json.RawMessage `json:"data"`
	NextToken *string           `json:"next_token"`
}

// sample is Oura's SampleModel: items spaced interval seconds apart from
// timestamp, null where the ring had no reading (sleep heart_rate and
// hrv, daily_activity met, session series).
type sample struct {
	Interval  float64    `json:"interval"`
	Items     []*float64 `json:"items"`
	Timestamp string     `json:"timestamp"`
}

// personalInfo is /v2/usercollection/personal_info. Weight is kg and
// height metres (OpenAPI PersonalInfoResponse).
type personalInfo struct {
	ID            string   `json:"id"`
	Age           *int     `json:"age"`
	Weight        *float64 `json:"weight"`
	Height        *float64 `json:"height"`
	BiologicalSex *string  `json:"biological_sex"`
	Email         *string  `json:"email"`
}

// dailyActivity is a daily_activity document. Times are seconds, energy
// kcal, distances metres; class_5_min has one character per 5 minutes
// from 04:00 local ('0' non-wear … '5' high, research B.2).
type dailyActivity struct {
	ID                        string              `json:"id"`
	Class5Min                 *string             `json:"class_5_min"`
	Score                     *float64            `json:"score"`
	ActiveCalories            *float64            `json:"active_calories"`
	AverageMETMinutes         *float64            `json:"average_met_minutes"`
	Contributors              map[string]*float64 `json:"contributors"`
	EquivalentWalkingDistance *float64            `json:"equivalent_walking_distance"`
	HighActivityMETMinutes    *float64            `json:"high_activity_met_minutes"`
	HighActivityTime          *float64            `json:"high_activity_time"`
	InactivityAlerts          *float64            `json:"inactivity_alerts"`
	LowActivityMETMinutes     *float64            `json:"low_activity_met_minutes"`
	LowActivityTime           *float64            `json:"low_activity_time"`
	MediumActivityMETMinutes  *float64            `json:"medium_activity_met_minutes"`
	MediumActivityTime        *float64            `json:"medium_activity_time"`
	MET                       *sample             `json:"met"`
	MetersToTarget            *float64            `json:"meters_to_target"`
	NonWearTime               *float64            `json:"non_wear_time"`
	RestingTime               *float64            `json:"resting_time"`
	SedentaryMETMinutes       *float64            `json:"sedentary_met_minutes"`
	SedentaryTime             *float64            `json:"sedentary_time"`
	Steps                     *float64            `json:"steps"`
	TargetCalories            *float64            `json:"target_calories"`
	TargetMeters              *float64            `json:"target_meters"`
	TotalCalories             *float64            `json:"total_calories"`
	Day                       string              `json:"day"`
	Timestamp                 string              `json:"timestamp"`
}

// dailyScore is the shape daily_sleep and daily_readiness share; the
// readiness temperatures are °C deviations from the member's baseline.
type dailyScore struct {
	ID                        string              `json:"id"`
	Contributors              map[string]*float64 `json:"contributors"`
	Day                       string              `json:"day"`
	Score                     *float64            `json:"score"`
	TemperatureDeviation      *float64            `json:"temperature_deviation"`
	TemperatureTrendDeviation *float64            `json:"temperature_trend_deviation"`
	Timestamp                 string              `json:"timestamp"`
}

// dailyCardiovascularAge has no id in the seed's sample; the day is its
// key.
type dailyCardiovascularAge struct {
	ID          string   `json:"id"`
	Day         string   `json:"day"`
	VascularAge *float64 `json:"vascular_age"`
}

// dailyResilience's level is limited, adequate, solid, strong or
// exceptional.
type dailyResilience struct {
	ID           string              `json:"id"`
	Day          string              `json:"day"`
	Contributors map[string]*float64 `json:"contributors"`
	Level        *string             `json:"level"`
}

// dailySpO2 is the night's average saturation (percent) and breathing
// disturbance index.
type dailySpO2 struct {
	ID             string `json:"id"`
	Day            string `json:"day"`
	SpO2Percentage *struct {
		Average *float64 `json:"average"`
	} `json:"spo2_percentage"`
	BreathingDisturbanceIndex *float64 `json:"breathing_disturbance_index"`
}

// dailyStress: stress_high and recovery_high are seconds in the OpenAPI
// schema (the prose above the route says minutes); day_summary is
// restored, normal or stressful, null until the day is over.
type dailyStress struct {
	ID           string   `json:"id"`
	Day          string   `json:"day"`
	StressHigh   *float64 `json:"stress_high"`
	RecoveryHigh *float64 `json:"recovery_high"`
	DaySummary   *string  `json:"day_summary"`
}

// vo2Max is an estimate in ml/kg/min.
type vo2Max struct {
	ID        string   `json:"id"`
	Day       string   `json:"day"`
	Timestamp string   `json:"timestamp"`
	VO2Max    *float64 `json:"vo2_max"`
}

// workout: calories kcal, distance metres; intensity easy, moderate or
// hard; source manual, autodetected, confirmed or workout_heart_rate.
type workout struct {
	ID            string   `json:"id"`
	Activity      string   `json:"activity"`
	Calories      *float64 `json:"calories"`
	Day           string   `json:"day"`
	Distance      *float64 `json:"distance"`
	EndDatetime   string   `json:"end_datetime"`
	Intensity     *string  `json:"intensity"`
	Label         *string  `json:"label"`
	Source        *string  `json:"source"`
	StartDatetime string   `json:"start_datetime"`
}

// session is a guided or unguided session: type breathing, meditation,
// nap, relaxation, rest or body_status; mood bad … great. Its
// heart_rate_variability is RMSSD in ms, like every Oura HRV.
type session struct {
	ID                   string  `json:"id"`
	Day                  string  `json:"day"`
	StartDatetime        string  `json:"start_datetime"`
	EndDatetime          string  `json:"end_datetime"`
	Type                 *string `json:"type"`
	HeartRate            *sample `json:"heart_rate"`
	HeartRateVariability *sample `json:"heart_rate_variability"`
	Mood                 *string `json:"mood"`
	MotionCount          *sample `json:"motion_count"`
}

// heartRate is one heartrate item (OpenAPI HeartRateModel; the seed shows
// {}): bpm, source (awake, rest, sleep, session, live, workout) and an
// instant.
type heartRate struct {
	BPM       *float64 `json:"bpm"`
	Source    string   `json:"source"`
	Timestamp string   `json:"timestamp"`
}

// identity reads the keys every other document may carry, to find its
// provider id and the instant it describes.
type identity struct {
	ID            string `json:"id"`
	Day           string `json:"day"`
	Timestamp     string `json:"timestamp"`
	BedtimeStart  string `json:"bedtime_start"`
	StartDatetime string `json:"start_datetime"`
	StartTime     string `json:"start_time"`
	StartDay      string `json:"start_day"`
	SetUpAt       string `json:"set_up_at"`
	Type          string `json:"type"`
}
