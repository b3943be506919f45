package whooplabs

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"
)

// Scope is the partner token's scope.
const Scope = "whoop-partner/token"

// DefaultBaseURL is WHOOP's partner API base.
const DefaultBaseURL = "https://api.prod.whoop.com/developer"

// ClientOptions configures NewClient.
type ClientOptions struct {
	// BaseURL is the API base (DefaultBaseURL; the simulator's
	// …/developer in tests).
	BaseURL      string
	ClientID     string
	ClientSecret string
	// HTTP is the transport under the token (default: 30 s timeout).
	HTTP *http.Client
	// EarlyExpiry is how long before its expiry a token is replaced
	// (default one minute), so no request goes out with a token that
	// expires on the way.
	EarlyExpiry time.Duration
	// Now stamps token expiry (default time.Now).
	Now func() time.Time
}

// Client calls WHOOP's partner API with a partner token.
type Client struct {
	o      ClientOptions
	mu     sync.Mutex
	tokens oauth2.TokenSource
}

// NewClient builds a client; it fetches no token until the first call.
func NewClient(o ClientOptions) *Client {
	o.BaseURL = strings.TrimRight(o.BaseURL, "/")
	if o.BaseURL == "" {
		o.BaseURL = DefaultBaseURL
	}
	if o.HTTP == nil {
		o.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if o.EarlyExpiry <= 0 {
		o.EarlyExpiry = time.Minute
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	c := &Client{o: o}
	c.resetTokens()
	return c
}

// Configured reports whether partner credentials are set.
func (c *Client) Configured() bool { return c.o.ClientID != "" && c.o.ClientSecret != "" }

func (c *Client) resetTokens() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.tokens = oauth2.ReuseTokenSourceWithExpiry(nil, &jsonTokens{c: c}, c.o.EarlyExpiry)
}

func (c *Client) source() oauth2.TokenSource {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.tokens
}

// jsonTokens fetches partner tokens from POST /v2/partner/token with a
// JSON body (WHOOP's partner token endpoint is not form-encoded).
type jsonTokens struct{ c *Client }

// Token implements oauth2.TokenSource.
func (j *jsonTokens) Token() (*oauth2.Token, error) {
	c := j.c
	body, _ := json.Marshal(tokenRequest{ClientID: c.o.ClientID, ClientSecret: c.o.ClientSecret, Scope: Scope, GrantType: "client_credentials"})
	req, err := http.NewRequest(http.MethodPost, c.o.BaseURL+"/v2/partner/token", bytes.NewReader(body))
	if err != nil {
		return nil, fmt.Errorf("whooplabs: token: %w", err)
	}
	req.Header.Set("Content-Type", "application/json")
	var tr tokenResponse
	if err := c.send(req, "token", &tr); err != nil {
		return nil, err
	}
	if tr.AccessToken == "" {
		return nil, fmt.Errorf("whooplabs: token: %w: no access_token", ErrUpstream)
	}
	t := &oauth2.Token{AccessToken: tr.AccessToken, TokenType: cmpOr(tr.TokenType, "Bearer")}
	if tr.ExpiresIn > 0 {
		t.Expiry = c.o.Now().Add(time.Duration(tr.ExpiresIn) * time.Second)
	}
	return t, nil
}

func cmpOr(s, d string) string {
	if s == "" {
		return d
	}
	return s
}

// Requisition reads a lab requisition.
func (c *Client) Requisition(ctx context.Context, id string) (Requisition, error) {
	var r Requisition
	err := c.call(ctx, http.MethodGet, "/v2/partner/requisition/"+url.PathEscape(id), "get requisition", nil, &r)
	return r, err
}

// ServiceRequest reads one service request.
func (c *Client) ServiceRequest(ctx context.Context, id string) (ServiceRequest, error) {
	var r ServiceRequest
	err := c.call(ctx, http.MethodGet, "/v2/partner/service-request/"+url.PathEscape(id), "get service request", nil, &r)
	return r, err
}

// UpdateRequisitionStatus sets the status of all of a requisition's
// service requests (WHOOP answers 204).
func (c *Client) UpdateRequisitionStatus(ctx context.Context, id string, u StatusUpdate) error {
	return c.call(ctx, http.MethodPatch, "/v2/partner/requisition/"+url.PathEscape(id)+"/status", "update requisition status", u, nil)
}

// UpdateServiceRequestStatus sets one service request's status and
// returns it as updated.
func (c *Client) UpdateServiceRequestStatus(ctx context.Context, id string, u StatusUpdate) (ServiceRequest, error) {
	var r ServiceRequest
	err := c.call(ctx, http.MethodPatch, "/v2/partner/service-request/"+url.PathEscape(id)+"/status", "update service request status", u, &r)
	return r, err
}

// CreateDiagnosticReport submits results for a service request.
func (c *Client) CreateDiagnosticReport(ctx context.Context, id string, d DiagnosticReport) (CreatedReport, error) {
	var r CreatedReport
	err := c.call(ctx, http.MethodPost, "/v2/partner/service-request/"+url.PathEscape(id)+"/results", "create diagnostic report", d, &r)
	return r, err
}

// call sends an authenticated JSON request; a 401 (a token WHOOP revoked
// early, or a clock gap) drops the cached token and tries once more.
func (c *Client) call(ctx context.Context, method, path, op string, in, out any) error {
	if !c.Configured() {
		return ErrNotConfigured
	}
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return fmt.Errorf("whooplabs: %s: %w", op, err)
		}
	}
	for attempt := 0; ; attempt++ {
		tok, err := c.source().Token()
		if err != nil {
			return err
		}
		req, err := http.NewRequestWithContext(ctx, method, c.o.BaseURL+path, bytes.NewReader(body))
		if err != nil {
			return fmt.Errorf("whooplabs: %s: %w", op, err)
		}
		if in != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		tok.SetAuthHeader(req)
		err = c.send(req, op, out)
		if attempt == 0 && errors.Is(err, ErrCredentials) {
			c.resetTokens()
			continue
		}
		return err
	}
}

// send does one request and decodes a 2xx JSON answer into out; any
// other answer becomes an *UpstreamError with WHOOP's message.
func (c *Client) send(req *http.Request, op string, out any) error {
	res, err := c.o.HTTP.Do(req)
	if err != nil {
		return fmt.Errorf("whooplabs: %s: %w: %w", op, ErrUpstream, err)
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return fmt.Errorf("whooplabs: %s: %w: %w", op, ErrUpstream, err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		ue := &UpstreamError{Op: op, Status: res.StatusCode, Message: message(raw, res.Status)}
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err == nil {
			ue.RetryAfter = time.Duration(s) * time.Second
		}
		return ue
	}
	if out == nil || len(bytes.TrimSpace(raw)) == 0 {
		return nil
	}
	if err := json.Unmarshal(raw, out); err != nil {
		return fmt.Errorf("whooplabs: %s: %w: unreadable answer: %w", op, ErrUpstream, err)
	}
	return nil
}

// message extracts WHOOP's error text: a JSON "message", "error" or
// "detail" field, else the body itself (trimmed), else the status line.
func message(raw []byte, status string) string {
	var m map[string]any
	if json.Unmarshal(raw, &m) == nil {
		for _, k := range []string{"message", "detail", "error_description", "error"} {
			if s, ok := m[k].(string); ok && s != "" {
				return s
			}
		}
	}
	if s := strings.TrimSpace(string(raw)); s != "" && len(s) <= 500 {
		return s
	}
	return status
}
