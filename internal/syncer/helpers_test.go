package syncer_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

func serve(t *testing.T, h http.Handler) string {
	t.Helper()
	s := httptest.NewServer(h)
	t.Cleanup(s.Close)
	return s.URL
}

func readAll(t *testing.T, r *http.Request) []byte {
	t.Helper()
	b, err := io.ReadAll(r.Body)
	require.NoError(t, err)
	return b
}

func storeRunQuery(userID string) store.SyncRunQuery {
	return store.SyncRunQuery{UserID: userID, Limit: 10000}
}

func dataSourceOf(t *testing.T, st store.Store, c domain.Connection) string {
	t.Helper()
	dss, err := st.ListDataSources(t.Context(), c.UserID)
	require.NoError(t, err)
	require.Len(t, dss, 1)
	return dss[0].ID
}
