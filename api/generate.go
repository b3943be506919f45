// Package api holds the hand-written OpenAPI contract of wearhouse's REST
// API. `go generate ./api` regenerates internal/api/apigen from it.
package api

//go:generate go tool -modfile=../tools/go.mod oapi-codegen -config oapi-codegen.yaml openapi.yaml
