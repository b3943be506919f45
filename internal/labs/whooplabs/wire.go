package whooplabs

import "time"

// Requisition is a lab order WHOOP created: its service requests (one lab
// test each), the patient and the sample collection appointments.
type Requisition struct {
	ID              string           `json:"id"`
	CreatedAt       time.Time        `json:"created_at"`
	UpdatedAt       time.Time        `json:"updated_at"`
	ServiceRequests []ServiceRequest `json:"service_requests"`
	Patient         Patient          `json:"patient"`
	Appointments    []Appointment    `json:"appointments"`
}

// ServiceRequest is one FHIR-style lab test order.
type ServiceRequest struct {
	ID                 string  `json:"id"`
	Status             string  `json:"status"`
	Intent             string  `json:"intent"`
	Code               string  `json:"code"`
	TaskBusinessStatus *string `json:"task_business_status,omitempty"`
	TaskDescription    *string `json:"task_description,omitempty"`
}

// Patient is the member a requisition is for: WHOOP's id plus whatever
// partner-specific details WHOOP shares with this partner.
type Patient struct {
	ID        string  `json:"id"`
	FirstName *string `json:"first_name,omitempty"`
	LastName  *string `json:"last_name,omitempty"`
	BirthDate *string `json:"birth_date,omitempty"`
	Email     *string `json:"email,omitempty"`
}

// Appointment is a sample collection slot for some service requests.
type Appointment struct {
	ServiceRequestIDs []string  `json:"service_request_ids"`
	StartTime         time.Time `json:"start_time"`
	SlotID            *string   `json:"slot_id,omitempty"`
	CollectionAddress *Address  `json:"collection_address,omitempty"`
}

// Address is where a sample is collected.
type Address struct {
	Building string  `json:"building"`
	Area     string  `json:"area"`
	Emirate  string  `json:"emirate"`
	Landmark *string `json:"landmark,omitempty"`
	FlatNo   *string `json:"flat_no,omitempty"`
}

// StatusUpdate sets the task business status of service requests
// (e.g. ORDER_CONFIRMED, FULL_RESULTS_READY), optionally with a reason.
type StatusUpdate struct {
	TaskBusinessStatus string  `json:"task_business_status"`
	Reason             *string `json:"reason,omitempty"`
}

// DiagnosticReport is the results of one service request.
type DiagnosticReport struct {
	Status       string        `json:"status"`
	Observations []Observation `json:"observations,omitempty"`
}

// Observation is one measured result: a number with a unit or a text.
type Observation struct {
	Code         string   `json:"code"`
	ValueNumeric *float64 `json:"value_numeric,omitempty"`
	ValueText    *string  `json:"value_text,omitempty"`
	Unit         *string  `json:"unit,omitempty"`
	Status       *string  `json:"status,omitempty"`
}

// CreatedReport is WHOOP's answer to a created diagnostic report; ID is
// empty when WHOOP answers 201 without a body.
type CreatedReport struct {
	ID string `json:"id,omitempty"`
}

// tokenRequest and tokenResponse are POST /v2/partner/token.
type tokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope,omitempty"`
	GrantType    string `json:"grant_type,omitempty"`
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	TokenType   string `json:"token_type"`
}
