package withings

import (
	"bytes"
	"encoding/json"
)

// Wire types of v2/sleep (seed sleepv2-getsummary and sleepv2-get).

// summaryBody is the body of getsummary.
type summaryBody struct {
	Series []json.RawMessage `json:"series"`
	More   moreFlag          `json:"more"`
	Offset number            `json:"offset"`
}

// sleepSummary is one sleep_summary_object: a night or a nap.
type sleepSummary struct {
	ID           int64     `json:"id"`
	Timezone     string    `json:"timezone"`
	Model        int       `json:"model"`
	ModelID      int       `json:"model_id"`
	StartDate    int64     `json:"startdate"`
	EndDate      int64     `json:"enddate"`
	Date         string    `json:"date"`
	Created      int64     `json:"created"`
	Modified     int64     `json:"modified"`
	HashDeviceID string    `json:"hash_deviceid"`
	Completed    *bool     `json:"completed"`
	Data         sleepData `json:"data"`
}

// sleepData holds the summary's data_fields that map to the unified
// model (seconds, bpm, breaths per minute); every field, mapped or not,
// is also kept in the event's extra fields.
type sleepData struct {
	TotalTimeInBed   *float64 `json:"total_timeinbed"`
	TotalSleepTime   *float64 `json:"total_sleep_time"`
	AsleepDuration   *float64 `json:"asleepduration"`
	LightSleep       *float64 `json:"lightsleepduration"`
	REMSleep         *float64 `json:"remsleepduration"`
	DeepSleep        *float64 `json:"deepsleepduration"`
	SleepEfficiency  *float64 `json:"sleep_efficiency"`
	SleepLatency     *float64 `json:"sleep_latency"`
	WakeupDuration   *float64 `json:"wakeupduration"`
	WakeupCount      *float64 `json:"wakeupcount"`
	DurationToSleep  *float64 `json:"durationtosleep"`
	HRAverage        *float64 `json:"hr_average"`
	HRMin            *float64 `json:"hr_min"`
	HRMax            *float64 `json:"hr_max"`
	RRAverage        *float64 `json:"rr_average"`
	RRMin            *float64 `json:"rr_min"`
	RRMax            *float64 `json:"rr_max"`
	SleepScore       *float64 `json:"sleep_score"`
	RMSSDStartAvg    *float64 `json:"rmssd_start_avg"`
	RMSSDEndAvg      *float64 `json:"rmssd_end_avg"`
	ApneaHypopnea    *float64 `json:"apnea_hypopnea_index"`
	BreathingDisturb *float64 `json:"breathing_disturbances_intensity"`
	Snoring          *float64 `json:"snoring"`
	SnoringEpisodes  *float64 `json:"snoringepisodecount"`
	CoreTempAvg      *float64 `json:"core_body_temperature_avg"`
}

// sleepGetBody is the body of sleep get. The seed types series as one
// segment object; the live API sends an array of them. Both are read.
type sleepGetBody struct {
	Series segments `json:"series"`
	Model  int      `json:"model"`
}

// segments is a list of state segments, given as an array or a single
// object.
type segments []sleepSegment

// UnmarshalJSON accepts an array, a single object or null.
func (s *segments) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*s = nil
		return nil
	case b[0] == '{':
		var one sleepSegment
		if err := json.Unmarshal(b, &one); err != nil {
			return err
		}
		*s = segments{one}
		return nil
	}
	var many []sleepSegment
	if err := json.Unmarshal(b, &many); err != nil {
		return err
	}
	*s = many
	return nil
}

// sleepSegment is a run of one sleep state with the high-frequency values
// measured inside it, keyed by Unix time in decimal.
type sleepSegment struct {
	StartDate int64  `json:"startdate"`
	EndDate   int64  `json:"enddate"`
	State     int    `json:"state"`
	Model     string `json:"model"`
	ModelID   int    `json:"model_id"`

	HR    map[string]float64 `json:"hr"`
	RR    map[string]float64 `json:"rr"`
	SDNN1 map[string]float64 `json:"sdnn_1"`
	RMSSD map[string]float64 `json:"rmssd"`
}

// sleepDoc is wearhouse's sleep document: the night's summary and,
// byte for byte, the sleep get answer for the night's span. Keeping them
// together makes one night one document, so its hypnogram lands on its
// sleep event in one pure normalization.
type sleepDoc struct {
	Summary json.RawMessage `json:"summary"`
	Get     json.RawMessage `json:"get,omitempty"`
}
