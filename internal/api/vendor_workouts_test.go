package api

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// TestVendorWorkouts: the provider's workout documents byte for byte,
// with 0.9.0's since, offset and limit, and the detail flags refused.
func TestVendorWorkouts(t *testing.T) {
	t.Parallel()
	forEachEngine(t, func(t *testing.T, b *testBundle) {
		ctx := context.Background()
		u, err := b.store.CreateUser(ctx, domain.User{})
		require.NoError(t, err)
		day0 := time.Date(2025, 3, 1, 0, 0, 0, 0, time.UTC)
		var docs []domain.RawDocument
		for i := range 5 {
			start := day0.AddDate(0, 0, i)
			docs = append(docs, domain.RawDocument{UserID: u.ID, Provider: domain.ProviderWHOOP, DataType: "workout", ProviderRecordID: fmt.Sprintf("w%d", i),
				StartTime: &start, Body: []byte(fmt.Sprintf(`{"id": "w%d",  "strain": 1%d.5}`, i, i)), FetchedAt: start})
		}
		docs = append(docs, domain.RawDocument{UserID: u.ID, Provider: domain.ProviderWHOOP, DataType: "sleep", ProviderRecordID: "s0",
			StartTime: &day0, Body: []byte(`{"id":"s0"}`), FetchedAt: day0})
		_, err = b.store.PutRawDocuments(ctx, docs)
		require.NoError(t, err)
		require.NoError(t, b.store.MarkRawDocumentDeleted(ctx, u.ID, domain.ProviderWHOOP, "workout", "w4"))
		base := "/api/v1/providers/whoop/users/" + u.ID + "/workouts"
		get := func(q string) string {
			t.Helper()
			res := b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusOK, res.Status, string(res.Body))
			return string(res.Body)
		}
		w := func(i int) string { return fmt.Sprintf(`{"id": "w%d",  "strain": 1%d.5}`, i, i) }
		require.Equal(t, "["+w(0)+","+w(1)+","+w(2)+","+w(3)+"]\n", get(""), "oldest first, bytes as stored, deleted ones left out")
		require.Equal(t, "["+w(1)+","+w(2)+"]\n", get("?offset=1&limit=2"))
		require.Equal(t, "[]\n", get("?offset=9"))
		since := day0.Add(36 * time.Hour).Unix()
		require.Equal(t, "["+w(2)+","+w(3)+"]\n", get(fmt.Sprintf("?since=%d&filter_by_modification_time=false", since)))
		require.Equal(t, "["+w(0)+","+w(1)+","+w(2)+","+w(3)+"]\n", get(fmt.Sprintf("?since=%d", since)), "every document was stored after since")
		require.Equal(t, "[]\n", get(fmt.Sprintf("?since=%d", time.Now().Add(time.Hour).Unix())))
		require.Equal(t, "["+w(1)+"]\n", get("?summary_start_time=2025-03-02&summary_end_time=2025-03-02"))

		res := b.do(t, http.MethodGet, base+"/w2", nil)
		require.Equal(t, http.StatusOK, res.Status)
		require.Equal(t, w(2)+"\n", string(res.Body))
		for _, id := range []string{"w4", "s0", "nope"} {
			res = b.do(t, http.MethodGet, base+"/"+id, nil)
			require.Equal(t, http.StatusNotFound, res.Status, id)
		}
		for _, q := range []string{"?samples=true", "?zones=true", "?route=true"} {
			for _, path := range []string{base, base + "/w2"} {
				res = b.do(t, http.MethodGet, path+q, nil)
				require.Equal(t, http.StatusBadRequest, res.Status, path+q)
				require.Contains(t, res.detail(t), q[1:len(q)-5], path+q)
			}
		}
		for q, param := range map[string]string{"?limit=101": "limit", "?offset=-1": "offset", "?since=x": "since", "?summary_start_time=x": "summary_start_time"} {
			res = b.do(t, http.MethodGet, base+q, nil)
			require.Equal(t, http.StatusBadRequest, res.Status, q)
			require.Contains(t, res.detail(t), param, q)
		}
		res = b.do(t, http.MethodGet, "/api/v1/providers/garmin/users/"+u.ID+"/workouts", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
		res = b.do(t, http.MethodGet, "/api/v1/providers/whoop/users/"+uuid.NewString()+"/workouts", nil)
		require.Equal(t, http.StatusNotFound, res.Status)
	})
}
