package sdk

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/go-json-experiment/json"
	"github.com/go-json-experiment/json/jsontext"
)

// SyncRequest is the body of POST /api/v1/sdk/users/{id}/sync, as the
// Open Wearables SDKs send it: Apple HealthKit (provider "apple"), Samsung
// Health ("samsung") and Health Connect ("google") share one shape.
// Members this package does not read are ignored, as Open Wearables does
// (the SDKs add fields over time); the ones it reads are checked.
type SyncRequest struct {
	Provider      string    `json:"provider"`
	SDKVersion    string    `json:"sdkVersion"`
	SyncTimestamp time.Time `json:"syncTimestamp"`
	// SyncSessionID is stable across the batches of one historical
	// export; SyncType is "historical" or "live".
	SyncSessionID *string  `json:"syncSessionId"`
	SyncType      *string  `json:"syncType"`
	Data          SyncData `json:"data"`
}

// SyncData holds a batch's records.
type SyncData struct {
	Records  []MetricRecord  `json:"records"`
	Sleep    []SleepRecord   `json:"sleep"`
	Workouts []WorkoutRecord `json:"workouts"`
}

// Source is the writing app and device of a record.
type Source struct {
	AppID                 *string `json:"appId"`
	Name                  *string `json:"name"`
	BundleIdentifier      *string `json:"bundleIdentifier"`
	Version               *string `json:"version"`
	ProductType           *string `json:"productType"`
	DeviceID              *string `json:"deviceId"`
	DeviceName            *string `json:"deviceName"`
	DeviceManufacturer    *string `json:"deviceManufacturer"`
	DeviceType            *string `json:"deviceType"`
	DeviceModel           *string `json:"deviceModel"`
	DeviceHardwareVersion *string `json:"deviceHardwareVersion"`
	DeviceSoftwareVersion *string `json:"deviceSoftwareVersion"`
	RecordingMethod       *string `json:"recordingMethod"`
}

// MetricRecord is one quantity sample.
type MetricRecord struct {
	ID         *string   `json:"id"`
	ParentID   *string   `json:"parentId"`
	Type       *string   `json:"type"`
	StartDate  time.Time `json:"startDate"`
	EndDate    time.Time `json:"endDate"`
	ZoneOffset *string   `json:"zoneOffset"`
	Source     *Source   `json:"source"`
	Value      *Number   `json:"value"`
	Unit       *string   `json:"unit"`
}

// SleepRecord is one sleep stage fragment.
type SleepRecord struct {
	ID         *string   `json:"id"`
	ParentID   *string   `json:"parentId"`
	Stage      string    `json:"stage"`
	StartDate  time.Time `json:"startDate"`
	EndDate    time.Time `json:"endDate"`
	ZoneOffset *string   `json:"zoneOffset"`
	Source     *Source   `json:"source"`
}

// WorkoutRecord is one workout with its statistics.
type WorkoutRecord struct {
	ID         *string            `json:"id"`
	ParentID   *string            `json:"parentId"`
	Type       *string            `json:"type"`
	StartDate  time.Time          `json:"startDate"`
	EndDate    time.Time          `json:"endDate"`
	ZoneOffset *string            `json:"zoneOffset"`
	Source     *Source            `json:"source"`
	Title      *string            `json:"title"`
	Values     []WorkoutStatistic `json:"values"`
}

// WorkoutStatistic is one total of a workout (duration, calories,
// distance, heart rate, …).
type WorkoutStatistic struct {
	Type  string  `json:"type"`
	Unit  string  `json:"unit"`
	Value *Number `json:"value"`
}

// Number is a JSON number, or a string holding one (the SDKs send
// both), kept as written so no precision is lost before conversion.
type Number struct{ Text string }

// UnmarshalJSON accepts 12.5 and "12.5"; anything else, NaN and
// infinities included, is an error.
func (n *Number) UnmarshalJSON(b []byte) error {
	s := string(b)
	if strings.HasPrefix(s, `"`) {
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return fmt.Errorf("%s is not a finite number", b)
	}
	n.Text = strings.TrimSpace(s)
	return nil
}

// Float is the number's value.
func (n Number) Float() float64 { v, _ := strconv.ParseFloat(n.Text, 64); return v }

// PayloadError is a sync body that cannot be stored: Path names the
// member at fault ("data.records[3].startDate"), Offset the byte offset
// in the body where the decoder found it (-1 when it was found after
// decoding).
type PayloadError struct {
	Path   string
	Offset int64
	Msg    string
}

func (e *PayloadError) Error() string {
	at := ""
	if e.Offset >= 0 {
		at = fmt.Sprintf(" (byte %d)", e.Offset)
	}
	if e.Path == "" {
		return "sync payload" + at + ": " + e.Msg
	}
	return fmt.Sprintf("sync payload: %s%s: %s", e.Path, at, e.Msg)
}

// DecodeSyncRequest reads and checks a sync body: malformed JSON, a
// member of the wrong type, a missing required member, an unknown
// provider or sync type, a date that does not parse or ends before it
// starts, a zone offset that is not ±HH:MM — each is a *PayloadError
// naming where. A body that decodes is safe to map.
func DecodeSyncRequest(r io.Reader) (*SyncRequest, error) {
	var req SyncRequest
	dec := jsontext.NewDecoder(r)
	if err := json.UnmarshalDecode(dec, &req); err != nil {
		return nil, decodeError(err)
	}
	if _, err := dec.ReadToken(); !errors.Is(err, io.EOF) {
		return nil, &PayloadError{Offset: dec.InputOffset(), Msg: "unexpected data after the JSON value"}
	}
	if err := req.validate(); err != nil {
		return nil, err
	}
	return &req, nil
}

// decodeError turns the decoder's error into a PayloadError.
func decodeError(err error) error {
	var se *json.SemanticError
	if errors.As(err, &se) {
		msg := "wrong type"
		if se.Err != nil {
			msg = se.Err.Error()
		} else if se.JSONKind != 0 && se.GoType != nil {
			msg = fmt.Sprintf("cannot hold a JSON %s", se.JSONKind)
		}
		return &PayloadError{Path: pointerPath(string(se.JSONPointer)), Offset: se.ByteOffset, Msg: msg}
	}
	var syn *jsontext.SyntacticError
	if errors.As(err, &syn) {
		return &PayloadError{Path: pointerPath(string(syn.JSONPointer)), Offset: syn.ByteOffset, Msg: "malformed JSON: " + syn.Err.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return &PayloadError{Offset: -1, Msg: "the body ends before the JSON value does"}
	}
	return &PayloadError{Offset: -1, Msg: err.Error()}
}

// pointerPath writes a JSON pointer ("/data/records/3/value") the way
// the error messages name members ("data.records[3].value").
func pointerPath(p string) string {
	var b bytes.Buffer
	for _, tok := range strings.Split(strings.TrimPrefix(p, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		if _, err := strconv.Atoi(tok); err == nil {
			fmt.Fprintf(&b, "[%s]", tok)
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// Providers of SDK data.
const (
	ProviderApple   = "apple"
	ProviderSamsung = "samsung"
	ProviderGoogle  = "google" // Health Connect
)

func (r *SyncRequest) validate() error {
	bad := func(path, format string, args ...any) error {
		return &PayloadError{Path: path, Offset: -1, Msg: fmt.Sprintf(format, args...)}
	}
	switch r.Provider {
	case ProviderApple, ProviderSamsung, ProviderGoogle:
	case "":
		return bad("provider", "required (apple, samsung or google)")
	default:
		return bad("provider", "%q is not apple, samsung or google", r.Provider)
	}
	if r.SDKVersion == "" {
		return bad("sdkVersion", "required")
	}
	if r.SyncTimestamp.IsZero() {
		return bad("syncTimestamp", "required")
	}
	if r.SyncType != nil && *r.SyncType != "historical" && *r.SyncType != "live" {
		return bad("syncType", "%q is not historical or live", *r.SyncType)
	}
	for i, m := range r.Data.Records {
		p := fmt.Sprintf("data.records[%d]", i)
		if err := span(p, m.StartDate, m.EndDate, m.ZoneOffset); err != nil {
			return err
		}
		if m.Value == nil {
			return bad(p+".value", "required")
		}
		if m.Unit == nil {
			return bad(p+".unit", "required")
		}
	}
	for i, s := range r.Data.Sleep {
		p := fmt.Sprintf("data.sleep[%d]", i)
		if err := span(p, s.StartDate, s.EndDate, s.ZoneOffset); err != nil {
			return err
		}
		if _, ok := sleepStage(s.Stage); !ok {
			return bad(p+".stage", "%q is not a sleep stage (in_bed, sleeping, awake, light, deep, rem, unknown)", s.Stage)
		}
	}
	for i, w := range r.Data.Workouts {
		p := fmt.Sprintf("data.workouts[%d]", i)
		if err := span(p, w.StartDate, w.EndDate, w.ZoneOffset); err != nil {
			return err
		}
		for j, v := range w.Values {
			if v.Value == nil {
				return bad(fmt.Sprintf("%s.values[%d].value", p, j), "required")
			}
		}
	}
	return nil
}

// span checks a record's dates and zone offset.
func span(path string, start, end time.Time, zone *string) error {
	switch {
	case start.IsZero():
		return &PayloadError{Path: path + ".startDate", Offset: -1, Msg: "required"}
	case end.IsZero():
		return &PayloadError{Path: path + ".endDate", Offset: -1, Msg: "required"}
	case end.Before(start):
		return &PayloadError{Path: path + ".endDate", Offset: -1, Msg: "before startDate"}
	}
	if zone != nil {
		if _, err := ParseZoneOffset(*zone); err != nil {
			return &PayloadError{Path: path + ".zoneOffset", Offset: -1, Msg: err.Error()}
		}
	}
	return nil
}

// ParseZoneOffset reads "+01:00", "-08:00", "+0530" or "Z" as seconds
// east of UTC.
func ParseZoneOffset(s string) (int32, error) {
	if s == "Z" {
		return 0, nil
	}
	t, err := time.Parse("-07:00", s)
	if err != nil {
		if t, err = time.Parse("-0700", s); err != nil {
			return 0, fmt.Errorf("%q is not a UTC offset like +01:00", s)
		}
	}
	_, off := t.Zone()
	return int32(off), nil
}
