package whoop

// Partner (lab) API wire types, field for field from seed 000's
// requisition, service request, token and diagnostic report samples. The
// patient carries, besides its id, the partner-specific metadata WHOOP's
// partner schema documents (name, birth date, email).

// PartnerTokenRequest is the JSON body of POST /v2/partner/token.
type PartnerTokenRequest struct {
	ClientID     string `json:"client_id"`
	ClientSecret string `json:"client_secret"`
	Scope        string `json:"scope"`
	GrantType    string `json:"grant_type"`
}

// PartnerTokenResponse is its answer.
type PartnerTokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
	TokenType   string `json:"token_type"`
}

// LabRequisition is a lab order with its service requests.
type LabRequisition struct {
	ID              string           `json:"id"`
	CreatedAt       Time             `json:"created_at"`
	UpdatedAt       Time             `json:"updated_at"`
	ServiceRequests []ServiceRequest `json:"service_requests"`
	Patient         Patient          `json:"patient"`
	Appointments    []Appointment    `json:"appointments"`
}

// ServiceRequest is one lab test of a requisition.
type ServiceRequest struct {
	ID                 string `json:"id"`
	Status             string `json:"status"`
	Intent             string `json:"intent"`
	Code               string `json:"code"`
	TaskBusinessStatus string `json:"task_business_status,omitempty"`
	TaskDescription    string `json:"task_description,omitempty"`
}

// Patient is the member the requisition is for.
type Patient struct {
	ID        string `json:"id"`
	FirstName string `json:"first_name,omitempty"`
	LastName  string `json:"last_name,omitempty"`
	BirthDate string `json:"birth_date,omitempty"`
	Email     string `json:"email,omitempty"`
}

// Appointment is a sample collection booking.
type Appointment struct {
	ServiceRequestIDs []string           `json:"service_request_ids"`
	StartTime         Time               `json:"start_time"`
	SlotID            string             `json:"slot_id,omitempty"`
	CollectionAddress *CollectionAddress `json:"collection_address,omitempty"`
}

// CollectionAddress is where the sample is collected.
type CollectionAddress struct {
	Building string `json:"building"`
	Area     string `json:"area"`
	Emirate  string `json:"emirate"`
	Landmark string `json:"landmark,omitempty"`
	FlatNo   string `json:"flat_no,omitempty"`
}

// StatusUpdate is the body of both status routes.
type StatusUpdate struct {
	TaskBusinessStatus string `json:"task_business_status"`
	Reason             string `json:"reason,omitempty"`
}

// DiagnosticReportRequest is the body of POST
// /v2/partner/service-request/{id}/results.
type DiagnosticReportRequest struct {
	Status       string        `json:"status"`
	Observations []Observation `json:"observations,omitempty"`
}

// Observation is one result of a diagnostic report.
type Observation struct {
	ValueNumeric *float64 `json:"value_numeric,omitempty"`
	ValueText    *string  `json:"value_text,omitempty"`
	Unit         string   `json:"unit,omitempty"`
	Status       string   `json:"status,omitempty"`
	Code         string   `json:"code,omitempty"`
}

// DiagnosticReport is a stored report as the simulator answers it.
type DiagnosticReport struct {
	ID               string        `json:"id"`
	ServiceRequestID string        `json:"service_request_id"`
	Status           string        `json:"status"`
	Observations     []Observation `json:"observations"`
}
