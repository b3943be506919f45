package apple

import (
	"strconv"
	"time"
)

// Element is one top-level element of an export: *Record, *Correlation,
// *Workout, *ActivitySummary, *Me or *ExportDate.
type Element interface{ element() }

// Record is a <Record>: one HealthKit sample, a quantity (Value is a
// number in Unit) or a category (Value names the category, e.g.
// HKCategoryValueSleepAnalysisAsleepCore).
type Record struct {
	Type          string `xml:"type,attr"`
	SourceName    string `xml:"sourceName,attr"`
	SourceVersion string `xml:"sourceVersion,attr"`
	// Device is HealthKit's description of the device that measured it
	// ("<<HKDevice: 0x…>, name:Apple Watch, …>"), empty when the writing
	// app gave none; see ParseDevice.
	Device       string          `xml:"device,attr"`
	Unit         string          `xml:"unit,attr"`
	Value        string          `xml:"value,attr"`
	CreationDate Time            `xml:"creationDate,attr"`
	StartDate    Time            `xml:"startDate,attr"`
	EndDate      Time            `xml:"endDate,attr"`
	Metadata     []MetadataEntry `xml:"MetadataEntry"`
	// Beats are a heart-rate-variability record's instantaneous
	// heart rates (HeartRateVariabilityMetadataList).
	Beats []InstantaneousBPM `xml:"HeartRateVariabilityMetadataList>InstantaneousBeatsPerMinute"`
	// Offset is the byte offset of the element in the export.
	Offset int64 `xml:"-"`
}

// Number is the record's value as a number, for quantity records.
func (r *Record) Number() (float64, error) { return strconv.ParseFloat(r.Value, 64) }

// MetadataEntry is a key/value pair HealthKit attached to a sample.
type MetadataEntry struct {
	Key   string `xml:"key,attr"`
	Value string `xml:"value,attr"`
}

// InstantaneousBPM is one beat-to-beat heart rate of an HRV record; Time
// is the local wall-clock time Apple writes ("1:59:59.12 AM").
type InstantaneousBPM struct {
	BPM  string `xml:"bpm,attr"`
	Time string `xml:"time,attr"`
}

// Correlation is a <Correlation> grouping records taken together: blood
// pressure (systolic and diastolic), food.
type Correlation struct {
	Type          string          `xml:"type,attr"`
	SourceName    string          `xml:"sourceName,attr"`
	SourceVersion string          `xml:"sourceVersion,attr"`
	Device        string          `xml:"device,attr"`
	CreationDate  Time            `xml:"creationDate,attr"`
	StartDate     Time            `xml:"startDate,attr"`
	EndDate       Time            `xml:"endDate,attr"`
	Metadata      []MetadataEntry `xml:"MetadataEntry"`
	Records       []Record        `xml:"Record"`
	Offset        int64           `xml:"-"`
}

// Workout is a <Workout> with its events, statistics and routes.
// Exports before iOS 16 carry the totals as attributes; later ones as
// WorkoutStatistics.
type Workout struct {
	ActivityType          string              `xml:"workoutActivityType,attr"`
	Duration              string              `xml:"duration,attr"`
	DurationUnit          string              `xml:"durationUnit,attr"`
	TotalDistance         string              `xml:"totalDistance,attr"`
	TotalDistanceUnit     string              `xml:"totalDistanceUnit,attr"`
	TotalEnergyBurned     string              `xml:"totalEnergyBurned,attr"`
	TotalEnergyBurnedUnit string              `xml:"totalEnergyBurnedUnit,attr"`
	SourceName            string              `xml:"sourceName,attr"`
	SourceVersion         string              `xml:"sourceVersion,attr"`
	Device                string              `xml:"device,attr"`
	CreationDate          Time                `xml:"creationDate,attr"`
	StartDate             Time                `xml:"startDate,attr"`
	EndDate               Time                `xml:"endDate,attr"`
	Metadata              []MetadataEntry     `xml:"MetadataEntry"`
	Events                []WorkoutEvent      `xml:"WorkoutEvent"`
	Statistics            []WorkoutStatistics `xml:"WorkoutStatistics"`
	Routes                []WorkoutRoute      `xml:"WorkoutRoute"`
	Offset                int64               `xml:"-"`
}

// WorkoutEvent is a pause, resume, lap, segment or marker.
type WorkoutEvent struct {
	Type         string `xml:"type,attr"`
	Date         Time   `xml:"date,attr"`
	Duration     string `xml:"duration,attr"`
	DurationUnit string `xml:"durationUnit,attr"`
}

// WorkoutStatistics is one quantity over a workout (energy, distance,
// heart rate): its sum, or its average, minimum and maximum.
type WorkoutStatistics struct {
	Type      string `xml:"type,attr"`
	StartDate Time   `xml:"startDate,attr"`
	EndDate   Time   `xml:"endDate,attr"`
	Average   string `xml:"average,attr"`
	Minimum   string `xml:"minimum,attr"`
	Maximum   string `xml:"maximum,attr"`
	Sum       string `xml:"sum,attr"`
	Unit      string `xml:"unit,attr"`
}

// WorkoutRoute names the GPX file of a workout's route inside the
// archive (workout-routes/…).
type WorkoutRoute struct {
	SourceName string          `xml:"sourceName,attr"`
	Files      []FileReference `xml:"FileReference"`
}

// FileReference is a path inside the export archive.
type FileReference struct {
	Path string `xml:"path,attr"`
}

// ActivitySummary is a day's Activity rings.
type ActivitySummary struct {
	Date                   string `xml:"dateComponents,attr"` // YYYY-MM-DD, the local day
	ActiveEnergyBurned     string `xml:"activeEnergyBurned,attr"`
	ActiveEnergyBurnedGoal string `xml:"activeEnergyBurnedGoal,attr"`
	ActiveEnergyBurnedUnit string `xml:"activeEnergyBurnedUnit,attr"`
	AppleMoveTime          string `xml:"appleMoveTime,attr"`
	AppleMoveTimeGoal      string `xml:"appleMoveTimeGoal,attr"`
	AppleExerciseTime      string `xml:"appleExerciseTime,attr"`
	AppleExerciseTimeGoal  string `xml:"appleExerciseTimeGoal,attr"`
	AppleStandHours        string `xml:"appleStandHours,attr"`
	AppleStandHoursGoal    string `xml:"appleStandHoursGoal,attr"`
	Offset                 int64  `xml:"-"`
}

// Me is the <Me> element: the person's characteristics.
type Me struct {
	DateOfBirth   string `xml:"HKCharacteristicTypeIdentifierDateOfBirth,attr"`
	BiologicalSex string `xml:"HKCharacteristicTypeIdentifierBiologicalSex,attr"`
	BloodType     string `xml:"HKCharacteristicTypeIdentifierBloodType,attr"`
	SkinType      string `xml:"HKCharacteristicTypeIdentifierFitzpatrickSkinType,attr"`
}

// ExportDate is when the export was made.
type ExportDate struct {
	Value Time `xml:"value,attr"`
}

func (*Record) element()          {}
func (*Correlation) element()     {}
func (*Workout) element()         {}
func (*ActivitySummary) element() {}
func (*Me) element()              {}
func (*ExportDate) element()      {}

// Time is an export's timestamp: local wall time with its UTC offset,
// "2024-03-10 01:59:59 -0800". The offset is kept (time.FixedZone), so a
// sample keeps the zone it was recorded in across a DST change.
type Time struct{ time.Time }
