// Package api serves wearhouse's REST API: the generated, spec-validated
// routes of api/openapi.yaml, authentication, error mapping, pagination and
// date parsing. Handlers are thin: decode, one call, encode. No SQL and no
// provider calls live here.
package api
