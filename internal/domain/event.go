package domain

import "time"

// EventCategory separates the kinds of time-bounded sessions.
type EventCategory string

// Event categories.
const (
	CategorySleep   EventCategory = "sleep"
	CategoryWorkout EventCategory = "workout"
)

// Event is a time-bounded session: a sleep or a workout. Category-specific
// fields live in Sleep or Workout; exactly one of them is set.
type Event struct {
	RecordMeta
	Category EventCategory
	// Type is the unified workout type (e.g. "running") or "sleep_session".
	Type       string
	StartTime  time.Time
	EndTime    time.Time
	ZoneOffset ZoneOffset
	Sleep      *SleepDetails
	Workout    *WorkoutDetails
}

// SleepStage names a hypnogram stage, as Open Wearables spells them.
type SleepStage string

// Sleep stages.
const (
	StageInBed    SleepStage = "in_bed"
	StageAwake    SleepStage = "awake"
	StageSleeping SleepStage = "sleeping"
	StageLight    SleepStage = "light"
	StageDeep     SleepStage = "deep"
	StageREM      SleepStage = "rem"
	StageUnknown  SleepStage = "unknown"
)

// StageInterval is one run of a single stage in a hypnogram.
type StageInterval struct {
	Stage SleepStage `json:"stage"`
	Start time.Time  `json:"start_time"`
	End   time.Time  `json:"end_time"`
}

// SleepDetails are the measurements of one sleep session. Durations are in
// seconds so no precision is lost before the API rounds to minutes.
type SleepDetails struct {
	IsNap              bool            `json:"is_nap"`
	TotalSleepSeconds  *int64          `json:"total_sleep_seconds,omitempty"`
	TimeInBedSeconds   *int64          `json:"time_in_bed_seconds,omitempty"`
	AwakeSeconds       *int64          `json:"awake_seconds,omitempty"`
	LightSeconds       *int64          `json:"light_seconds,omitempty"`
	DeepSeconds        *int64          `json:"deep_seconds,omitempty"`
	REMSeconds         *int64          `json:"rem_seconds,omitempty"`
	NoDataSeconds      *int64          `json:"no_data_seconds,omitempty"`
	LatencySeconds     *int64          `json:"latency_seconds,omitempty"`
	EfficiencyPercent  *float64        `json:"efficiency_percent,omitempty"`
	AvgHeartRate       *float64        `json:"avg_heart_rate,omitempty"`
	MinHeartRate       *float64        `json:"min_heart_rate,omitempty"`
	AvgHRVRMSSD        *float64        `json:"avg_hrv_rmssd,omitempty"`
	AvgRespiratoryRate *float64        `json:"avg_respiratory_rate,omitempty"`
	WakeUpCount        *int            `json:"wake_up_count,omitempty"`
	DisturbanceCount   *int            `json:"disturbance_count,omitempty"`
	SleepCycleCount    *int            `json:"sleep_cycle_count,omitempty"`
	SleepNeedSeconds   *int64          `json:"sleep_need_seconds,omitempty"`
	PerformancePercent *float64        `json:"performance_percent,omitempty"`
	ConsistencyPercent *float64        `json:"consistency_percent,omitempty"`
	Stages             []StageInterval `json:"stages,omitempty"`
	// Hypnogram holds the stages instead of Stages for reads that asked
	// for the compact form (see Hypnogram); never stored from here.
	Hypnogram           Hypnogram      `json:"-"`
	ProviderSleepType   *string        `json:"provider_sleep_type,omitempty"`
	ProviderScoreState  *string        `json:"provider_score_state,omitempty"`
	ProviderExtraFields map[string]any `json:"extra,omitempty"`
}

// HRZone is time spent in one heart-rate zone.
type HRZone struct {
	Zone    int   `json:"zone"`
	Seconds int64 `json:"seconds"`
}

// WorkoutDetails are the measurements of one workout.
type WorkoutDetails struct {
	Name                *string        `json:"name,omitempty"`
	EnergyKcal          *float64       `json:"energy_kcal,omitempty"`
	DistanceMeters      *float64       `json:"distance_meters,omitempty"`
	AvgHeartRate        *float64       `json:"avg_heart_rate,omitempty"`
	MaxHeartRate        *float64       `json:"max_heart_rate,omitempty"`
	MinHeartRate        *float64       `json:"min_heart_rate,omitempty"`
	ElevationGainMeters *float64       `json:"elevation_gain_meters,omitempty"`
	AltitudeChange      *float64       `json:"altitude_change_meters,omitempty"`
	Steps               *int64         `json:"steps,omitempty"`
	MovingSeconds       *int64         `json:"moving_seconds,omitempty"`
	PercentRecorded     *float64       `json:"percent_recorded,omitempty"`
	Strain              *float64       `json:"strain,omitempty"`
	Intensity           *string        `json:"intensity,omitempty"`
	HRZones             []HRZone       `json:"hr_zones,omitempty"`
	ProviderScoreState  *string        `json:"provider_score_state,omitempty"`
	ProviderExtraFields map[string]any `json:"extra,omitempty"`
}

// Duration is the wall-clock length of the event.
func (e Event) Duration() time.Duration { return e.EndTime.Sub(e.StartTime) }
