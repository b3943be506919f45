package oura

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// Webhook signature headers (seed, "Step 4: Receiving and Processing
// Events").
const (
	HeaderSignature = "x-oura-signature"
	HeaderTimestamp = "x-oura-timestamp"
)

// replayWindow is how far a webhook's timestamp may be from now. Oura
// documents none; without one a captured event could be replayed forever
// (Open Wearables checks no window).
const replayWindow = 5 * time.Minute

// VerifyWebhook checks x-oura-signature: upper-case hex
// HMAC-SHA256(client secret, x-oura-timestamp ‖ raw body), compared in
// constant time (hex decoding accepts either case), with the timestamp in
// Unix seconds within ±5 minutes of now. The seed's example signs
// JSON.stringify of the parsed body; Oura sends that compact form, so the
// raw body is the same bytes and re-serializing would only add risk.
func (p *Provider) VerifyWebhook(h http.Header, body []byte, now time.Time) error {
	err := provider.VerifyHMAC(provider.HMACCheck{
		Secret:    []byte(p.o.ClientSecret),
		Signature: strings.TrimSpace(h.Get(HeaderSignature)),
		Timestamp: strings.TrimSpace(h.Get(HeaderTimestamp)),
		Hex:       true,
		Window:    replayWindow,
	}, body, now)
	if err != nil {
		return fmt.Errorf("oura: %w", err)
	}
	return nil
}

// webhookEvent is an event POST's body.
type webhookEvent struct {
	EventType string `json:"event_type"`
	DataType  string `json:"data_type"`
	ObjectID  string `json:"object_id"`
	EventTime string `json:"event_time"`
	UserID    string `json:"user_id"`
}

// ParseWebhook reads {event_type, data_type, object_id, event_time,
// user_id}. create and update ask for the object to be fetched; delete
// marks it deleted (Open Wearables ignores deletes). Data types Oura may
// add later are ignored rather than refused, so a new kind never makes
// Oura retry for an hour.
func (p *Provider) ParseWebhook(body []byte) ([]provider.Target, error) {
	var ev webhookEvent
	if err := json.Unmarshal(body, &ev); err != nil {
		return nil, fmt.Errorf("oura: webhook body: %w", provider.Malformed("webhook", err))
	}
	if ev.UserID == "" || ev.ObjectID == "" || ev.DataType == "" {
		return nil, fmt.Errorf("oura: webhook without user_id, data_type or object_id: %w", provider.ErrRejected)
	}
	dataType := strings.ToLower(ev.DataType) // vo2_max, whichever way it is spelt
	if !slices.Contains(WebhookTypes(), dataType) || !slices.Contains(EventTypes(), ev.EventType) {
		return nil, nil
	}
	return []provider.Target{{
		ProviderUserID: ev.UserID,
		DataType:       dataType,
		ID:             ev.ObjectID,
		Deleted:        ev.EventType == "delete",
		EventType:      ev.EventType + "." + dataType,
	}}, nil
}
