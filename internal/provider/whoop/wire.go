package whoop

import (
	"encoding/json"
	"time"
)

// Score states (seed 001): score fields are present only when SCORED.
const (
	stateScored = "SCORED"
)

// page is every v2 collection's envelope: records plus next_token, which
// is passed back as the nextToken query parameter.
type page struct {
	Records   []json.RawMessage `json:"records"`
	NextToken *string           `json:"next_token"`
}

// common holds the fields every scored document has.
type common struct {
	UserID         int64     `json:"user_id"`
	CreatedAt      time.Time `json:"created_at"`
	UpdatedAt      time.Time `json:"updated_at"`
	Start          time.Time `json:"start"`
	End            time.Time `json:"end"`
	TimezoneOffset string    `json:"timezone_offset"`
	ScoreState     string    `json:"score_state"`
}

// cycle is a physiological cycle; End is absent while it is open.
type cycle struct {
	ID        int64      `json:"id"`
	UserID    int64      `json:"user_id"`
	CreatedAt time.Time  `json:"created_at"`
	UpdatedAt time.Time  `json:"updated_at"`
	Start     time.Time  `json:"start"`
	End       *time.Time `json:"end"`
	Offset    string     `json:"timezone_offset"`
	State     string     `json:"score_state"`
	Score     *struct {
		Strain           *float64 `json:"strain"`
		Kilojoule        *float64 `json:"kilojoule"`
		AverageHeartRate *float64 `json:"average_heart_rate"`
		MaxHeartRate     *float64 `json:"max_heart_rate"`
	} `json:"score"`
}

// sleep is one sleep or nap.
type sleep struct {
	ID      string `json:"id"`
	CycleID *int64 `json:"cycle_id"`
	common
	Nap   bool `json:"nap"`
	Score *struct {
		StageSummary *struct {
			InBed      *int64 `json:"total_in_bed_time_milli"`
			Awake      *int64 `json:"total_awake_time_milli"`
			NoData     *int64 `json:"total_no_data_time_milli"`
			Light      *int64 `json:"total_light_sleep_time_milli"`
			SlowWave   *int64 `json:"total_slow_wave_sleep_time_milli"`
			REM        *int64 `json:"total_rem_sleep_time_milli"`
			CycleCount *int   `json:"sleep_cycle_count"`
			Disturb    *int   `json:"disturbance_count"`
		} `json:"stage_summary"`
		SleepNeeded *struct {
			Baseline   *int64 `json:"baseline_milli"`
			FromDebt   *int64 `json:"need_from_sleep_debt_milli"`
			FromStrain *int64 `json:"need_from_recent_strain_milli"`
			FromNap    *int64 `json:"need_from_recent_nap_milli"`
		} `json:"sleep_needed"`
		RespiratoryRate *float64 `json:"respiratory_rate"`
		Performance     *float64 `json:"sleep_performance_percentage"`
		Consistency     *float64 `json:"sleep_consistency_percentage"`
		Efficiency      *float64 `json:"sleep_efficiency_percentage"`
	} `json:"score"`
}

// recovery is the morning recovery of one cycle, linked to its sleep. It
// has no start, end or time zone of its own.
type recovery struct {
	CycleID   int64     `json:"cycle_id"`
	SleepID   string    `json:"sleep_id"`
	UserID    int64     `json:"user_id"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
	State     string    `json:"score_state"`
	Score     *struct {
		UserCalibrating *bool    `json:"user_calibrating"`
		RecoveryScore   *float64 `json:"recovery_score"`
		RestingHR       *float64 `json:"resting_heart_rate"`
		HRVRMSSDMilli   *float64 `json:"hrv_rmssd_milli"`
		SpO2            *float64 `json:"spo2_percentage"`
		SkinTempCelsius *float64 `json:"skin_temp_celsius"`
	} `json:"score"`
}

// workout is one workout; sport_name replaces the retired sport_id.
type workout struct {
	ID string `json:"id"`
	common
	SportName string `json:"sport_name"`
	Score     *struct {
		Strain         *float64 `json:"strain"`
		AverageHR      *float64 `json:"average_heart_rate"`
		MaxHR          *float64 `json:"max_heart_rate"`
		Kilojoule      *float64 `json:"kilojoule"`
		PercentRecord  *float64 `json:"percent_recorded"`
		DistanceMeter  *float64 `json:"distance_meter"`
		AltitudeGain   *float64 `json:"altitude_gain_meter"`
		AltitudeChange *float64 `json:"altitude_change_meter"`
		ZoneDurations  *struct {
			Zero  *int64 `json:"zone_zero_milli"`
			One   *int64 `json:"zone_one_milli"`
			Two   *int64 `json:"zone_two_milli"`
			Three *int64 `json:"zone_three_milli"`
			Four  *int64 `json:"zone_four_milli"`
			Five  *int64 `json:"zone_five_milli"`
		} `json:"zone_durations"`
	} `json:"score"`
}

// profile is GET /v2/user/profile/basic.
type profile struct {
	UserID    int64  `json:"user_id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// body is GET /v2/user/measurement/body.
type body struct {
	HeightMeter    *float64 `json:"height_meter"`
	WeightKilogram *float64 `json:"weight_kilogram"`
	MaxHeartRate   *float64 `json:"max_heart_rate"`
}

// webhookEvent is the v2 webhook body. id is a UUID for sleep and workout
// events and the sleep UUID for recovery events (v1 sent integers, which
// are accepted too).
type webhookEvent struct {
	UserID  int64           `json:"user_id"`
	ID      json.RawMessage `json:"id"`
	Type    string          `json:"type"`
	TraceID string          `json:"trace_id"`
}
