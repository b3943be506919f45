package whooplabs

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Sentinels for the expected outcomes; an *UpstreamError matches the one
// its status implies.
var (
	// ErrInvalid is a request refused before sending (or by WHOOP, 400).
	ErrInvalid = errors.New("whooplabs: invalid request")
	// ErrNotFound: no such requisition or service request for this partner.
	ErrNotFound = errors.New("whooplabs: not found")
	// ErrForbidden: the partner does not own it.
	ErrForbidden = errors.New("whooplabs: partner is not an owner")
	// ErrCredentials: WHOOP refused the partner credentials or token.
	ErrCredentials = errors.New("whooplabs: partner credentials rejected")
	// ErrRateLimited: WHOOP answered 429.
	ErrRateLimited = errors.New("whooplabs: rate limited")
	// ErrUpstream: WHOOP failed (5xx, unreadable answer, network).
	ErrUpstream = errors.New("whooplabs: WHOOP partner API failed")
	// ErrKeyReused: an idempotency key came back with a different request.
	ErrKeyReused = errors.New("whooplabs: idempotency key reused for a different request")
	// ErrNotConfigured: no partner credentials.
	ErrNotConfigured = errors.New("whooplabs: partner credentials not configured")
)

// UpstreamError is a non-2xx answer of WHOOP's partner API, kept as WHOOP
// gave it so the API can answer it back precisely.
type UpstreamError struct {
	Op         string
	Status     int
	Message    string
	RetryAfter time.Duration
}

func (e *UpstreamError) Error() string {
	return fmt.Sprintf("whooplabs: %s: WHOOP answered %d: %s", e.Op, e.Status, e.Message)
}

// Is matches the sentinel of the status.
func (e *UpstreamError) Is(target error) bool {
	switch e.Status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return target == ErrInvalid
	case http.StatusNotFound:
		return target == ErrNotFound
	case http.StatusForbidden:
		return target == ErrForbidden
	case http.StatusUnauthorized:
		return target == ErrCredentials
	case http.StatusTooManyRequests:
		return target == ErrRateLimited
	}
	return target == ErrUpstream
}

// definitive reports whether a retry of the same request would get the
// same answer, so an idempotent write may remember it: WHOOP's 4xx
// verdicts except rate limits and credential failures.
func definitive(err error) bool {
	ue, ok := errors.AsType[*UpstreamError](err)
	return ok && ue.Status >= 400 && ue.Status < 500 && ue.Status != http.StatusTooManyRequests && ue.Status != http.StatusUnauthorized
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}
