package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/labs/whooplabs"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/manage"
)

// Error is an error with an HTTP status and a stable machine code. It is
// the only error type handlers need to construct; everything else maps to
// it in one place (httpError).
type Error struct {
	Status int
	Code   string
	Detail string
	// RetryAfter, when positive, is sent as the Retry-After header.
	RetryAfter time.Duration
}

func (e *Error) Error() string { return e.Detail }

// Stable error codes. Clients may switch on them; they never change.
const (
	CodeValidation   = "validation_error"
	CodeUnauthorized = "unauthorized"
	CodeForbidden    = "forbidden"
	CodeNotFound     = "not_found"
	CodeConflict     = "conflict"
	CodeTooLarge     = "request_too_large"
	CodeInternal     = "internal_error"
	CodeUnavailable  = "unavailable"
	CodeCorruptData  = "corrupt_data"
	// WHOOP lab partner routes (labs_whoop.go).
	CodeRateLimited    = "rate_limited"
	CodeUpstream       = "upstream_error"
	CodeIdempotencyKey = "idempotency_key_reused"
)

// badRequest builds a 400 that names what was wrong.
func badRequest(format string, args ...any) *Error {
	return &Error{Status: http.StatusBadRequest, Code: CodeValidation, Detail: fmt.Sprintf(format, args...)}
}

func notFound(format string, args ...any) *Error {
	return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Detail: fmt.Sprintf(format, args...)}
}

// httpError maps any error to the response the client sees. Expected
// errors keep their message; unexpected ones become a generic 500 whose
// detail never leaks internals (the log line carries them).
func httpError(err error) *Error {
	if e, ok := errors.AsType[*Error](err); ok {
		return e
	}
	if e, ok := whoopLabsError(err); ok {
		return e
	}
	if dup, ok := errors.AsType[*store.DuplicateError](err); ok {
		return &Error{Status: http.StatusConflict, Code: CodeConflict, Detail: dup.What + " already belongs to user " + dup.UserID}
	}
	var mbe *http.MaxBytesError
	switch {
	case errors.As(err, &mbe):
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge,
			Detail: fmt.Sprintf("request body exceeds %d bytes", mbe.Limit)}
	case errors.Is(err, store.ErrNotFound):
		return &Error{Status: http.StatusNotFound, Code: CodeNotFound, Detail: "not found"}
	case errors.Is(err, store.ErrCorruptBlock):
		// Stored data, not the request, is at fault: say so plainly (the
		// log line names the block) instead of a generic 500.
		return &Error{Status: http.StatusInternalServerError, Code: CodeCorruptData,
			Detail: "stored samples in the requested range could not be decoded; the server log names the damaged block"}
	case errors.Is(err, store.ErrLastAPIKey):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Detail: "this is the last active API key: create another key (or rotate this one) before revoking it"}
	case errors.Is(err, store.ErrAPIKeyRevoked):
		return &Error{Status: http.StatusConflict, Code: CodeConflict,
			Detail: "this API key is already revoked or rotated; rotate its successor instead"}
	case errors.Is(err, manage.ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: CodeValidation, Detail: err.Error()}
	case errors.Is(err, store.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict, Detail: "conflicts with an existing resource"}
	}
	if e, ok := sdkError(err); ok {
		return e
	}
	if e, ok := importError(err); ok {
		return e
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Detail: "internal server error"}
}

// writeError renders err as {"detail", "code"} and logs server errors.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := httpError(err)
	if e.RetryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((e.RetryAfter+time.Second-1)/time.Second)))
	}
	if e.Status >= 500 {
		log.ErrorContext(r.Context(), "request failed",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("error", err))
	}
	writeJSON(w, e.Status, map[string]string{"detail": e.Detail, "code": e.Code})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// ---- WHOOP lab partner errors (labs_whoop.go) ----

// whoopLabsError maps the WHOOP lab partner service's errors. WHOOP's own
// verdicts on the request (400, 403, 404, 422) are answered back with
// WHOOP's status and message, so a partner sees exactly what WHOOP said;
// WHOOP refusing the partner credentials is the operator's problem, not
// the caller's, so it is a 502 rather than a 401 the caller would read as
// its API key being wrong.
func whoopLabsError(err error) (*Error, bool) {
	if ue, ok := errors.AsType[*whooplabs.UpstreamError](err); ok {
		detail := fmt.Sprintf("WHOOP answered %d to %s: %s", ue.Status, ue.Op, ue.Message)
		switch ue.Status {
		case http.StatusBadRequest, http.StatusUnprocessableEntity:
			return &Error{Status: ue.Status, Code: CodeValidation, Detail: detail}, true
		case http.StatusForbidden:
			return &Error{Status: ue.Status, Code: CodeForbidden, Detail: detail}, true
		case http.StatusNotFound:
			return &Error{Status: ue.Status, Code: CodeNotFound, Detail: detail}, true
		case http.StatusTooManyRequests:
			return &Error{Status: ue.Status, Code: CodeRateLimited, Detail: detail, RetryAfter: ue.RetryAfter}, true
		case http.StatusUnauthorized:
			return &Error{Status: http.StatusBadGateway, Code: CodeUpstream,
				Detail: "WHOOP refused the lab partner credentials (" + detail + "); check WEARHOUSE_WHOOP_PARTNER_CLIENT_ID and _SECRET"}, true
		}
		return &Error{Status: http.StatusBadGateway, Code: CodeUpstream, Detail: detail}, true
	}
	switch {
	case errors.Is(err, whooplabs.ErrNotConfigured):
		return &Error{Status: http.StatusServiceUnavailable, Code: CodeUnavailable,
			Detail: "the WHOOP lab partner API is not configured on this server: set WEARHOUSE_WHOOP_PARTNER_CLIENT_ID and WEARHOUSE_WHOOP_PARTNER_CLIENT_SECRET"}, true
	case errors.Is(err, whooplabs.ErrKeyReused):
		return &Error{Status: http.StatusUnprocessableEntity, Code: CodeIdempotencyKey,
			Detail: "Idempotency-Key was already used for a different request; use a new key for a new request"}, true
	case errors.Is(err, whooplabs.ErrInvalid):
		return &Error{Status: http.StatusBadRequest, Code: CodeValidation, Detail: labsInvalidDetail(err)}, true
	case errors.Is(err, whooplabs.ErrUpstream):
		return &Error{Status: http.StatusBadGateway, Code: CodeUpstream,
			Detail: "the WHOOP partner API failed: " + strings.TrimPrefix(err.Error(), "whooplabs: ")}, true
	}
	return nil, false
}

// labsInvalidDetail is the service's validation message without its
// package prefixes, one sentence per problem.
func labsInvalidDetail(err error) string {
	var parts []string
	for line := range strings.SplitSeq(err.Error(), "\n") {
		parts = append(parts, strings.TrimPrefix(line, whooplabs.ErrInvalid.Error()+": "))
	}
	return strings.Join(parts, "; ")
}
