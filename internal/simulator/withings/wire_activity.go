package withings

// ActivityBody is the body of v2/measure getactivity.
type ActivityBody struct {
	Activities []Activity `json:"activities"`
	More       bool       `json:"more"`
	Offset     int        `json:"offset"`
}

// Activity is one day of aggregated activity (seed activity_object). The
// metric fields are pointers because data_fields selects which of them are
// sent; a nil field is left out.
type Activity struct {
	// Date is the local date "2006-01-02".
	Date     string `json:"date"`
	Timezone string `json:"timezone"`
	// DeviceID and HashDeviceID name the tracker; null when the steps come
	// from a phone.
	DeviceID     *string `json:"deviceid"`
	HashDeviceID *string `json:"hash_deviceid"`
	// Brand is 1 for Withings, 18 for external sources.
	Brand     int     `json:"brand"`
	IsTracker bool    `json:"is_tracker"`
	Modified  int64   `json:"modified"`
	Model     *string `json:"model,omitempty"`
	// ModelID is spelled "modelid" in the seed's activity_object, unlike
	// "model_id" everywhere else.
	ModelID *int `json:"modelid,omitempty"`

	Steps *int `json:"steps,omitempty"`
	// Distance is metres; Elevation is floors climbed.
	Distance  *float64 `json:"distance,omitempty"`
	Elevation *float64 `json:"elevation,omitempty"`
	// Soft, Moderate, Intense and Active are seconds; Active is Moderate +
	// Intense.
	Soft     *int `json:"soft,omitempty"`
	Moderate *int `json:"moderate,omitempty"`
	Intense  *int `json:"intense,omitempty"`
	Active   *int `json:"active,omitempty"`
	// Calories is active kcal; TotalCalories adds the basal (passive) part.
	Calories      *float64 `json:"calories,omitempty"`
	TotalCalories *float64 `json:"totalcalories,omitempty"`
	HRAverage     *int     `json:"hr_average,omitempty"`
	HRMin         *int     `json:"hr_min,omitempty"`
	HRMax         *int     `json:"hr_max,omitempty"`
	// HRZone0..3 are seconds in the light, moderate, intense and maximal
	// heart-rate zones.
	HRZone0 *int `json:"hr_zone_0,omitempty"`
	HRZone1 *int `json:"hr_zone_1,omitempty"`
	HRZone2 *int `json:"hr_zone_2,omitempty"`
	HRZone3 *int `json:"hr_zone_3,omitempty"`
}

// IntradayBody is the body of v2/measure getintradayactivity: points keyed
// by their Unix timestamp in decimal.
type IntradayBody struct {
	Series map[string]IntradayPoint `json:"series"`
}

// IntradayPoint is one high-frequency sample; only the fields that were
// measured at that instant and requested through data_fields are sent.
type IntradayPoint struct {
	DeviceID string `json:"deviceid"`
	Model    string `json:"model"`
	ModelID  int    `json:"model_id"`

	Steps     *int     `json:"steps,omitempty"`
	Elevation *float64 `json:"elevation,omitempty"`
	// Calories is active kcal of the interval.
	Calories *float64 `json:"calories,omitempty"`
	Distance *float64 `json:"distance,omitempty"`
	Stroke   *int     `json:"stroke,omitempty"`
	PoolLap  *int     `json:"pool_lap,omitempty"`
	// Duration is the length of the interval in seconds.
	Duration            *int     `json:"duration,omitempty"`
	HeartRate           *int     `json:"heart_rate,omitempty"`
	SpO2Auto            *float64 `json:"spo2_auto,omitempty"`
	RMSSD               *float64 `json:"rmssd,omitempty"`
	SDNN1               *float64 `json:"sdnn1,omitempty"`
	HRVQuality          *int     `json:"hrv_quality,omitempty"`
	CoreBodyTemperature *float64 `json:"core_body_temperature,omitempty"`
	RR                  *int     `json:"rr,omitempty"`
	ChestMovementRate   *int     `json:"chest_movement_rate,omitempty"`
}

// WorkoutsBody is the body of v2/measure getworkouts.
type WorkoutsBody struct {
	Series []Workout `json:"series"`
	More   bool      `json:"more"`
	Offset int       `json:"offset"`
}

// Workout is one workout summary (seed workout_object).
type Workout struct {
	ID int64 `json:"id"`
	// Category is the workout category code (1 walk, 2 run, 6 bicycling…).
	Category int    `json:"category"`
	Timezone string `json:"timezone"`
	// Model is the numeric source (e.g. 93 ScanWatch).
	Model     int         `json:"model"`
	Attrib    int         `json:"attrib"`
	StartDate int64       `json:"startdate"`
	EndDate   int64       `json:"enddate"`
	Date      string      `json:"date"`
	Modified  int64       `json:"modified"`
	DeviceID  string      `json:"deviceid"`
	Data      WorkoutData `json:"data"`
}

// WorkoutData holds the workout metrics selected by data_fields; the seed
// types all of them as integers.
type WorkoutData struct {
	AlgoPauseDuration      *int `json:"algo_pause_duration,omitempty"`
	Calories               *int `json:"calories,omitempty"`
	CoreBodyTemperatureAvg *int `json:"core_body_temperature_avg,omitempty"`
	CoreBodyTemperatureMax *int `json:"core_body_temperature_max,omitempty"`
	CoreBodyTemperatureMin *int `json:"core_body_temperature_min,omitempty"`
	// CoreBodyTemperatureStatus is typed integer in the seed's
	// workout_object but documented with the values "unknown", "usual" and
	// "elevated", and typed string in the sleep summary; a string it is.
	CoreBodyTemperatureStatus *string `json:"core_body_temperature_status,omitempty"`
	Distance                  *int    `json:"distance,omitempty"`
	Elevation                 *int    `json:"elevation,omitempty"`
	HRAverage                 *int    `json:"hr_average,omitempty"`
	HRMax                     *int    `json:"hr_max,omitempty"`
	HRMin                     *int    `json:"hr_min,omitempty"`
	HRZone0                   *int    `json:"hr_zone_0,omitempty"`
	HRZone1                   *int    `json:"hr_zone_1,omitempty"`
	HRZone2                   *int    `json:"hr_zone_2,omitempty"`
	HRZone3                   *int    `json:"hr_zone_3,omitempty"`
	Intensity                 *int    `json:"intensity,omitempty"`
	ManualCalories            *int    `json:"manual_calories,omitempty"`
	ManualDistance            *int    `json:"manual_distance,omitempty"`
	ManualIntensity           *int    `json:"manual_intensity,omitempty"`
	PauseDuration             *int    `json:"pause_duration,omitempty"`
	PoolLaps                  *int    `json:"pool_laps,omitempty"`
	PoolLength                *int    `json:"pool_length,omitempty"`
	SpO2Average               *int    `json:"spo2_average,omitempty"`
	Steps                     *int    `json:"steps,omitempty"`
	Strokes                   *int    `json:"strokes,omitempty"`
}
