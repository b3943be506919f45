package withings

// MeasureBody is the body of POST /measure action=getmeas.
type MeasureBody struct {
	// UpdateTime is the server time of the answer, to pass back as
	// lastupdate. The seed types it as a string, but the live API sends a
	// Unix timestamp number and every client library reads a number, so the
	// simulator sends a number: a connector that only accepts the seed's
	// string would break in production.
	UpdateTime int64 `json:"updatetime"`
	// Timezone is the user's IANA zone.
	Timezone    string         `json:"timezone"`
	MeasureGrps []MeasureGroup `json:"measuregrps"`
	// More is an integer here (1 when another page exists), unlike the
	// boolean "more" of the v2 services.
	More   int `json:"more"`
	Offset int `json:"offset"`
}

// MeasureGroup is the set of measures taken at one instant by one device
// (seed measuregrp_object). Updates and deletions apply to the whole group.
type MeasureGroup struct {
	GrpID int64 `json:"grpid"`
	// Attrib: 0/8 device and unambiguous, 1 ambiguous, 2 manual, 4 manual
	// at account creation, 5 BPM auto, 7 confirmed, 15 guided conditions.
	Attrib   int   `json:"attrib"`
	Date     int64 `json:"date"`
	Created  int64 `json:"created"`
	Modified int64 `json:"modified"`
	// Category is 1 for real measures and 2 for user objectives.
	Category int `json:"category"`
	// DeviceID and HashDeviceID are null for manual entries.
	DeviceID     *string   `json:"deviceid"`
	HashDeviceID *string   `json:"hash_deviceid"`
	Measures     []Measure `json:"measures"`
	Model        *string   `json:"model"`
	ModelID      *int      `json:"model_id"`
	// Comment is deprecated and "will always be empty" (seed): null.
	Comment *string `json:"comment"`
	// Timezone is not in the seed's measuregrp_object but the live API
	// sends it per group (the body-level timezone is the user's current
	// one); the simulator sends it because a group taken before a timezone
	// change must keep its own zone.
	Timezone string `json:"timezone,omitempty"`
}

// Measure is one value of a group: the real value is Value × 10^Unit.
type Measure struct {
	Value int64 `json:"value"`
	// Type is the meastype code (1 weight, 9 diastolic, …).
	Type int `json:"type"`
	Unit int `json:"unit"`
	// Algo and FM are deprecated in the seed; the live API still sends
	// them, so they are sent as zero.
	Algo int `json:"algo"`
	FM   int `json:"fm"`
	// Position is where the device was worn (seed table); only sent when it
	// is known, e.g. the arm of a blood-pressure cuff.
	Position *int `json:"position,omitempty"`
}

// Real returns Value × 10^Unit.
func (m Measure) Real() float64 { return fromFixed(m.Value, m.Unit) }
