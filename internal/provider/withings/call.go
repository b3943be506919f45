package withings

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Service paths of the API host.
const (
	pathMeasure   = "/measure"
	pathMeasureV2 = "/v2/measure"
	pathSleep     = "/v2/sleep"
	pathHeart     = "/v2/heart"
	pathUser      = "/v2/user"
	pathNotify    = "/notify"
)

// call POSTs one action with a form body (the seed's code samples send
// every parameter with --data) and the access token as a Bearer header,
// through the app's rate budget. It returns the envelope's body, decoded
// into out when out is not nil; a non-zero status becomes a typed error.
func (p *Provider) call(ctx context.Context, accessToken, path, action string, form url.Values, out any) (json.RawMessage, error) {
	f := url.Values{}
	for k, v := range form {
		f[k] = v
	}
	f.Set("action", action)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, p.o.APIURL+path, strings.NewReader(f.Encode()))
	if err != nil {
		return nil, fmt.Errorf("withings: build %s: %w", action, err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Authorization", "Bearer "+accessToken)
	raw, err := p.o.Client.Do(req, true)
	if err != nil {
		return nil, fmt.Errorf("withings: %s: %w", action, err)
	}
	body, err := p.open(ctx, action, raw, dataError)
	if err != nil {
		return nil, err
	}
	if out != nil {
		if err := json.Unmarshal(body, out); err != nil {
			return nil, fmt.Errorf("withings: %s: %w", action, provider.Malformed(action+" body", err))
		}
	}
	return body, nil
}

// open decodes the {status, body} envelope. A 601 also pauses the shared
// budget so that every worker of the app backs off, not just this one.
func (p *Provider) open(ctx context.Context, action string, raw []byte, classify func(string, int, string) error) (json.RawMessage, error) {
	var env envelope
	if err := json.Unmarshal(raw, &env); err != nil {
		return nil, fmt.Errorf("withings: %s: %w", action, provider.Malformed(action+" answer", err))
	}
	if env.Status == nil {
		return nil, fmt.Errorf("withings: %s: %w", action, provider.Malformed(action+" answer", fmt.Errorf("no status")))
	}
	if *env.Status != 0 {
		err := classify(action, *env.Status, env.Error)
		if FamilyOf(*env.Status) == FamilyTooMany {
			p.o.Client.Budget().Pause(ctx, rateLimitWait)
		}
		return nil, err
	}
	if len(env.Body) == 0 || string(env.Body) == "null" {
		return json.RawMessage(`{}`), nil
	}
	return env.Body, nil
}

// tokenKey hashes an access token, so that tokens are never kept as map
// keys in the clear.
func tokenKey(t string) string {
	sum := sha256.Sum256([]byte(t))
	return hex.EncodeToString(sum[:])
}
