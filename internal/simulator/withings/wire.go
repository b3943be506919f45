package withings

// Wire types shared by every service: the response envelope, OAuth,
// notification profiles and devices. Field names and JSON types follow the
// Withings OpenAPI seed (seed 003); where the seed contradicts the
// behaviour of the live API, the comment on the field says which one wins
// and why.

// Response is the envelope of every API answer. Withings answers HTTP 200
// even on errors; Status is 0 on success and one of the documented codes
// otherwise (see status.go).
type Response[T any] struct {
	Status int `json:"status"`
	Body   T   `json:"body"`
	// Error is a human-readable message the live API adds to failed
	// answers. It is not in the seed's envelope schema, so it is omitted on
	// success and a client must not depend on its wording.
	Error string `json:"error,omitempty"`
}

// Empty is the body of answers without content ("properties: []" in the
// seed): notify subscribe, update and revoke, and every error.
type Empty struct{}

// TokenBody is the body of POST /v2/oauth2 action=requesttoken.
type TokenBody struct {
	// UserID is the Withings user id; the seed types it as an integer.
	UserID       int64  `json:"userid"`
	AccessToken  string `json:"access_token"`
	RefreshToken string `json:"refresh_token"`
	// ExpiresIn is the access-token lifetime in seconds (10800).
	ExpiresIn int `json:"expires_in"`
	// Scope is the comma-separated list of scopes the user granted.
	Scope string `json:"scope"`
	// CSRFToken appears in the seed's response schema without a
	// description; the simulator fills it with a random token.
	CSRFToken string `json:"csrf_token,omitempty"`
	TokenType string `json:"token_type"`
}

// NotifyProfile is one notification subscription (seed notify_object); it
// is also the body of notify get.
type NotifyProfile struct {
	Appli       int    `json:"appli"`
	CallbackURL string `json:"callbackurl"`
	Comment     string `json:"comment"`
}

// NotifyListBody is the body of notify list.
type NotifyListBody struct {
	Profiles []NotifyProfile `json:"profiles"`
}

// Device is one device linked to the user (seed user_device_object).
type Device struct {
	// Type is the device family: "Scale", "Blood Pressure Monitor",
	// "Activity Tracker", "Sleep Monitor", "Smart Connected Thermometer"…
	Type    string `json:"type"`
	Model   string `json:"model"`
	ModelID int    `json:"model_id"`
	// Battery is "high", "medium" or "low".
	Battery  string `json:"battery"`
	DeviceID string `json:"deviceid"`
	// MacAddress, FW, Network and LastUsedNetwork are returned to
	// "advanced partners only" per the seed; a public-API application, which
	// is what the simulator plays, never sees them.
	MacAddress      string `json:"mac_address,omitempty"`
	FW              string `json:"fw,omitempty"`
	Network         string `json:"network,omitempty"`
	LastUsedNetwork string `json:"last_used_network,omitempty"`
	HashDeviceID    string `json:"hash_deviceid"`
	// Timezone is an IANA zone name.
	Timezone         string `json:"timezone"`
	FirstSessionDate int64  `json:"first_session_date"`
	LastSessionDate  int64  `json:"last_session_date"`
	// SimStatus only exists for cellular devices, which the simulator has
	// none of.
	SimStatus string `json:"sim_status,omitempty"`
}

// DevicesBody is the body of user getdevice.
type DevicesBody struct {
	Devices []Device `json:"devices"`
}

// HeartListBody is the body of heart list.
type HeartListBody struct {
	Series []HeartRecord `json:"series"`
	More   bool          `json:"more"`
	Offset int           `json:"offset"`
}

// HeartRecord is one ECG recording (seed heart_measurement_object).
type HeartRecord struct {
	DeviceID string `json:"deviceid"`
	// Model is 44 (BPM Core) or 91 (Move ECG).
	Model int      `json:"model"`
	ECG   HeartECG `json:"ecg"`
	// BloodPressure is present for BPM Core recordings, which measure blood
	// pressure together with the ECG.
	BloodPressure *HeartBloodPressure `json:"bloodpressure,omitempty"`
	// Stetho is in the seed's schema for stethoscope recordings; the
	// simulator has no stethoscope.
	Stetho    *HeartStetho `json:"stetho,omitempty"`
	HeartRate int          `json:"heart_rate"`
	Modified  int64        `json:"modified"`
	Timestamp int64        `json:"timestamp"`
}

// HeartECG identifies the signal and its classification.
type HeartECG struct {
	SignalID int64 `json:"signalid"`
	// Afib is 0 negative, 1 positive, 2 inconclusive.
	Afib int `json:"afib"`
}

// HeartBloodPressure is the cuff reading taken with a BPM Core ECG.
type HeartBloodPressure struct {
	Diastole int `json:"diastole"`
	Systole  int `json:"systole"`
}

// HeartStetho identifies a stethoscope signal.
type HeartStetho struct {
	SignalID int64 `json:"signalid"`
	VHD      int   `json:"vhd"`
}

// HeartSignalBody is the body of heart get: one ECG signal in microvolts.
type HeartSignalBody struct {
	Signal            []int `json:"signal"`
	SamplingFrequency int   `json:"sampling_frequency"`
	// WearPosition: 0 right wrist, 1 left wrist, … 30 hold right, 31 hold
	// left (seed table).
	WearPosition int `json:"wearposition"`
	Model        int `json:"model"`
	HeartRate    int `json:"heart_rate"`
}
