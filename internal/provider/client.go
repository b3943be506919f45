package provider

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/metrics"
)

// Client is the HTTP client every provider calls through. It applies the
// provider application's rate budget, a timeout per request, and turns
// answers into typed errors (see errors.go). It never logs or echoes
// tokens: error messages carry the URL without query secrets and a short
// body excerpt.
type Client struct {
	http     *http.Client
	budget   Budget
	now      func() time.Time
	maxBody  int64
	agent    string
	fallback time.Duration
	metrics  *metrics.Provider
}

// ClientOptions configures NewClient.
type ClientOptions struct {
	// HTTP is the underlying client; nil builds one with Timeout.
	HTTP *http.Client
	// Timeout bounds each request, headers and body (default 30 s).
	Timeout time.Duration
	// Budget is the provider application's shared rate budget; nil means
	// Unlimited.
	Budget Budget
	// Now is the clock used for Retry-After dates (default time.Now).
	Now func() time.Time
	// MaxBody caps a response body (default 16 MiB).
	MaxBody int64
	// UserAgent is sent with every request.
	UserAgent string
	// DefaultRetryAfter is assumed when a 429 carries no usable
	// Retry-After (default 60 s).
	DefaultRetryAfter time.Duration
	// Metrics counts requests, 429s and budget waits (nil: none).
	Metrics *metrics.Provider
}

// NewClient builds a Client.
func NewClient(o ClientOptions) *Client {
	c := &Client{http: o.HTTP, budget: o.Budget, now: o.Now, maxBody: o.MaxBody, agent: o.UserAgent, fallback: o.DefaultRetryAfter, metrics: o.Metrics}
	if c.http == nil {
		t := o.Timeout
		if t <= 0 {
			t = 30 * time.Second
		}
		c.http = &http.Client{Timeout: t}
	}
	if c.budget == nil {
		c.budget = Unlimited{}
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.maxBody <= 0 {
		c.maxBody = 16 << 20
	}
	c.agent = cmp.Or(c.agent, "wearhouse")
	if c.fallback <= 0 {
		c.fallback = time.Minute
	}
	return c
}

// Budget returns the client's rate budget.
func (c *Client) Budget() Budget { return c.budget }

// GetJSON sends an authenticated GET through the budget and decodes the
// answer into v (which may be nil). It returns the raw body as well, so
// callers can keep the document byte for byte.
func (c *Client) GetJSON(ctx context.Context, rawURL, accessToken string, v any) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, fmt.Errorf("provider: build request: %w", err)
	}
	if accessToken != "" {
		req.Header.Set("Authorization", "Bearer "+accessToken)
	}
	req.Header.Set("Accept", "application/json")
	body, err := c.Do(req, true)
	if err != nil {
		return nil, err
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return nil, Malformed(redact(req.URL), err)
		}
	}
	return body, nil
}

// Do sends req and returns the body of a 2xx answer. budgeted requests
// first take from the rate budget; OAuth token calls are not budgeted
// because providers limit their data APIs, not their token endpoints.
func (c *Client) Do(req *http.Request, budgeted bool) ([]byte, error) {
	ctx := req.Context()
	if budgeted {
		start := time.Now() // wall time: how long the request was held
		err := c.budget.Take(ctx)
		c.metrics.BudgetWait(time.Since(start))
		if err != nil {
			return nil, err
		}
	}
	req.Header.Set("User-Agent", c.agent)
	res, err := c.http.Do(req)
	if res != nil {
		c.metrics.Request(res.StatusCode)
	} else {
		c.metrics.Request(0)
	}
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("provider: %s %s: %w", req.Method, redact(req.URL), ctx.Err())
		}
		return nil, fmt.Errorf("provider: %s %s: %w: %w", req.Method, redact(req.URL), ErrTransient, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, c.maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("provider: %s %s: read body: %w: %w", req.Method, redact(req.URL), ErrTransient, err)
	}
	if int64(len(body)) > c.maxBody {
		return nil, fmt.Errorf("provider: %s %s: body larger than %d bytes: %w", req.Method, redact(req.URL), c.maxBody, ErrRejected)
	}
	if res.StatusCode >= 200 && res.StatusCode < 300 {
		return body, nil
	}
	return nil, c.statusError(ctx, req, res, body)
}

// statusError classifies a non-2xx answer. A 429 also pauses the shared
// budget so every worker backs off, not just this one.
func (c *Client) statusError(ctx context.Context, req *http.Request, res *http.Response, body []byte) error {
	se := &StatusError{Status: res.StatusCode, Method: req.Method, URL: redact(req.URL), Body: excerpt(body)}
	switch {
	case res.StatusCode == http.StatusTooManyRequests:
		wait := c.retryAfter(res.Header)
		c.budget.Pause(ctx, wait)
		return fmt.Errorf("%w: %w", &RateLimitError{RetryAfter: wait}, se)
	case res.StatusCode == http.StatusUnauthorized:
		se.Kind = ErrUnauthorized
	case res.StatusCode == http.StatusNotFound:
		se.Kind = ErrNotFound
	case res.StatusCode == http.StatusRequestTimeout || res.StatusCode >= 500:
		se.Kind = ErrTransient
	default:
		se.Kind = ErrRejected
	}
	return se
}

// retryAfter reads Retry-After (seconds or an HTTP date), then WHOOP-style
// X-RateLimit-Reset (seconds), falling back to the default.
func (c *Client) retryAfter(h http.Header) time.Duration {
	for _, name := range []string{"Retry-After", "X-RateLimit-Reset"} {
		v := strings.TrimSpace(h.Get(name))
		if v == "" {
			continue
		}
		if s, err := strconv.ParseFloat(v, 64); err == nil && s >= 0 {
			return max(time.Duration(s*float64(time.Second)), time.Second)
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(c.now()), time.Second)
		}
	}
	return c.fallback
}

// redact drops the query string, which may carry codes or tokens.
func redact(u *url.URL) string {
	if u == nil {
		return ""
	}
	cp := *u
	cp.RawQuery, cp.User = "", nil
	return cp.String()
}

// excerpt keeps the first bytes of an error body for the message.
func excerpt(b []byte) string {
	const n = 200
	s := strings.ToValidUTF8(string(b), "?")
	if len(s) > n {
		s = s[:n] + "…"
	}
	return strings.TrimSpace(s)
}

// IsStatus reports whether err is a StatusError with the given status.
func IsStatus(err error, status int) bool {
	se, ok := errors.AsType[*StatusError](err)
	return ok && se.Status == status
}
