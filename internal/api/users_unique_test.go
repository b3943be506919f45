package api

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

// An external_user_id names one user: a second user with it, by create or
// update, is a 409 naming the user that has it, and nothing is stored.
func TestDuplicateExternalUserIDIsConflict(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		first := createUser(t, b, map[string]any{"first_name": "Ada", "external_user_id": "crm-1"})
		other := createUser(t, b, map[string]any{"first_name": "Bob", "external_user_id": "crm-2"})
		want := `external_user_id "crm-1" already belongs to user ` + first.Id.String()
		tests := []struct {
			name, method, path string
			body               map[string]any
			status             int
		}{
			{"Create", http.MethodPost, "/api/v1/users", map[string]any{"first_name": "Eve", "external_user_id": "crm-1"}, http.StatusConflict},
			{"Update", http.MethodPatch, "/api/v1/users/" + other.Id.String(), map[string]any{"first_name": "Eve", "external_user_id": "crm-1"}, http.StatusConflict},
			{"UpdateKeepsOwn", http.MethodPatch, "/api/v1/users/" + first.Id.String(), map[string]any{"external_user_id": "crm-1"}, http.StatusOK},
			{"UpdateOtherField", http.MethodPatch, "/api/v1/users/" + first.Id.String(), map[string]any{"last_name": "L"}, http.StatusOK},
			{"CreateWithout", http.MethodPost, "/api/v1/users", map[string]any{"first_name": "Nobody"}, http.StatusCreated},
			{"CreateWithoutAgain", http.MethodPost, "/api/v1/users", map[string]any{"external_user_id": nil}, http.StatusCreated},
		}
		for _, tt := range tests {
			res := b.do(t, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, res.Status, "%s: %s", tt.name, res.Body)
			if tt.status == http.StatusConflict {
				require.Equal(t, want, res.detail(t), tt.name)
			}
		}
		var page apigen.UserPage
		b.do(t, http.MethodGet, "/api/v1/users?limit=100", nil).json(t, &page)
		require.Equal(t, 4, page.Total, "the refused create stored nothing")
		got := b.do(t, http.MethodGet, "/api/v1/users/"+other.Id.String(), nil)
		var u apigen.UserRead
		got.json(t, &u)
		require.Equal(t, "Bob", u.FirstName.MustGet(), "the refused update changed nothing")
		// Freed by its holder, the id can be taken.
		require.Equal(t, http.StatusOK, b.do(t, http.MethodPatch, "/api/v1/users/"+first.Id.String(), map[string]any{"external_user_id": nil}).Status)
		require.Equal(t, http.StatusOK, b.do(t, http.MethodPatch, "/api/v1/users/"+other.Id.String(), map[string]any{"external_user_id": "crm-1"}).Status)
	})
}
