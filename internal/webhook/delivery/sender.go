package delivery

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// Timeout bounds one attempt, connection to last byte.
const Timeout = 15 * time.Second

// MaxResponseBody is how much of a receiver's answer an attempt records.
const MaxResponseBody = 1024

// Sender makes delivery attempts over HTTP.
type Sender struct {
	client *http.Client
	// UserAgent names wearhouse to receivers.
	UserAgent string
}

// NewSender returns a Sender whose connections pass g, time out after
// Timeout, ignore proxy settings (a proxy would connect on our behalf,
// past the guard) and never follow redirects (a 3xx is a failed attempt:
// a redirect could point anywhere).
func NewSender(g Guard) *Sender {
	d := &net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second, Control: g.Control}
	tr := &http.Transport{
		Proxy:                 nil,
		DialContext:           d.DialContext,
		ForceAttemptHTTP2:     true,
		MaxIdleConns:          256,
		MaxIdleConnsPerHost:   64,
		IdleConnTimeout:       90 * time.Second,
		TLSHandshakeTimeout:   5 * time.Second,
		ResponseHeaderTimeout: Timeout,
	}
	return &Sender{
		client: &http.Client{
			Transport:     tr,
			Timeout:       Timeout,
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
		UserAgent: "wearhouse-webhooks/1",
	}
}

// Outcome is what one attempt got back.
type Outcome struct {
	StatusCode int
	Body       string
	Latency    time.Duration
	// RetryAfter is the receiver's requested wait (429 and 503 only).
	RetryAfter time.Duration
	// Err is set when no response arrived (refused address, timeout,
	// connection error); it never holds the signature.
	Err error
}

// OK reports a 2xx answer.
func (o Outcome) OK() bool { return o.Err == nil && o.StatusCode >= 200 && o.StatusCode < 300 }

// Send posts body to url signed as message id at now.
func (s *Sender) Send(ctx context.Context, url, id string, body []byte, signer *signing.Signer, now time.Time) Outcome {
	h, err := signer.Sign(id, now, body)
	if err != nil {
		return Outcome{Err: err}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return Outcome{Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", s.UserAgent)
	h.Apply(req.Header)
	start := time.Now()
	resp, err := s.client.Do(req)
	if err != nil {
		return Outcome{Latency: time.Since(start), Err: cleanErr(err)}
	}
	defer func() { _ = resp.Body.Close() }()
	b, _ := io.ReadAll(io.LimitReader(resp.Body, MaxResponseBody))
	// Drain a little more so the connection can be reused.
	_, _ = io.CopyN(io.Discard, resp.Body, 64<<10)
	return Outcome{StatusCode: resp.StatusCode, Body: validUTF8(b), Latency: time.Since(start),
		RetryAfter: RetryAfter(resp.StatusCode, resp.Header, now)}
}

// cleanErr keeps the cause of a failed request without the request
// itself (url.Error repeats the URL, which is fine, but nothing else).
func cleanErr(err error) error {
	if errors.Is(err, ErrForbiddenAddress) {
		return ErrForbiddenAddress
	}
	return err
}

// validUTF8 makes a truncated body storable text on both engines
// (PostgreSQL text holds neither invalid UTF-8 nor NUL).
func validUTF8(b []byte) string {
	return strings.ReplaceAll(strings.ToValidUTF8(string(b), "\uFFFD"), "\x00", "")
}
