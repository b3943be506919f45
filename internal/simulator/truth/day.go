package truth

import "time"

// Day is one local calendar day of a person with its daily aggregates and
// the Oura daily scores. It becomes visible when the night that ends on it
// has been uploaded, and stays PENDING_SCORE until the day is over (activity
// is still accumulating); after that its values are final.
type Day struct {
	// Index counts days from the first generated day (0).
	Index int
	// Date is the local date, "2006-01-02".
	Date string
	// Start and End are the local midnights bounding the day. A day with a
	// UTC offset change is 23 or 25 hours long.
	Start, End time.Time
	Offset     string

	Steps int
	// EnergyKJ is total energy (basal + active); ActiveKJ the active part.
	EnergyKJ, ActiveKJ float64
	// WalkingDistanceM is the distance equivalent of the steps.
	WalkingDistanceM float64
	// Time by activity level (by minute MET: high ≥ 6, medium ≥ 3, low ≥
	// 1.5, sedentary below while awake, resting while asleep).
	HighActivity, MediumActivity, LowActivity, Sedentary, Resting time.Duration
	// InactivityAlerts counts daytime hours (08–20) without movement.
	InactivityAlerts int
	// Workouts is the number of workouts started on the day.
	Workouts int

	// Night values from the main sleep that ends on this day.
	RestingHR          int
	HRV                float64
	SpO2               float64
	RespiratoryRate    float64
	SkinTempDeviationC float64
	// TempTrendDeviationC is the 3-day weighted deviation Oura reports.
	TempTrendDeviationC float64
	// MainSleepID is the id of the night's main sleep.
	MainSleepID string

	Oura OuraScores

	Meta
	life lifecycle
}

// OuraScores are Oura's daily scores; contributors are 1–100.
type OuraScores struct {
	Sleep                 int
	SleepContributors     OuraSleepContributors
	Readiness             int
	ReadinessContributors OuraReadinessContributors
	Activity              int
	ActivityContributors  OuraActivityContributors
	// Targets used by the activity score.
	TargetKJ     float64
	TargetMeters float64
}

// OuraSleepContributors mirror daily_sleep.contributors (seed 002).
type OuraSleepContributors struct {
	DeepSleep, Efficiency, Latency, REMSleep, Restfulness, Timing, TotalSleep int
}

// OuraReadinessContributors mirror daily_readiness.contributors (seed 002).
type OuraReadinessContributors struct {
	ActivityBalance, BodyTemperature, HRVBalance, PreviousDayActivity,
	PreviousNight, RecoveryIndex, RestingHeartRate, SleepBalance int
}

// OuraActivityContributors mirror daily_activity.contributors (seed 002).
type OuraActivityContributors struct {
	MeetDailyTargets, MoveEveryHour, RecoveryTime, StayActive,
	TrainingFrequency, TrainingVolume int
}
