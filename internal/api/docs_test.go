package api

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/browsertest"
)

// TestDocsAssetsAreEmbedded: the reference page's renderer comes from the
// binary, with the right types, and nothing else is served from there.
func TestDocsAssetsAreEmbedded(t *testing.T) {
	t.Parallel()
	b := setup(t)
	tests := []struct {
		name, contentType string
		status            int
	}{
		{"swagger-ui-bundle.js", "text/javascript; charset=utf-8", http.StatusOK},
		{"swagger-ui.css", "text/css; charset=utf-8", http.StatusOK},
		{"init.js", "text/javascript; charset=utf-8", http.StatusOK},
		{"LICENSE", "", http.StatusOK},
		{"package.json", "", http.StatusNotFound},
		{"..%2fdocs.go", "", http.StatusNotFound},
	}
	for _, tt := range tests {
		res, err := http.Get(b.http.URL + "/docs/assets/" + tt.name)
		require.NoError(t, err)
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		require.NoError(t, res.Body.Close())
		require.Equal(t, tt.status, res.StatusCode, tt.name)
		if tt.contentType != "" {
			require.Equal(t, tt.contentType, res.Header.Get("Content-Type"), tt.name)
			require.NotEmpty(t, body, tt.name)
		}
	}
	res, err := http.Get(b.http.URL + "/docs")
	require.NoError(t, err)
	require.NoError(t, res.Body.Close())
	require.Contains(t, res.Header.Get("Content-Security-Policy"), "script-src 'self'")
}

// TestDocsPageRendersInABrowser loads /docs in headless Chromium and checks
// that the embedded renderer drew the contract: operations with their
// paths, and the schemas of request and response bodies.
func TestDocsPageRendersInABrowser(t *testing.T) {
	t.Parallel()
	b := setup(t)
	dom := browsertest.DumpDOM(t, b.http.URL+"/docs", 10*time.Second)
	for _, want := range []string{
		`class="swagger-ui"`,
		"opblock",                              // operations were rendered
		"/api/v1/users/{user_id}/events/sleep", // from /openapi.json, not the no-script list
		"Schemas",                              // the models section
	} {
		require.Contains(t, dom, want)
	}
	require.Greater(t, strings.Count(dom, `class="opblock `), 20, "every operation is drawn")
}
