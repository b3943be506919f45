package api

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
)

// rawDo sends a request without the spec validation of b.do: the paths
// here are not spec routes.
func rawDo(t *testing.T, b *testBundle, method, path string) response {
	t.Helper()
	req, err := http.NewRequest(method, b.http.URL+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Open-Wearables-API-Key", b.key)
	res, err := b.http.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return response{Status: res.StatusCode, Header: res.Header, Body: body}
}

func TestUnknownAPIPathsAnswerJSON(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := createUser(t, b, map[string]any{"first_name": "Ada"})
	paths := []string{"/api/v1/users/", "/api/v1/users/" + u.Id.String() + "/", "/api/v1/users/" + u.Id.String() + "/events/sleep/",
		"/api/v1/nope/", "/api/v1/"}
	for _, path := range paths {
		for _, method := range []string{http.MethodGet, http.MethodPost, http.MethodDelete} {
			t.Run(method+path, func(t *testing.T) {
				t.Parallel()
				res := rawDo(t, b, method, path)
				require.Contains(t, []int{http.StatusNotFound, http.StatusMethodNotAllowed}, res.Status, string(res.Body))
				require.Equal(t, "application/json", res.Header.Get("Content-Type"), string(res.Body))
				res.detail(t)
			})
		}
	}
}

func TestJSONBodyWithTrailingDataIsRejected(t *testing.T) {
	t.Parallel()
	b := setup(t)
	u := createUser(t, b, map[string]any{"first_name": "Ada"})
	tests := []struct {
		name, method, path, body string
		status                   int
	}{
		{"SecondObject", http.MethodPost, "/api/v1/users", `{"email":"a@b.c"}{"is_admin":true}`, http.StatusBadRequest},
		{"Garbage", http.MethodPost, "/api/v1/users", `{"email":"a@b.c"} x`, http.StatusBadRequest},
		{"SecondValue", http.MethodPatch, "/api/v1/users/" + u.Id.String(), `{"first_name":"B"} 1`, http.StatusBadRequest},
		{"TrailingWhitespace", http.MethodPost, "/api/v1/users", "{\"email\":\"c@d.e\"}\r\n\t ", http.StatusCreated},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			res := b.do(t, tt.method, tt.path, tt.body)
			require.Equal(t, tt.status, res.Status, string(res.Body))
			if tt.status == http.StatusBadRequest {
				require.Contains(t, res.detail(t), "after the JSON value")
			}
		})
	}
	t.Cleanup(func() {
		var page apigen.UserPage
		b.do(t, http.MethodGet, "/api/v1/users", nil).json(t, &page)
		require.Equal(t, 2, page.Total, "only the whitespace case stores a user")
	})
}

// TestAnnouncedOversizedBodyIsRefusedAtOnce sends only the headers of a
// request announcing 20 MB: the 413 must arrive without the body being
// sent, and before any 100 Continue.
func TestAnnouncedOversizedBodyIsRefusedAtOnce(t *testing.T) {
	t.Parallel()
	b := setup(t)
	for _, expect := range []bool{true, false} {
		name := "Plain"
		if expect {
			name = "ExpectContinue"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			u, err := url.Parse(b.http.URL)
			require.NoError(t, err)
			conn, err := net.Dial("tcp", u.Host)
			require.NoError(t, err)
			defer conn.Close()
			// A server that waits for the body would block here; fail instead.
			require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
			head := "POST /api/v1/users HTTP/1.1\r\nHost: " + u.Host + "\r\nX-Open-Wearables-API-Key: " + b.key +
				"\r\nContent-Type: application/json\r\nContent-Length: 20971520\r\n"
			if expect {
				head += "Expect: 100-continue\r\n"
			}
			_, err = io.WriteString(conn, head+"\r\n")
			require.NoError(t, err)
			res, err := http.ReadResponse(bufio.NewReader(conn), nil)
			require.NoError(t, err)
			defer res.Body.Close()
			require.Equal(t, http.StatusRequestEntityTooLarge, res.StatusCode)
			body, err := io.ReadAll(res.Body)
			require.NoError(t, err)
			require.True(t, strings.Contains(string(body), `"detail":"request body exceeds 4096 bytes"`), string(body))
		})
	}
}
