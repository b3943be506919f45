package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// Page numbers and offsets too large for the offset arithmetic are
// refused by name, never wrapped around to another page.
func TestPagingOverflowIsRejected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := createUser(t, b, map[string]any{"first_name": "Ada"})
	scores := "/api/v1/users/" + u.Id.String() + "/health-scores?start_date=2026-01-01&end_date=2026-01-02&"
	tests := []struct {
		name, path, param string
	}{
		{"MaxInt64Page", "/api/v1/users?page=9223372036854775807", "page"},
		{"PageBeyondInt64", "/api/v1/users?page=99999999999999999999", "page"},
		{"PageJustOver", "/api/v1/users?page=2147483648&limit=100", "page"},
		{"LimitBeyondInt64", "/api/v1/users?limit=9223372036854775808", "limit"},
		{"MaxInt64Offset", scores + "offset=9223372036854775807", "offset"},
		{"OffsetBeyondInt64", scores + "offset=99999999999999999999", "offset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := b.do(t, http.MethodGet, tt.path, nil)
			require.Equal(t, http.StatusBadRequest, res.Status, string(res.Body))
			require.Contains(t, res.detail(t), `parameter "`+tt.param+`"`)
		})
	}
	res := b.do(t, http.MethodGet, "/api/v1/users?page=2147483647&limit=100", nil)
	require.Equal(t, http.StatusOK, res.Status, "the largest page is served (empty)")
	require.Contains(t, string(res.Body), `"items":[]`)
}
