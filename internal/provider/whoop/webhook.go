package whoop

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Webhook signature headers (WHOOP developer docs, "Webhooks").
const (
	HeaderSignature = "X-WHOOP-Signature"
	HeaderTimestamp = "X-WHOOP-Signature-Timestamp"
)

// VerifyWebhook checks X-WHOOP-Signature: base64(HMAC-SHA256(client
// secret, timestamp ‖ raw body)) with the timestamp in epoch milliseconds,
// compared in constant time, within ±5 minutes of now.
func (p *Provider) VerifyWebhook(h http.Header, body []byte, now time.Time) error {
	err := provider.VerifyHMAC(provider.HMACCheck{
		Secret:    []byte(p.o.ClientSecret),
		Signature: strings.TrimSpace(h.Get(HeaderSignature)),
		Timestamp: strings.TrimSpace(h.Get(HeaderTimestamp)),
		Millis:    true,
		Window:    5 * time.Minute,
	}, body, now)
	if err != nil {
		return fmt.Errorf("whoop: %w", err)
	}
	return nil
}

// ParseWebhook reads {user_id, id, type, trace_id}. Types are
// "<resource>.updated" (which also means created) and "<resource>.deleted"
// for sleep, workout and recovery; other types are ignored so a new event
// kind never makes WHOOP retry forever.
func (p *Provider) ParseWebhook(body []byte) ([]provider.Target, error) {
	var ev webhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("whoop: webhook body: %w", provider.Malformed("webhook", err))
	}
	resource, action, ok := strings.Cut(ev.Type, ".")
	if !ok || ev.UserID == 0 {
		return nil, fmt.Errorf("whoop: webhook without user_id or type: %w", provider.ErrRejected)
	}
	var dataType string
	switch resource {
	case "sleep":
		dataType = TypeSleep
	case "workout":
		dataType = TypeWorkout
	case "recovery":
		dataType = TypeRecovery
	default:
		return nil, nil
	}
	if action != "updated" && action != "deleted" {
		return nil, nil
	}
	id := idString(ev.ID)
	if id == "" {
		return nil, fmt.Errorf("whoop: webhook %s without id: %w", ev.Type, provider.ErrRejected)
	}
	return []provider.Target{{
		ProviderUserID: strconv.FormatInt(ev.UserID, 10),
		DataType:       dataType,
		ID:             id,
		Deleted:        action == "deleted",
		EventType:      ev.Type,
	}}, nil
}
