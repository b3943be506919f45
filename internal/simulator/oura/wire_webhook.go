package oura

// Wire types of the webhook subscription API and of webhook events (seed
// 002, "Webhook Subscription Routes").

// Subscription is a webhook subscription as the API returns it.
type Subscription struct {
	ID          string `json:"id"`
	CallbackURL string `json:"callback_url"`
	// EventType is create, update or delete.
	EventType string `json:"event_type"`
	// DataType is one of DataTypes (note vo2_max, not vO2_max).
	DataType string `json:"data_type"`
	// ExpirationTime is RFC 3339 in UTC; renew moves it forward.
	ExpirationTime string `json:"expiration_time"`
}

// CreateSubscription is the body of POST /v2/webhook/subscription; every
// field is required.
type CreateSubscription struct {
	CallbackURL       string `json:"callback_url"`
	VerificationToken string `json:"verification_token"`
	EventType         string `json:"event_type"`
	DataType          string `json:"data_type"`
}

// UpdateSubscription is the body of PUT /v2/webhook/subscription/{id}:
// verification_token is required, the rest replace the stored values when
// present.
type UpdateSubscription struct {
	VerificationToken string  `json:"verification_token"`
	CallbackURL       *string `json:"callback_url"`
	EventType         *string `json:"event_type"`
	DataType          *string `json:"data_type"`
}

// Event is the body of a webhook POST.
type Event struct {
	EventType string `json:"event_type"`
	DataType  string `json:"data_type"`
	// ObjectID is the document id to fetch from
	// /v2/usercollection/{data_type}/{object_id}.
	ObjectID string `json:"object_id"`
	// EventTime is RFC 3339 with +00:00, like the seed's example.
	EventTime string `json:"event_time"`
	UserID    string `json:"user_id"`
}

// Challenge is what a callback must answer to the verification GET.
type Challenge struct {
	Challenge string `json:"challenge"`
}

// ValidationError is the 422 body (FastAPI style); the seed shows its
// items as {}, the fields are the OpenAPI's ValidationError.
type ValidationError struct {
	Detail []ValidationErrorItem `json:"detail"`
}

// ValidationErrorItem names one invalid input.
type ValidationErrorItem struct {
	Loc  []string `json:"loc"`
	Msg  string   `json:"msg"`
	Type string   `json:"type"`
}

// ErrorBody is the body of other errors: {"detail": "..."}.
type ErrorBody struct {
	Detail string `json:"detail"`
}

// TokenResponse is the body of a successful POST /oauth/token.
type TokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int    `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	Scope        string `json:"scope"`
}

// OAuthError is an RFC 6749 error body from /oauth/token.
type OAuthError struct {
	Error            string `json:"error"`
	ErrorDescription string `json:"error_description,omitempty"`
}

// Data types a webhook subscription can name (seed enum ExtApiV2DataType).
const (
	DataTag                    = "tag"
	DataEnhancedTag            = "enhanced_tag"
	DataWorkout                = "workout"
	DataSession                = "session"
	DataSleep                  = "sleep"
	DataDailySleep             = "daily_sleep"
	DataDailyReadiness         = "daily_readiness"
	DataDailyActivity          = "daily_activity"
	DataDailySpO2              = "daily_spo2"
	DataSleepTime              = "sleep_time"
	DataRestModePeriod         = "rest_mode_period"
	DataRingConfiguration      = "ring_configuration"
	DataDailyStress            = "daily_stress"
	DataDailyCardiovascularAge = "daily_cardiovascular_age"
	DataDailyResilience        = "daily_resilience"
	DataVO2Max                 = "vo2_max"
)

// DataTypes returns every subscribable data type in the seed's order.
func DataTypes() []string {
	return []string{DataTag, DataEnhancedTag, DataWorkout, DataSession, DataSleep, DataDailySleep,
		DataDailyReadiness, DataDailyActivity, DataDailySpO2, DataSleepTime, DataRestModePeriod,
		DataRingConfiguration, DataDailyStress, DataDailyCardiovascularAge, DataDailyResilience, DataVO2Max}
}

// Webhook operations (seed enum WebhookOperation).
const (
	OpCreate = "create"
	OpUpdate = "update"
	OpDelete = "delete"
)
