package api

import (
	"net/http"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
)

// lenientQuery marks, in api/openapi.yaml, the provider-facing operations
// (OAuth redirects, webhook notifications) that take query parameters
// wearhouse does not declare: providers add their own (Oura and WHOOP
// send scope back with the code).
const lenientQuery = "x-wearhouse-lenient-query"

// unknownQuery refuses a query parameter the operation does not declare.
// A filter is applied or refused, never ignored: a misspelt or
// unsupported filter would otherwise return unfiltered data with a 200.
func unknownQuery(route *routers.Route, r *http.Request) error {
	if lenient, _ := route.Operation.Extensions[lenientQuery].(bool); lenient || r.URL.RawQuery == "" {
		return nil
	}
	declared := declaredQuery(route)
	var unknown []string
	for name := range r.URL.Query() {
		if !slices.Contains(declared, name) {
			unknown = append(unknown, name)
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	slices.Sort(unknown)
	if len(declared) == 0 {
		return badRequest("unknown parameter %q: %s %s takes no query parameters", unknown[0], r.Method, route.Path)
	}
	return badRequest("unknown parameter %q: %s %s takes %s", unknown[0], r.Method, route.Path, strings.Join(declared, ", "))
}

// declaredQuery lists the operation's query parameters (its path item's
// included), sorted.
func declaredQuery(route *routers.Route) []string {
	var out []string
	for _, ps := range []openapi3.Parameters{route.PathItem.Parameters, route.Operation.Parameters} {
		for _, p := range ps {
			if p.Value != nil && p.Value.In == openapi3.ParameterInQuery && !slices.Contains(out, p.Value.Name) {
				out = append(out, p.Value.Name)
			}
		}
	}
	slices.Sort(out)
	return out
}
