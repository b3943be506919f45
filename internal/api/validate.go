package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

// validator checks every API request against api/openapi.yaml before a
// handler runs: parameter types and ranges, enums, and bodies (unknown
// fields are rejected because every body schema forbids additional
// properties). The contract is the validation rule set, written once.
type validator struct {
	router routers.Router
}

func newValidator(spec *openapi3.T) (*validator, error) {
	r, err := legacy.NewRouter(spec)
	if err != nil {
		return nil, fmt.Errorf("api: build request router: %w", err)
	}
	return &validator{router: r}, nil
}

// gate is the one entrance to every /api route: it finds the spec
// operation, enforces the operation's security (an empty security list in
// the spec marks a public route), caps the body size, and validates the
// request. Doing auth here, before the generated parameter binding, means
// an anonymous caller gets 401 rather than a hint about valid parameters.
func (v *validator) gate(s *Server, next *http.ServeMux) http.Handler {
	opts := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		route, params, err := v.router.FindRoute(r)
		_, pattern := next.Handler(r)
		wrongMethod := pattern == catchAll
		if re, ok := errors.AsType[*routers.RouteError](err); ok && re.Reason == routers.ErrMethodNotAllowed.Error() {
			wrongMethod = true
		}
		if wrongMethod {
			if allow := allowedMethods(next, r); len(allow) > 0 && !slices.Contains(allow, r.Method) {
				w.Header().Set("Allow", strings.Join(allow, ", "))
				writeError(w, r, s.log, &Error{Status: http.StatusMethodNotAllowed, Code: CodeNotFound,
					Detail: fmt.Sprintf("method %s not allowed on %s; allowed: %s", r.Method, r.URL.Path, strings.Join(allow, ", "))})
				return
			}
		}
		// The spec router also matches paths the routes do not serve (a
		// trailing slash, an empty last segment): only the mux's own
		// patterns are routes.
		if err != nil || pattern == catchAll {
			writeError(w, r, s.log, notFound("no route for %s %s", r.Method, r.URL.Path))
			return
		}
		setRoute(r.Context(), r.Method+" "+route.Path)
		if public := route.Operation.Security != nil && len(*route.Operation.Security) == 0; !public {
			authenticate := s.authenticate
			if acceptsSDKToken(route.Operation) {
				authenticate = s.authenticateSDK
			}
			if !authenticate(w, &r) {
				return
			}
		}
		if err := unknownQuery(route, r); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		if isRawBody(route.Operation.Extensions) {
			// The handler streams and checks the body (raw_routes.go);
			// only the parameters are validated here.
			raw := &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, ExcludeRequestBody: true}
			in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: raw}
			if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
				writeError(w, r, s.log, validationError(err))
				return
			}
			s.raw.ServeHTTP(w, r)
			return
		}
		if err := s.limitBody(w, r); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		if err := singleJSONValue(r); err != nil {
			writeError(w, r, s.log, err)
			return
		}
		in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route, Options: opts}
		if err := openapi3filter.ValidateRequest(r.Context(), in); err != nil {
			writeError(w, r, s.log, validationError(err))
			return
		}
		next.ServeHTTP(w, r)
	})
}

// routeMethods are the methods API routes are served with, in the order
// an Allow header lists them.
var routeMethods = [...]string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// allowedMethods lists the methods the API mux serves r's path with (none
// for a path no route serves). The mux is asked rather than the spec
// router because its patterns are exactly the routes; the catch-all
// pattern answers every method and so counts as none.
func allowedMethods(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	probe := *r
	for _, m := range routeMethods {
		probe.Method = m
		if _, pattern := mux.Handler(&probe); pattern != catchAll && pattern != "" {
			allow = append(allow, m)
		}
	}
	return allow
}

// validationError turns kin-openapi's error into a short 400 that names
// the parameter or body field at fault.
func validationError(err error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return err
	}
	var re *openapi3filter.RequestError
	if !errors.As(err, &re) {
		return badRequest("invalid request: %s", firstLine(err.Error()))
	}
	reason := re.Reason
	var se *openapi3.SchemaError
	if errors.As(re.Err, &se) {
		reason = se.Reason
		if v, ok := se.Value.(string); ok && se.SchemaField == "enum" {
			// Name the value refused, not only the ones allowed.
			reason = fmt.Sprintf("%q %s", v, strings.TrimPrefix(reason, "value "))
		}
		if p := se.JSONPointer(); len(p) > 0 {
			reason = fmt.Sprintf("field %q: %s", strings.Join(p, "."), reason)
		}
	} else if re.Err != nil && reason == "" {
		reason = firstLine(re.Err.Error())
	}
	switch {
	case re.Parameter != nil:
		return badRequest("invalid %s parameter %q: %s", re.Parameter.In, re.Parameter.Name, reason)
	case re.RequestBody != nil:
		return badRequest("invalid request body: %s", reason)
	}
	return badRequest("invalid request: %s", reason)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}
