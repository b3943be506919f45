package oura

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// receiver plays wearhouse's webhook endpoint: GET answers the
// verification challenge, POST verifies the signature against the clock
// and records the parsed targets.
type receiver struct {
	p    *Provider
	subs *Subscriptions
	now  func() time.Time

	mu       sync.Mutex
	targets  []provider.Target
	rejected int
}

func newReceiver(t *testing.T, p *Provider, now func() time.Time) (*receiver, string) {
	t.Helper()
	r := &receiver{p: p, now: now}
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+WebhookPath, func(w http.ResponseWriter, req *http.Request) { r.subs.ServeHTTP(w, req) })
	mux.HandleFunc("POST "+WebhookPath, r.post)
	hs := httptest.NewServer(mux)
	t.Cleanup(hs.Close)
	return r, hs.URL + WebhookPath
}

func (r *receiver) post(w http.ResponseWriter, req *http.Request) {
	body, err := io.ReadAll(req.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if err := r.p.VerifyWebhook(req.Header, body, r.now()); err != nil {
		r.mu.Lock()
		r.rejected++
		r.mu.Unlock()
		http.Error(w, "bad signature", http.StatusUnauthorized)
		return
	}
	ts, err := r.p.ParseWebhook(body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	r.mu.Lock()
	r.targets = append(r.targets, ts...)
	r.mu.Unlock()
	w.WriteHeader(http.StatusOK)
}

func (r *receiver) received() ([]provider.Target, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]provider.Target(nil), r.targets...), r.rejected
}
