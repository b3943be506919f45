package withings

import (
	"encoding/json"
	"net/http"
)

// Status codes the simulator answers with, chosen from the seed's
// response_status table (and research B.3, which groups them in
// families). A client must treat each family alike, so only one code per
// family is used unless the seed names a specific one.
const (
	StatusOK = 0
	// StatusInvalidToken is "Authentication failed": missing, unknown,
	// expired or revoked access token.
	StatusInvalidToken = 401
	// StatusInvalidParams is "Invalid params": a missing or malformed
	// parameter, or an unknown/expired authorization code or refresh token.
	StatusInvalidParams = 503
	// StatusInvalidCallback is "Invalid params" too; it is the code the live
	// API uses when the callback URL does not answer the HEAD probe.
	StatusInvalidCallback = 293
	// StatusNoSubscription is "Invalid params": notify get/revoke/update
	// found no matching subscription.
	StatusNoSubscription = 343
	// StatusScope is "Unauthorized": the token lacks the scope the service
	// needs.
	StatusScope = 277
	// StatusTimeout is "Timeout".
	StatusTimeout = 522
	// StatusTooManyRequests is "Too many request": the application's rate
	// limit is exhausted.
	StatusTooManyRequests = 601
	// StatusNotImplemented is "Not implemented": an unknown action.
	StatusNotImplemented = 2554
	// StatusUnknown is "Unauthorized"/unknown error; the simulator uses it
	// for internal failures that are not the client's fault.
	StatusUnknown = 2555
)

// apiError is a failure to report inside the envelope.
type apiError struct {
	status int
	msg    string
}

// Error returns the message sent in the envelope's error field.
func (e *apiError) Error() string { return e.msg }

// fail builds an apiError.
func fail(status int, msg string) *apiError { return &apiError{status: status, msg: msg} }

// writeJSON writes v with HTTP 200, as the live API does for every answer
// of the API host, errors included.
func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_ = json.NewEncoder(w).Encode(v)
}

// writeOK wraps body in a success envelope.
func writeOK[T any](w http.ResponseWriter, body T) {
	writeJSON(w, Response[T]{Status: StatusOK, Body: body})
}

// writeError writes an error envelope with an empty body.
func writeError(w http.ResponseWriter, e *apiError) {
	writeJSON(w, Response[Empty]{Status: e.status, Body: Empty{}, Error: e.msg})
}
