package withings

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// Wire types of the envelope, OAuth, notifications, devices and ECG,
// written from the seed (003). Numbers the seed types inconsistently are
// read leniently (see moreFlag and number) so that a live answer that
// disagrees with the seed's type does not lose a page.

// envelope is every answer: status 0 and a body, or a non-zero status.
// error is the message the live API adds to failures (not in the seed).
type envelope struct {
	Status *int            `json:"status"`
	Body   json.RawMessage `json:"body"`
	Error  string          `json:"error"`
}

// tokenBody is the body of requesttoken (seed oauth2-getaccesstoken).
type tokenBody struct {
	// UserID is an integer in the seed; some clients have seen strings.
	UserID       json.RawMessage `json:"userid"`
	AccessToken  string          `json:"access_token"`
	RefreshToken string          `json:"refresh_token"`
	ExpiresIn    number          `json:"expires_in"`
	Scope        string          `json:"scope"`
	TokenType    string          `json:"token_type"`
}

// notifyProfile is one subscription (seed notify list: profiles[]).
type notifyProfile struct {
	Appli       int    `json:"appli"`
	CallbackURL string `json:"callbackurl"`
	Comment     string `json:"comment"`
}

// notifyList is the body of notify list.
type notifyList struct {
	Profiles []notifyProfile `json:"profiles"`
}

// deviceList is the body of user getdevice; devices are kept raw.
type deviceList struct {
	Devices []json.RawMessage `json:"devices"`
}

// device is one user_device_object.
type device struct {
	Type         string `json:"type"`
	Model        string `json:"model"`
	ModelID      int    `json:"model_id"`
	Battery      string `json:"battery"`
	DeviceID     string `json:"deviceid"`
	HashDeviceID string `json:"hash_deviceid"`
	Timezone     string `json:"timezone"`
}

// heartList is the body of heart list.
type heartList struct {
	Series []json.RawMessage `json:"series"`
	More   moreFlag          `json:"more"`
	Offset number            `json:"offset"`
}

// heartRecord is one heart_measurement_object: an ECG recording.
type heartRecord struct {
	DeviceID string `json:"deviceid"`
	Model    int    `json:"model"`
	ECG      *struct {
		SignalID int64 `json:"signalid"`
		// Afib is 0 negative, 1 positive, 2 inconclusive.
		Afib *int `json:"afib"`
	} `json:"ecg"`
	BloodPressure *struct {
		Diastole *float64 `json:"diastole"`
		Systole  *float64 `json:"systole"`
	} `json:"bloodpressure"`
	HeartRate *float64 `json:"heart_rate"`
	Modified  int64    `json:"modified"`
	Timestamp int64    `json:"timestamp"`
}

// heartSignal is the body of heart get (kept raw; read for its metadata).
type heartSignal struct {
	SamplingFrequency int `json:"sampling_frequency"`
	WearPosition      int `json:"wearposition"`
	Model             int `json:"model"`
	HeartRate         int `json:"heart_rate"`
}

// ecgDoc is wearhouse's ECG document: the recording from heart list and,
// byte for byte, the signal from heart get.
type ecgDoc struct {
	Recording json.RawMessage `json:"recording"`
	Signal    json.RawMessage `json:"signal,omitempty"`
}

// moreFlag is a "more" field: an integer in getmeas (more: 1), a boolean in
// the v2 services.
type moreFlag bool

// UnmarshalJSON accepts true/false, 0/1 and null.
func (f *moreFlag) UnmarshalJSON(b []byte) error {
	switch s := string(bytes.TrimSpace(b)); s {
	case "true", "1", `"1"`, `"true"`:
		*f = true
	case "false", "0", `"0"`, `"false"`, "null", `""`:
		*f = false
	default:
		n, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return err
		}
		*f = n != 0
	}
	return nil
}

// number is an integer the seed types one way and the live API may send
// the other (updatetime is a "string" in the seed, a Unix number live).
type number int64

// UnmarshalJSON accepts a number, a numeric string or null.
func (n *number) UnmarshalJSON(b []byte) error {
	s := string(bytes.Trim(bytes.TrimSpace(b), `"`))
	if s == "" || s == "null" {
		*n = 0
		return nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	*n = number(v)
	return nil
}

// idString renders a JSON id (integer or string) as text.
func idString(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}
