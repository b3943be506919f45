package api

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

// Raw-body routes: the spec describes them, the gate authenticates them
// and checks their parameters, but their bodies are streamed to their
// handlers instead of being read whole and validated against the spec
// (x-wearhouse-raw-body): an SDK batch is decoded by internal/sdk, an
// Apple Health export of gigabytes parsed as it arrives.

// Default caps of raw bodies.
const (
	// sdkBodyFactor times the JSON body cap is an SDK batch's cap (32
	// MiB by default): historical syncs send thousands of records.
	sdkBodyFactor = 32
	// defaultImportMax caps an export upload (16 GiB).
	defaultImportMax = 16 << 30
)

// rawRoutes is the mux the gate hands raw-body routes to, instead of the
// generated handlers (which would read the body whole).
func (s *Server) rawRoutes() *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/sdk/users/{user_id}/sync", s.sdkSync)
	mux.HandleFunc("POST /api/v1/users/{user_id}/import/apple/xml/direct", s.importAppleXMLDirect)
	return mux
}

// errRawRoute answers the generated entry points of raw-body routes,
// which the gate never calls.
var errRawRoute = errors.New("api: raw-body route reached the generated handler")

// SdkSync is the generated entry of POST /api/v1/sdk/users/{user_id}/sync;
// the gate serves the route with sdkSync.
func (s *Server) SdkSync(context.Context, apigen.SdkSyncRequestObject) (apigen.SdkSyncResponseObject, error) {
	return nil, errRawRoute
}

// ImportAppleXmlDirect is the generated entry of the direct import; the
// gate serves the route with importAppleXMLDirect.
func (s *Server) ImportAppleXmlDirect(context.Context, apigen.ImportAppleXmlDirectRequestObject) (apigen.ImportAppleXmlDirectResponseObject, error) {
	return nil, errRawRoute
}

// isRawBody reports whether the gate leaves the body to the handler.
func isRawBody(ext map[string]any) bool {
	v, _ := ext["x-wearhouse-raw-body"].(bool)
	return v
}

// capBody is limitBody with a route's own cap.
func (s *Server) capBody(w http.ResponseWriter, r *http.Request, limit int64) error {
	if r.ContentLength > limit {
		return &Error{Status: http.StatusRequestEntityTooLarge, Code: CodeTooLarge, Detail: fmt.Sprintf("request body exceeds %d bytes", limit)}
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	return nil
}

// pathUser is the {user_id} of a raw route (the gate checked its form).
func pathUser(r *http.Request) (string, error) {
	id, err := uuid.Parse(r.PathValue("user_id"))
	if err != nil {
		return "", badRequest("invalid path parameter %q: not a UUID", "user_id")
	}
	return id.String(), nil
}

func nullableString(s string) nullable.Nullable[string] { return nullable.NewNullableWithValue(s) }
