package whoop

import (
	"encoding/json"
	"fmt"
	"time"
)

// Wire types, field for field from the response samples of seed 000
// (WHOOP API reference) and the Cycle data model of seed 001. Optional
// fields are pointers: "end" is absent on the open cycle and "score" is
// present only when score_state is SCORED.

// Time is a WHOOP timestamp: UTC with milliseconds, "2022-04-24T11:25:44.774Z".
type Time struct{ time.Time }

// timeLayout is the format of every timestamp in the seed samples.
const timeLayout = "2006-01-02T15:04:05.000Z"

// MarshalJSON renders the WHOOP format.
func (t Time) MarshalJSON() ([]byte, error) {
	return []byte(`"` + t.UTC().Format(timeLayout) + `"`), nil
}

// UnmarshalJSON accepts any RFC 3339 timestamp.
func (t *Time) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("whoop time: %w", err)
	}
	v, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return fmt.Errorf("whoop time: %w", err)
	}
	t.Time = v
	return nil
}

// Score states (seed 001).
const (
	StateScored       = "SCORED"
	StatePendingScore = "PENDING_SCORE"
	StateUnscorable   = "UNSCORABLE"
)

// Profile is GET /v2/user/profile/basic.
type Profile struct {
	UserID    int64  `json:"user_id"`
	Email     string `json:"email"`
	FirstName string `json:"first_name"`
	LastName  string `json:"last_name"`
}

// BodyMeasurement is GET /v2/user/measurement/body.
type BodyMeasurement struct {
	HeightMeter    float64 `json:"height_meter"`
	WeightKilogram float64 `json:"weight_kilogram"`
	MaxHeartRate   int     `json:"max_heart_rate"`
}

// Cycle is one physiological cycle.
type Cycle struct {
	ID             int64       `json:"id"`
	UserID         int64       `json:"user_id"`
	CreatedAt      Time        `json:"created_at"`
	UpdatedAt      Time        `json:"updated_at"`
	Start          Time        `json:"start"`
	End            *Time       `json:"end,omitempty"`
	TimezoneOffset string      `json:"timezone_offset"`
	ScoreState     string      `json:"score_state"`
	Score          *CycleScore `json:"score,omitempty"`
}

// CycleScore is a cycle's day strain and energy.
type CycleScore struct {
	Strain           float64 `json:"strain"`
	Kilojoule        float64 `json:"kilojoule"`
	AverageHeartRate int     `json:"average_heart_rate"`
	MaxHeartRate     int     `json:"max_heart_rate"`
}

// Sleep is one sleep or nap (v2: UUID id, with the legacy v1_id).
type Sleep struct {
	ID             string      `json:"id"`
	CycleID        int64       `json:"cycle_id"`
	V1ID           int64       `json:"v1_id"`
	UserID         int64       `json:"user_id"`
	CreatedAt      Time        `json:"created_at"`
	UpdatedAt      Time        `json:"updated_at"`
	Start          Time        `json:"start"`
	End            Time        `json:"end"`
	TimezoneOffset string      `json:"timezone_offset"`
	Nap            bool        `json:"nap"`
	ScoreState     string      `json:"score_state"`
	Score          *SleepScore `json:"score,omitempty"`
}

// SleepScore is the scored part of a sleep.
type SleepScore struct {
	StageSummary               StageSummary `json:"stage_summary"`
	SleepNeeded                SleepNeeded  `json:"sleep_needed"`
	RespiratoryRate            float64      `json:"respiratory_rate"`
	SleepPerformancePercentage float64      `json:"sleep_performance_percentage"`
	SleepConsistencyPercentage float64      `json:"sleep_consistency_percentage"`
	SleepEfficiencyPercentage  float64      `json:"sleep_efficiency_percentage"`
}

// StageSummary holds stage totals in milliseconds.
type StageSummary struct {
	TotalInBedTimeMilli         int64 `json:"total_in_bed_time_milli"`
	TotalAwakeTimeMilli         int64 `json:"total_awake_time_milli"`
	TotalNoDataTimeMilli        int64 `json:"total_no_data_time_milli"`
	TotalLightSleepTimeMilli    int64 `json:"total_light_sleep_time_milli"`
	TotalSlowWaveSleepTimeMilli int64 `json:"total_slow_wave_sleep_time_milli"`
	TotalREMSleepTimeMilli      int64 `json:"total_rem_sleep_time_milli"`
	SleepCycleCount             int   `json:"sleep_cycle_count"`
	DisturbanceCount            int   `json:"disturbance_count"`
}

// SleepNeeded splits the sleep need in milliseconds; the nap part is
// negative.
type SleepNeeded struct {
	BaselineMilli             int64 `json:"baseline_milli"`
	NeedFromSleepDebtMilli    int64 `json:"need_from_sleep_debt_milli"`
	NeedFromRecentStrainMilli int64 `json:"need_from_recent_strain_milli"`
	NeedFromRecentNapMilli    int64 `json:"need_from_recent_nap_milli"`
}

// Recovery is the morning recovery of a cycle.
type Recovery struct {
	CycleID    int64          `json:"cycle_id"`
	SleepID    string         `json:"sleep_id"`
	UserID     int64          `json:"user_id"`
	CreatedAt  Time           `json:"created_at"`
	UpdatedAt  Time           `json:"updated_at"`
	ScoreState string         `json:"score_state"`
	Score      *RecoveryScore `json:"score,omitempty"`
}

// RecoveryScore is the scored part of a recovery.
type RecoveryScore struct {
	UserCalibrating  bool    `json:"user_calibrating"`
	RecoveryScore    float64 `json:"recovery_score"`
	RestingHeartRate float64 `json:"resting_heart_rate"`
	HRVRMSSDMilli    float64 `json:"hrv_rmssd_milli"`
	SpO2Percentage   float64 `json:"spo2_percentage"`
	SkinTempCelsius  float64 `json:"skin_temp_celsius"`
}

// Workout is one activity (v2: UUID id, with legacy v1_id and sport_id).
type Workout struct {
	ID             string        `json:"id"`
	V1ID           int64         `json:"v1_id"`
	UserID         int64         `json:"user_id"`
	CreatedAt      Time          `json:"created_at"`
	UpdatedAt      Time          `json:"updated_at"`
	Start          Time          `json:"start"`
	End            Time          `json:"end"`
	TimezoneOffset string        `json:"timezone_offset"`
	SportName      string        `json:"sport_name"`
	ScoreState     string        `json:"score_state"`
	Score          *WorkoutScore `json:"score,omitempty"`
	SportID        int           `json:"sport_id"`
}

// WorkoutScore is the scored part of a workout.
type WorkoutScore struct {
	Strain              float64       `json:"strain"`
	AverageHeartRate    int           `json:"average_heart_rate"`
	MaxHeartRate        int           `json:"max_heart_rate"`
	Kilojoule           float64       `json:"kilojoule"`
	PercentRecorded     float64       `json:"percent_recorded"`
	DistanceMeter       float64       `json:"distance_meter"`
	AltitudeGainMeter   float64       `json:"altitude_gain_meter"`
	AltitudeChangeMeter float64       `json:"altitude_change_meter"`
	ZoneDurations       ZoneDurations `json:"zone_durations"`
}

// ZoneDurations is time per heart-rate zone in milliseconds.
type ZoneDurations struct {
	ZoneZeroMilli  int64 `json:"zone_zero_milli"`
	ZoneOneMilli   int64 `json:"zone_one_milli"`
	ZoneTwoMilli   int64 `json:"zone_two_milli"`
	ZoneThreeMilli int64 `json:"zone_three_milli"`
	ZoneFourMilli  int64 `json:"zone_four_milli"`
	ZoneFiveMilli  int64 `json:"zone_five_milli"`
}

// Page is a collection response: {"records": [...], "next_token": ...}.
// NextToken is null on the last page.
type Page[T any] struct {
	Records   []T     `json:"records"`
	NextToken *string `json:"next_token"`
}

// TokenResponse is the OAuth token endpoint's answer.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
	TokenType    string `json:"token_type"`
}

// WebhookEvent is a v2 webhook body.
type WebhookEvent struct {
	UserID  int64  `json:"user_id"`
	ID      string `json:"id"`
	Type    string `json:"type"`
	TraceID string `json:"trace_id"`
}
