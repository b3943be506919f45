package api

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/wearhouse/wearhouse/internal/store"
)

// Error is an error with an HTTP status and a stable machine code. It is
// the only error type handlers need to construct; everything else maps to
// it in one place (httpError).
type Error struct {
	Status int
	Code   string
	Detail string
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
	case errors.Is(err, store.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: CodeConflict, Detail: "conflicts with an existing resource"}
	}
	return &Error{Status: http.StatusInternalServerError, Code: CodeInternal, Detail: "internal server error"}
}

// writeError renders err as {"detail", "code"} and logs server errors.
func writeError(w http.ResponseWriter, r *http.Request, log *slog.Logger, err error) {
	e := httpError(err)
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
