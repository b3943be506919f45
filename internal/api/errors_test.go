package api

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/store"
)

func TestHTTPErrorMapping(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		err    error
		status int
		code   string
	}{
		{"Validation", badRequest("invalid %s", "limit"), 400, CodeValidation},
		{"NotFound", fmt.Errorf("load: %w", store.ErrNotFound), 404, CodeNotFound},
		{"Conflict", fmt.Errorf("x: %w", store.ErrConflict), 409, CodeConflict},
		{"TooLarge", &http.MaxBytesError{Limit: 10}, 413, CodeTooLarge},
		{"CorruptBlock", fmt.Errorf("store: block ds/1/2025-03-01: %w", store.ErrCorruptBlock), 500, CodeCorruptData},
		{"Unexpected", errors.New("pq: connection reset by peer at 10.0.0.3"), 500, CodeInternal},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			e := httpError(tt.err)
			require.Equal(t, tt.status, e.Status)
			require.Equal(t, tt.code, e.Code)
			require.NotContains(t, e.Detail, "10.0.0.3", "5xx bodies never leak internals")
		})
	}
}
