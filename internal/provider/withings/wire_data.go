package withings

import "encoding/json"

// Wire types of the measure services (seed measure-getmeas,
// measurev2-getactivity, -getintradayactivity, -getworkouts). Metric
// fields are pointers: data_fields decides which are sent, and an absent
// field must stay absent downstream rather than become a zero.

// measureBody is the body of getmeas.
type measureBody struct {
	UpdateTime  number            `json:"updatetime"`
	Timezone    string            `json:"timezone"`
	MeasureGrps []json.RawMessage `json:"measuregrps"`
	More        moreFlag          `json:"more"`
	Offset      number            `json:"offset"`
}

// measureGroup is one measuregrp_object: measures taken at one instant by
// one device. Updates and deletions apply to the whole group.
type measureGroup struct {
	GrpID int64 `json:"grpid"`
	// Attrib 1 means the group may belong to another user of the device.
	Attrib       int       `json:"attrib"`
	Date         int64     `json:"date"`
	Created      int64     `json:"created"`
	Modified     int64     `json:"modified"`
	Category     int64     `json:"category"`
	DeviceID     *string   `json:"deviceid"`
	HashDeviceID *string   `json:"hash_deviceid"`
	Measures     []measure `json:"measures"`
	Model        *string   `json:"model"`
	ModelID      *int      `json:"model_id"`
	// Timezone is the group's own zone when the answer carries one;
	// otherwise Fetch copies the answer's timezone here (the only field
	// wearhouse adds to a stored Withings document).
	Timezone string `json:"timezone"`
}

// measure is one measure_object: the real value is Value × 10^Unit.
type measure struct {
	Value    int64 `json:"value"`
	Type     int   `json:"type"`
	Unit     int   `json:"unit"`
	Position *int  `json:"position"`
}

// activityBody is the body of getactivity.
type activityBody struct {
	Activities []json.RawMessage `json:"activities"`
	More       moreFlag          `json:"more"`
	Offset     number            `json:"offset"`
}

// activity is one activity_object: a local day's aggregates.
type activity struct {
	Date         string   `json:"date"`
	Timezone     string   `json:"timezone"`
	DeviceID     *string  `json:"deviceid"`
	HashDeviceID *string  `json:"hash_deviceid"`
	Brand        int      `json:"brand"`
	IsTracker    bool     `json:"is_tracker"`
	Modified     int64    `json:"modified"`
	Model        *string  `json:"model"`
	Steps        *float64 `json:"steps"`
	Distance     *float64 `json:"distance"`
	Elevation    *float64 `json:"elevation"`
	Soft         *float64 `json:"soft"`
	Moderate     *float64 `json:"moderate"`
	Intense      *float64 `json:"intense"`
	Active       *float64 `json:"active"`
	Calories     *float64 `json:"calories"`
	Total        *float64 `json:"totalcalories"`
	HRAverage    *float64 `json:"hr_average"`
	HRMin        *float64 `json:"hr_min"`
	HRMax        *float64 `json:"hr_max"`
	HRZone0      *float64 `json:"hr_zone_0"`
	HRZone1      *float64 `json:"hr_zone_1"`
	HRZone2      *float64 `json:"hr_zone_2"`
	HRZone3      *float64 `json:"hr_zone_3"`
}

// intradayBody is the body of getintradayactivity: points keyed by their
// Unix time in decimal.
type intradayBody struct {
	Series map[string]intradayPoint `json:"series"`
}

// intradayPoint is one high-frequency point; only measured, requested
// fields are present.
type intradayPoint struct {
	ModelID   *int     `json:"model_id"`
	Steps     *float64 `json:"steps"`
	Elevation *float64 `json:"elevation"`
	Calories  *float64 `json:"calories"`
	Distance  *float64 `json:"distance"`
	Stroke    *float64 `json:"stroke"`
	PoolLap   *float64 `json:"pool_lap"`
	Duration  *float64 `json:"duration"`
	HeartRate *float64 `json:"heart_rate"`
	SpO2Auto  *float64 `json:"spo2_auto"`
	RMSSD     *float64 `json:"rmssd"`
	SDNN1     *float64 `json:"sdnn1"`
	CoreTemp  *float64 `json:"core_body_temperature"`
	RR        *float64 `json:"rr"`
}

// workoutsBody is the body of getworkouts.
type workoutsBody struct {
	Series []json.RawMessage `json:"series"`
	More   moreFlag          `json:"more"`
	Offset number            `json:"offset"`
}

// workout is one workout_object.
type workout struct {
	ID        int64       `json:"id"`
	Category  int         `json:"category"`
	Timezone  string      `json:"timezone"`
	Model     int         `json:"model"`
	Attrib    int         `json:"attrib"`
	StartDate int64       `json:"startdate"`
	EndDate   int64       `json:"enddate"`
	Date      string      `json:"date"`
	Modified  int64       `json:"modified"`
	DeviceID  string      `json:"deviceid"`
	Data      workoutData `json:"data"`
}

// workoutData holds the data_fields of a workout; the seed types them all
// as integers, read here as numbers.
type workoutData struct {
	AlgoPause      *float64        `json:"algo_pause_duration"`
	Calories       *float64        `json:"calories"`
	CoreTempAvg    *float64        `json:"core_body_temperature_avg"`
	CoreTempMax    *float64        `json:"core_body_temperature_max"`
	CoreTempMin    *float64        `json:"core_body_temperature_min"`
	CoreTempStatus json.RawMessage `json:"core_body_temperature_status"`
	Distance       *float64        `json:"distance"`
	Elevation      *float64        `json:"elevation"`
	HRAverage      *float64        `json:"hr_average"`
	HRMax          *float64        `json:"hr_max"`
	HRMin          *float64        `json:"hr_min"`
	HRZone0        *float64        `json:"hr_zone_0"`
	HRZone1        *float64        `json:"hr_zone_1"`
	HRZone2        *float64        `json:"hr_zone_2"`
	HRZone3        *float64        `json:"hr_zone_3"`
	Intensity      *float64        `json:"intensity"`
	ManualCalories *float64        `json:"manual_calories"`
	ManualDistance *float64        `json:"manual_distance"`
	ManualIntens   *float64        `json:"manual_intensity"`
	PauseDuration  *float64        `json:"pause_duration"`
	PoolLaps       *float64        `json:"pool_laps"`
	PoolLength     *float64        `json:"pool_length"`
	SpO2Average    *float64        `json:"spo2_average"`
	Steps          *float64        `json:"steps"`
	Strokes        *float64        `json:"strokes"`
}
