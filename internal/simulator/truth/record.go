package truth

import "time"

// ScoreState is the scoring status of a record as WHOOP names it; the Oura
// and Withings simulators use it to decide whether a record is shown yet.
type ScoreState string

// Score states. A record is PENDING_SCORE from the moment it appears until
// its scoring delay has passed; UNSCORABLE records never get a score.
const (
	Scored       ScoreState = "SCORED"
	PendingScore ScoreState = "PENDING_SCORE"
	Unscorable   ScoreState = "UNSCORABLE"
)

// Meta is the provider-side bookkeeping of a record as seen at the world's
// current time. Queries fill it in; the generated record itself carries the
// full lifecycle (unexported) so that it can be evaluated at any time.
type Meta struct {
	// CreatedAt is when the provider first has the record (its end plus an
	// upload delay).
	CreatedAt time.Time
	// UpdatedAt is the last time the record changed: scoring, closing an
	// open cycle, or CreatedAt if nothing happened since.
	UpdatedAt time.Time
	// State is the score state at Now. Score fields of a record are always
	// filled in the truth; a simulator must hide them unless State is Scored.
	State ScoreState
}

// lifecycle holds the instants at which a record appears, settles (is
// scored or declared unscorable) and is deleted. Making these instants part
// of the generated data keeps the world a pure function of Now.
type lifecycle struct {
	created    time.Time
	settled    time.Time
	deleted    time.Time // zero: never deleted
	unscorable bool
}

// visible reports whether the record can be seen at now.
func (l lifecycle) visible(now time.Time) bool {
	if now.Before(l.created) {
		return false
	}
	return l.deleted.IsZero() || now.Before(l.deleted)
}

// meta evaluates the lifecycle at now.
func (l lifecycle) meta(now time.Time) Meta {
	m := Meta{CreatedAt: l.created, UpdatedAt: l.created, State: PendingScore}
	if now.Before(l.settled) {
		return m
	}
	m.UpdatedAt = l.settled
	m.State = Scored
	if l.unscorable {
		m.State = Unscorable
	}
	return m
}

// Stage is one 30-second epoch of a hypnogram.
type Stage uint8

// Sleep stages. The numeric values are internal; use String for names.
const (
	Awake Stage = iota
	Light
	Deep
	REM
)

// String names the stage in lower case ("awake", "light", "deep", "rem").
func (s Stage) String() string {
	switch s {
	case Light:
		return "light"
	case Deep:
		return "deep"
	case REM:
		return "rem"
	default:
		return "awake"
	}
}

// EpochLength is the length of one hypnogram epoch.
const EpochLength = 30 * time.Second

// Sample is one heart-rate reading.
type Sample struct {
	Time time.Time
	BPM  int
}

// Minute is one minute of activity, computed on demand.
type Minute struct {
	// Start is the first instant of the minute (UTC).
	Start time.Time
	// Steps taken in the minute.
	Steps int
	// EnergyKJ is total energy expenditure (basal + active) in kilojoules.
	EnergyKJ float64
	// ActiveKJ is the part of EnergyKJ above the basal rate.
	ActiveKJ float64
	// MET is the metabolic equivalent of the minute (about 0.9 asleep, 1
	// at rest, above 6 for vigorous exercise).
	MET float64
	// Asleep is true when the minute lies inside a sleep.
	Asleep bool
}

// RecordKind names the kind of record a Change is about.
type RecordKind string

// Record kinds. Recovery ids are the id of the main sleep they belong to
// (WHOOP v2 webhooks do the same); cycle and measurement ids are decimal
// integers; day ids are local dates "2006-01-02".
const (
	KindSleep       RecordKind = "sleep"
	KindWorkout     RecordKind = "workout"
	KindCycle       RecordKind = "cycle"
	KindRecovery    RecordKind = "recovery"
	KindMeasurement RecordKind = "measurement"
	KindDay         RecordKind = "day"
)

// ChangeOp says what happened to a record.
type ChangeOp string

// Change operations. Providers usually send "updated" for creations too;
// the truth keeps them apart so that simulators can choose.
const (
	Created ChangeOp = "created"
	Updated ChangeOp = "updated"
	Deleted ChangeOp = "deleted"
)

// Change is one event produced by Advance.
type Change struct {
	Person *Person
	Kind   RecordKind
	Op     ChangeOp
	// ID identifies the record; see RecordKind for its format per kind.
	ID string
	// At is when the change happened in world time.
	At time.Time
}
