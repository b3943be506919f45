package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// shellWords splits a command line the way sh would for the subset the
// docs use: single and double quotes, backslash-newline continuations.
func shellWords(line string) ([]string, error) {
	line = strings.ReplaceAll(line, "\\\n", " ")
	var (
		words []string
		cur   strings.Builder
		quote rune
		in    bool
	)
	for _, r := range line {
		switch {
		case quote != 0 && r == quote:
			quote = 0
		case quote != 0:
			cur.WriteRune(r)
		case r == '\'' || r == '"':
			quote, in = r, true
		case r == ' ' || r == '\t' || r == '\n':
			if in {
				words = append(words, cur.String())
				cur.Reset()
				in = false
			}
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quote != 0 {
		return nil, fmt.Errorf("unterminated quote in %q", line)
	}
	if in {
		words = append(words, cur.String())
	}
	return words, nil
}

// curlRequest turns a curl command line (-s, -H, -X, -d and a URL) into a
// request, so the tests run exactly what a reader would paste.
func curlRequest(ctx context.Context, line string) (*http.Request, error) {
	words, err := shellWords(line)
	if err != nil {
		return nil, err
	}
	if len(words) == 0 || words[0] != "curl" {
		return nil, fmt.Errorf("not a curl command: %q", line)
	}
	method, body, target := "", "", ""
	header := http.Header{}
	for i := 1; i < len(words); i++ {
		w := words[i]
		next := func() string {
			i++
			if i < len(words) {
				return words[i]
			}
			return ""
		}
		switch w {
		case "-s", "-sS", "-S":
		case "-H":
			k, v, _ := strings.Cut(next(), ":")
			header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
		case "-X":
			method = next()
		case "-d", "--data":
			body = next()
		default:
			if strings.HasPrefix(w, "-") {
				return nil, fmt.Errorf("curl option %s is not supported by the test", w)
			}
			target = w
		}
	}
	if !strings.HasPrefix(target, "http://") && !strings.HasPrefix(target, "https://") {
		target = "http://" + target
	}
	if method == "" {
		method = http.MethodGet
		if body != "" {
			method = http.MethodPost
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, target, strings.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header = header
	return req, nil
}

// runCurl runs one curl command line and decodes its JSON answer.
func runCurl(t *testing.T, line string) (int, any) {
	t.Helper()
	req, err := curlRequest(t.Context(), line)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if len(b) == 0 {
		return res.StatusCode, nil
	}
	var v any
	require.NoError(t, json.Unmarshal(b, &v), "%s answered %s", line, b)
	return res.StatusCode, v
}

func TestShellWords(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want []string
	}{
		{`curl -s 'a b' "c d"`, []string{"curl", "-s", "a b", "c d"}},
		{"curl -H \"K: $v\" \\\n  -d '{\"x\":1}' url", []string{"curl", "-H", "K: $v", "-d", `{"x":1}`, "url"}},
		{`x ''`, []string{"x", ""}},
	}
	for _, tt := range tests {
		got, err := shellWords(tt.in)
		require.NoError(t, err)
		require.Equal(t, tt.want, got)
	}
	_, err := shellWords(`curl 'open`)
	require.Error(t, err)
}
