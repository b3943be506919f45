package simkit

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// Delivery records one webhook POST attempt.
type Delivery struct {
	URL    string
	Body   []byte
	Header http.Header
	At     time.Time
	// Status is the receiver's HTTP status (0 if the request failed).
	Status int
	Err    error
}

// WebhookSender POSTs events to subscribers synchronously and keeps a log
// of deliveries that tests can inspect. Signing is the caller's job: each
// provider signs differently.
type WebhookSender struct {
	client *http.Client
	clock  Clock
	// Attempts is how many times a failed delivery is tried (default 1);
	// retries are immediate because tests drive time explicitly.
	Attempts int
	mu       sync.Mutex
	log      []Delivery
}

// NewWebhookSender returns a sender using client (http.DefaultClient with
// a 10 s timeout if nil; receivers must answer quickly, as with WHOOP).
func NewWebhookSender(client *http.Client, clock Clock) *WebhookSender {
	if client == nil {
		client = &http.Client{Timeout: 10 * time.Second}
	}
	if clock == nil {
		clock = RealClock{}
	}
	return &WebhookSender{client: client, clock: clock, Attempts: 1}
}

// Send POSTs body with header to url and returns the last attempt.
func (s *WebhookSender) Send(ctx context.Context, url string, body []byte, header http.Header) Delivery {
	var d Delivery
	for range max(s.Attempts, 1) {
		d = s.post(ctx, url, body, header)
		s.mu.Lock()
		s.log = append(s.log, d)
		s.mu.Unlock()
		if d.Err == nil {
			break
		}
	}
	return d
}

func (s *WebhookSender) post(ctx context.Context, url string, body []byte, header http.Header) Delivery {
	d := Delivery{URL: url, Body: body, Header: header.Clone(), At: s.clock.Now()}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		d.Err = fmt.Errorf("webhook request: %w", err)
		return d
	}
	req.Header = header.Clone()
	resp, err := s.client.Do(req)
	if err != nil {
		d.Err = fmt.Errorf("webhook post %s: %w", url, err)
		return d
	}
	defer func() { _ = resp.Body.Close() }()
	_, _ = io.Copy(io.Discard, resp.Body)
	d.Status = resp.StatusCode
	if resp.StatusCode/100 != 2 {
		d.Err = fmt.Errorf("webhook post %s: status %d", url, resp.StatusCode)
	}
	return d
}

// Deliveries returns a copy of the delivery log.
func (s *WebhookSender) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Delivery(nil), s.log...)
}

// ResetLog empties the delivery log.
func (s *WebhookSender) ResetLog() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.log = nil
}
