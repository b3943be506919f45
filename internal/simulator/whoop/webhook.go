package whoop

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Webhook headers WHOOP sets (research Part B.1).
const (
	HeaderSignature = "X-WHOOP-Signature"
	HeaderTimestamp = "X-WHOOP-Signature-Timestamp"
)

// Sign returns WHOOP's signature: base64(HMAC-SHA256(secret, timestamp ‖
// body)) with the timestamp in milliseconds as sent in HeaderTimestamp.
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write(body)
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// Advance moves the server's clock (when it is a FakeClock) and the world
// forward by d and sends webhooks for the changes. Use Notify instead when
// several simulators share one world.
func (s *Server) Advance(ctx context.Context, d time.Duration) ([]WebhookEvent, error) {
	if fc, ok := s.clock.(*simkit.FakeClock); ok {
		fc.Advance(d)
	}
	return s.Notify(ctx, s.world.Advance(d))
}

// Notify turns truth changes into WHOOP v2 webhook events for connected
// users and, if a webhook URL is configured, POSTs each one signed. It
// returns the events; delivery results are in Webhooks().Deliveries().
// "updated" covers creation too, as WHOOP documents; the recovery event id
// is the sleep UUID.
func (s *Server) Notify(ctx context.Context, changes []truth.Change) ([]WebhookEvent, error) {
	var out []WebhookEvent
	for _, c := range changes {
		var kind string
		switch c.Kind {
		case truth.KindSleep, truth.KindWorkout, truth.KindRecovery:
			kind = string(c.Kind)
		default:
			continue
		}
		if !s.isConnected(c.Person.WhoopUserID) {
			continue
		}
		op := "updated"
		if c.Op == truth.Deleted {
			op = "deleted"
		}
		out = append(out, WebhookEvent{UserID: c.Person.WhoopUserID, ID: c.ID, Type: kind + "." + op, TraceID: traceID()})
	}
	if s.cfg.WebhookURL == "" {
		return out, nil
	}
	for _, ev := range out {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("whoop: send webhooks: %w", err)
		}
		body, err := json.Marshal(ev)
		if err != nil {
			return out, fmt.Errorf("whoop: encode webhook: %w", err)
		}
		ts := strconv.FormatInt(s.clock.Now().UnixMilli(), 10)
		h := http.Header{}
		h.Set("Content-Type", "application/json")
		h.Set(HeaderTimestamp, ts)
		h.Set(HeaderSignature, Sign(s.cfg.ClientSecret, ts, body))
		s.hooks.Send(ctx, s.cfg.WebhookURL, body, h)
	}
	return out, nil
}

// traceID returns a random UUID-shaped trace id.
func traceID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b) // never fails on supported platforms
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
