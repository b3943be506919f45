package withings

import (
	"cmp"
	"errors"
	"fmt"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Family is one of the error families Withings publishes for its status
// codes (seed, tag response_status): it names the codes' meaning without
// revealing "the exact nature of the API error".
type Family string

// The families of the seed's response_status table.
const (
	FamilyOK             Family = "ok"
	FamilyAuthentication Family = "authentication failed"
	FamilyInvalidParams  Family = "invalid params"
	FamilyUnauthorized   Family = "unauthorized"
	FamilyNotImplemented Family = "not implemented"
	FamilyTimeout        Family = "timeout"
	FamilyBadState       Family = "bad state"
	FamilyTooMany        Family = "too many requests"
	FamilyError          Family = "an error occurred"
)

// span is an inclusive range of status codes of one family.
type span struct {
	lo, hi int
	f      Family
}

// statusTable is the seed's response_status table. Codes it does not list
// fall into FamilyError, the catch-all Withings uses for everything else.
func statusTable() []span {
	ip, ae := FamilyInvalidParams, FamilyError
	return []span{
		{0, 0, FamilyOK},
		{100, 102, FamilyAuthentication}, {200, 200, FamilyAuthentication}, {401, 401, FamilyAuthentication},
		{201, 213, ip}, {214, 214, FamilyUnauthorized}, {215, 215, ae}, {216, 218, ip}, {219, 219, ae},
		{220, 221, ip}, {222, 222, ae}, {223, 223, ip}, {224, 224, ae}, {225, 225, ip}, {226, 226, ae},
		{227, 230, ip}, {231, 233, ae}, {234, 236, ip}, {237, 237, ae}, {238, 238, ip}, {240, 252, ip},
		{253, 253, ae}, {254, 254, ip}, {255, 259, ae}, {260, 267, ip}, {268, 270, ae}, {271, 272, ip},
		{273, 274, ae}, {275, 276, ip}, {277, 277, FamilyUnauthorized}, {278, 282, ae}, {283, 288, ip},
		{289, 289, ae}, {290, 290, ip}, {291, 292, ae}, {293, 295, ip}, {296, 296, ae}, {297, 297, ip},
		{298, 298, ae}, {300, 304, ip}, {305, 320, ae}, {321, 321, ip}, {322, 322, ae}, {323, 353, ip},
		{370, 375, ae}, {380, 382, ip}, {383, 383, ae}, {391, 391, ae}, {400, 400, ip}, {402, 402, ae},
		{501, 511, ip}, {516, 521, ae}, {522, 522, FamilyTimeout}, {523, 523, ip}, {524, 524, FamilyBadState},
		{525, 531, ae}, {532, 532, ip}, {533, 533, ae}, {601, 601, FamilyTooMany}, {602, 602, ae},
		{2553, 2553, FamilyUnauthorized}, {2554, 2554, FamilyNotImplemented}, {2555, 2555, FamilyUnauthorized},
		{3017, 3019, ip},
	}
}

// FamilyOf returns the family of a status code.
func FamilyOf(status int) Family {
	for _, s := range statusTable() {
		if status >= s.lo && status <= s.hi {
			return s.f
		}
	}
	return FamilyError
}

// rateLimitWait is how long a 601 pauses the app: Withings counts requests
// per minute and sends no Retry-After.
const rateLimitWait = time.Minute

// StatusError is a non-zero status inside an HTTP 200 answer. It unwraps
// to the provider sentinel the sync engine acts on (Kind).
type StatusError struct {
	Status  int
	Family  Family
	Service string
	Message string
	Kind    error
}

func (e *StatusError) Error() string {
	msg := cmp.Or(e.Message, string(e.Family))
	return fmt.Sprintf("withings: %s: status %d (%s): %s", e.Service, e.Status, e.Family, msg)
}

// Unwrap exposes the sentinel.
func (e *StatusError) Unwrap() error { return e.Kind }

// dataError classifies a data service's status:
//
//   - authentication failed → ErrUnauthorized: the engine refreshes once
//     and retries, and a refused refresh revokes the connection;
//   - 601 → a RateLimitError of a minute (the budget is paused too);
//   - timeout, bad state and "an error occurred" → ErrTransient: Withings
//     says "please retry" and the page is retried, never skipped;
//   - invalid params, unauthorized and not implemented → ErrRejected:
//     the same request can never succeed.
func dataError(service string, status int, msg string) error {
	e := &StatusError{Status: status, Family: FamilyOf(status), Service: service, Message: excerpt(msg)}
	switch e.Family {
	case FamilyAuthentication:
		e.Kind = provider.ErrUnauthorized
	case FamilyTooMany:
		return fmt.Errorf("%w: %w", &provider.RateLimitError{RetryAfter: rateLimitWait}, withKind(e, provider.ErrRateLimited))
	case FamilyInvalidParams, FamilyUnauthorized, FamilyNotImplemented:
		e.Kind = provider.ErrRejected
	default:
		e.Kind = provider.ErrTransient
	}
	return e
}

// tokenError classifies a requesttoken status. Withings answers a dead,
// reused or foreign code or refresh token with "invalid params" (503) or
// an authentication failure: the grant is gone and only a reconnect
// helps. Rate limits and server-side errors stay retryable.
func tokenError(grant string, status int, msg string) error {
	e := &StatusError{Status: status, Family: FamilyOf(status), Service: "requesttoken " + grant, Message: excerpt(msg)}
	switch e.Family {
	case FamilyTooMany:
		return fmt.Errorf("%w: %w", &provider.RateLimitError{RetryAfter: rateLimitWait}, withKind(e, provider.ErrRateLimited))
	case FamilyInvalidParams, FamilyAuthentication, FamilyUnauthorized, FamilyNotImplemented:
		e.Kind = provider.ErrGrantRejected
	default:
		e.Kind = provider.ErrTransient
	}
	return e
}

func withKind(e *StatusError, kind error) *StatusError {
	e.Kind = kind
	return e
}

// excerpt bounds an error message taken from an answer.
func excerpt(s string) string {
	const n = 200
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}

// errUnknownToken is Identity's answer for a token it did not see issued.
var errUnknownToken = fmt.Errorf("withings: the userid comes only with the token answer; identify right after Exchange: %w", provider.ErrRejected)

// IsScopeDenied reports whether err is Withings refusing a service to the
// token ("unauthorized" family, e.g. status 277 when a scope was not
// granted), as opposed to the token itself being invalid.
func IsScopeDenied(err error) bool {
	se, ok := errors.AsType[*StatusError](err)
	return ok && se.Family == FamilyUnauthorized
}
