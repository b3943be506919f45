package provider

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/timeseries"
)

// Provider is what every provider package implements. Network methods go
// through the shared Client (one rate budget per provider application);
// Normalize, VerifyWebhook and ParseWebhook are pure.
type Provider interface {
	// Name is the provider's wire name ("whoop").
	Name() domain.Provider
	// Configured reports whether client credentials are set; an
	// unconfigured provider is listed but cannot be connected.
	Configured() bool
	// OAuth describes the authorization endpoints and quirks.
	OAuth() OAuthSettings
	// Exchange trades an authorization code for tokens.
	Exchange(ctx context.Context, code, redirectURI, verifier string) (Token, error)
	// Refresh trades a refresh token for new tokens. A provider that
	// rotates refresh tokens returns the new one; ErrGrantRejected means
	// the refresh token is dead and the user must reconnect.
	Refresh(ctx context.Context, refreshToken string) (Token, error)
	// Revoke withdraws the app's access at the provider (ErrUnsupported
	// when the provider has no such API).
	Revoke(ctx context.Context, accessToken string) error
	// Identity reads the provider's id for the token's user.
	Identity(ctx context.Context, accessToken string) (Identity, error)

	// DataTypes lists what the provider syncs, in the order a sync
	// should fetch them.
	DataTypes() []DataType
	// MaxHistory bounds how far back a backfill may go (0: no bound).
	MaxHistory() time.Duration
	// Fetch walks the provider's pagination over w for one data type,
	// calling page once per page in order. resume is the Resume of the
	// last page the caller stored ("" starts at the beginning), so a
	// fetch interrupted anywhere continues with no gap. An error from
	// page stops the walk and is returned as is.
	Fetch(ctx context.Context, accessToken, dataType string, w Window, resume string, page func(Page) error) error
	// FetchTarget fetches what one webhook event points at.
	FetchTarget(ctx context.Context, accessToken string, t Target) (Page, error)
	// Normalize turns one raw document into domain records. It is pure:
	// the same document (and related documents) always yield the same
	// records. related looks up another stored document of the same user
	// (WHOOP recoveries take their time zone and wake time from their
	// sleep); it may be nil. User and data source ids are left empty; the
	// sync engine fills them in.
	Normalize(doc Document, related Related) (Records, error)

	// VerifyWebhook checks an inbound webhook's authenticity and
	// freshness (ErrBadSignature otherwise).
	VerifyWebhook(h http.Header, body []byte, now time.Time) error
	// ParseWebhook turns a verified webhook body into targets to fetch.
	ParseWebhook(body []byte) ([]Target, error)
}

// OAuthSettings are a provider's authorization endpoints and quirks.
type OAuthSettings struct {
	AuthURL  string
	TokenURL string
	ClientID string
	Scopes   []string
	// ScopeSeparator joins Scopes in the authorize URL (" " by default;
	// Withings wants ",").
	ScopeSeparator string
	// PKCE is true when the provider accepts S256 code challenges.
	PKCE bool
	// BasicAuth sends client credentials as HTTP Basic instead of in the
	// form body (client_secret_post).
	BasicAuth bool
}

// Token is what a token endpoint returned.
type Token struct {
	AccessToken  string
	RefreshToken string
	ExpiresAt    time.Time
	Scope        string
	// UserID is the provider's user id when the token answer names it
	// (Withings' userid; see TokenIdentity), else empty.
	UserID string
}

// Identity is the provider's view of who the token belongs to.
type Identity struct {
	ProviderUserID string
	Username       *string
}

// DataType is one kind of document a provider syncs.
type DataType struct {
	// Name is the data type's stable key for cursors and raw documents.
	Name string
	// Windowed types are fetched by time window with a cursor; the others
	// (profile, body measurement) are snapshots fetched whole every sync.
	Windowed bool
	// Lookback is how far before the cursor an incremental pull starts
	// again, to pick up documents uploaded or re-scored late.
	Lookback time.Duration
}

// Window is a half-open time range [Start, End).
type Window struct {
	Start time.Time
	End   time.Time
}

// Document is one provider document exactly as fetched.
type Document struct {
	DataType string
	// ID is the provider's record id within the data type.
	ID string
	// Start is the time the document describes (for ordering raw
	// documents); for snapshots it is when it was fetched.
	Start time.Time
	// Revision orders versions of the document (provider updated_at in
	// Unix ms; 0 when the provider has none).
	Revision int64
	Body     json.RawMessage
}

// Related looks up another raw document of the same user by data type and
// provider record id, as stored (a deleted document is still returned).
type Related func(dataType, id string) (Document, bool)

// Deletion names a document the provider says is gone.
type Deletion struct {
	DataType string
	ID       string
}

// Page is one page of a fetch: the documents on it, documents known to be
// deleted, and how to resume after it ("" when the walk is complete).
type Page struct {
	Docs    []Document
	Deleted []Deletion
	Resume  string
}

// Target is one thing an inbound webhook asks us to fetch or delete.
type Target struct {
	ProviderUserID string
	DataType       string
	ID             string
	Deleted        bool
	// EventType is the provider's event name, kept for logs.
	EventType string
}

// Series is the samples of one series type produced by a document.
type Series struct {
	// TypeCode is the Open Wearables series type code (domain.SeriesTypeByCode).
	TypeCode string
	Samples  []timeseries.Sample
	// Owned means the document owns every sample of the type in its
	// data source from the first sample to the last (a sleep's 1 Hz
	// stream): deleting the document deletes that span at once instead of
	// sample by sample.
	Owned bool `json:",omitempty"`
}

// Records are the domain records one document normalizes to. Record ids,
// user and data source ids are left empty.
type Records struct {
	Events    []domain.Event
	Summaries []domain.DailySummary
	Scores    []domain.HealthScore
	Series    []Series
	// Device is the device the document says recorded it; nil means the
	// connection's own data source. The sync engine keeps one data source
	// per device, so priorities by device type can prefer the scale's
	// weight and the watch's steps from one Withings account.
	Device *Device `json:",omitempty"`
}

// Device names a recording device: its model as the provider spells it
// and its class.
type Device struct {
	Model string
	Type  domain.DeviceType
}

// Len counts the records (each series counts its samples).
func (r Records) Len() int {
	n := len(r.Events) + len(r.Summaries) + len(r.Scores)
	for _, s := range r.Series {
		n += len(s.Samples)
	}
	return n
}
