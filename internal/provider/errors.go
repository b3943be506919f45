package provider

import (
	"errors"
	"fmt"
	"time"
)

// Sentinel errors for the provider answers the sync engine handles
// differently. Concrete errors wrap them, so callers test with errors.Is.
var (
	// ErrRateLimited means the provider (or our own budget) refused the
	// call for now; RateLimitError carries how long to wait.
	ErrRateLimited = errors.New("provider: rate limited")
	// ErrUnauthorized means the access token was not accepted (HTTP 401):
	// refresh once and retry.
	ErrUnauthorized = errors.New("provider: unauthorized")
	// ErrTransient covers 5xx answers, timeouts, connection failures and
	// malformed bodies: retry later with backoff.
	ErrTransient = errors.New("provider: transient failure")
	// ErrNotFound means the addressed document does not exist (HTTP 404),
	// typically because it was deleted after a webhook announced it.
	ErrNotFound = errors.New("provider: not found")
	// ErrRejected means the provider refused the request for good (other
	// 4xx); retrying the same request cannot help.
	ErrRejected = errors.New("provider: request rejected")
	// ErrGrantRejected means the token endpoint refused a refresh token or
	// code (invalid_grant and friends): the connection must be re-made.
	ErrGrantRejected = errors.New("provider: grant rejected")
	// ErrBadSignature means an inbound webhook failed verification
	// (missing, forged or stale signature).
	ErrBadSignature = errors.New("provider: bad webhook signature")
	// ErrUnsupported means the provider has no API for the operation
	// (e.g. token revocation).
	ErrUnsupported = errors.New("provider: operation not supported")
	// ErrUnknownProvider means no provider of that name is registered.
	ErrUnknownProvider = errors.New("provider: unknown provider")
	// ErrNotConfigured means the provider has no client credentials.
	ErrNotConfigured = errors.New("provider: not configured")
)

// RateLimitError is a 429 (or an exhausted local budget) with the wait the
// provider asked for. The sync engine snoozes the job for RetryAfter
// instead of sleeping in a worker.
type RateLimitError struct {
	RetryAfter time.Duration
	// Local is true when our own budget refused the call before it was
	// sent; the provider never saw it.
	Local bool
}

func (e *RateLimitError) Error() string {
	src := "provider"
	if e.Local {
		src = "local budget"
	}
	return fmt.Sprintf("provider: rate limited by %s, retry after %s", src, e.RetryAfter)
}

// Unwrap makes errors.Is(err, ErrRateLimited) true.
func (e *RateLimitError) Unwrap() error { return ErrRateLimited }

// StatusError is a non-2xx provider answer. Kind is the sentinel it maps
// to; the body excerpt helps debugging and never contains tokens (we do
// not send tokens in bodies to data endpoints).
type StatusError struct {
	Kind   error
	Status int
	Method string
	URL    string
	Body   string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.URL, e.Status, e.Body)
}

// Unwrap exposes the sentinel.
func (e *StatusError) Unwrap() error { return e.Kind }

// RetryAfter returns how long a rate-limited error asks to wait, and
// whether err is one.
func RetryAfter(err error) (time.Duration, bool) {
	if rl, ok := errors.AsType[*RateLimitError](err); ok {
		return rl.RetryAfter, true
	}
	return 0, false
}

// Retryable reports whether err is worth retrying as is (later).
func Retryable(err error) bool {
	return errors.Is(err, ErrTransient) || errors.Is(err, ErrRateLimited)
}

// ErrMalformed means a provider answered 2xx with a body that is not the
// JSON it documents. It is also ErrTransient: a truncated page is usually
// a glitch that a retry fixes, and the window is never skipped over it.
var ErrMalformed = errors.New("provider: malformed response")

// malformedError is a decode failure; it is both ErrMalformed and
// ErrTransient.
type malformedError struct {
	what string
	err  error
}

func (e *malformedError) Error() string {
	return fmt.Sprintf("provider: malformed %s: %v", e.what, e.err)
}

func (e *malformedError) Unwrap() []error { return []error{ErrMalformed, ErrTransient, e.err} }

// Malformed wraps a decode failure of what (e.g. "sleep page").
func Malformed(what string, err error) error { return &malformedError{what: what, err: err} }
