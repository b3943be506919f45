package demo

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	standardwebhooks "github.com/standard-webhooks/standard-webhooks/libraries/go"

	"github.com/wearhouse/wearhouse/internal/webhook/event"
)

// receiverDescription marks the demo's own endpoint, replaced on every run
// (the previous run's receiver port is gone).
const receiverDescription = "wearhouse demo receiver"

// watchWebhooks registers a local receiver as a webhook endpoint through
// the API and prints every delivery it verifies, until ctx ends. Series
// events are left out (every tick rewrites day blocks); everything else
// is printed as it arrives.
func watchWebhooks(ctx context.Context, o Options, base, key string) error {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("demo: webhook receiver: %w", err)
	}
	api := apiClient{base: base, key: key}
	if err := api.dropOldReceivers(ctx); err != nil {
		_ = ln.Close()
		return err
	}
	var types []string
	for _, i := range event.Catalog() {
		if !strings.HasPrefix(i.Name, "series.") {
			types = append(types, i.Name)
		}
	}
	var ep struct {
		ID string `json:"id"`
	}
	if err := api.call(ctx, http.MethodPost, "/api/v1/webhooks/endpoints", map[string]any{"url": "http://" + ln.Addr().String() + "/hooks",
		"description": receiverDescription, "filter_types": types}, &ep); err != nil {
		_ = ln.Close()
		return err
	}
	var sec struct {
		Key string `json:"key"`
	}
	if err := api.call(ctx, http.MethodGet, "/api/v1/webhooks/endpoints/"+ep.ID+"/secret", nil, &sec); err != nil {
		_ = ln.Close()
		return err
	}
	wh, err := standardwebhooks.NewWebhook(sec.Key)
	if err != nil {
		_ = ln.Close()
		return err
	}
	fmt.Fprintf(o.Out, "\nWebhooks: a receiver at http://%s/hooks gets every event (series left out); deliveries appear below.\n\n", ln.Addr())
	var mu sync.Mutex
	srv := &http.Server{ReadHeaderTimeout: 5 * time.Second, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(io.LimitReader(r.Body, 1<<20))
		if err != nil || wh.Verify(body, r.Header) != nil {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var env event.Envelope
		_ = json.Unmarshal(body, &env)
		provider := ""
		if env.Provider != nil {
			provider = *env.Provider
		}
		mu.Lock()
		fmt.Fprintf(o.Out, "webhook  %-24s %-9s user %.8s  change %d  (signature verified)\n", env.Type, provider, env.UserID, env.ChangeID)
		mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	})}
	go func() { _ = srv.Serve(ln) }()
	go func() {
		<-ctx.Done()
		_ = srv.Close()
	}()
	return nil
}

// apiClient calls the demo's own API with its key.
type apiClient struct {
	base, key string
}

func (a apiClient) call(ctx context.Context, method, path string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.base+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("X-Open-Wearables-API-Key", a.key)
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("demo: %s %s: %w", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode >= 300 {
		return fmt.Errorf("demo: %s %s: %d %s", method, path, res.StatusCode, b)
	}
	if out != nil {
		return json.Unmarshal(b, out)
	}
	return nil
}

// dropOldReceivers deletes the endpoints earlier demo runs registered.
func (a apiClient) dropOldReceivers(ctx context.Context) error {
	var eps []struct {
		ID          string `json:"id"`
		Description string `json:"description"`
	}
	if err := a.call(ctx, http.MethodGet, "/api/v1/webhooks/endpoints", nil, &eps); err != nil {
		return err
	}
	for _, e := range eps {
		if e.Description == receiverDescription {
			if err := a.call(ctx, http.MethodDelete, "/api/v1/webhooks/endpoints/"+e.ID, nil, nil); err != nil {
				return err
			}
		}
	}
	return nil
}
