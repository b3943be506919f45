// Package manage is what the webhook management routes call: endpoint
// registration with its checks (URL, event types, user), secrets and
// their rotation, test events, replay and recovery. Each method is the
// one call a handler makes.
package manage

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/delivery"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// ErrInvalid is a request the service refuses; the message says why.
var ErrInvalid = errors.New("invalid webhook request")

// RotationOverlap is how long the previous secret keeps signing after a
// rotation.
const RotationOverlap = 24 * time.Hour

// Service manages endpoints.
type Service struct {
	Store store.Store
	Guard delivery.Guard
	// Trigger starts an endpoint's delivery now (nil: the dispatcher
	// notices within its poll).
	Trigger delivery.Trigger
	Now     func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now()
	}
	return time.Now()
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrInvalid, fmt.Sprintf(format, args...))
}

// Input is an endpoint's settings as a client gives them.
type Input struct {
	URL         *string
	Description *string
	// EventTypes: nil leaves as is; a pointer to nil means every event.
	EventTypes *[]string
	// UserID and Provider: Set false leaves as is, a nil value clears.
	UserID   Optional[string]
	Provider Optional[string]
	Disabled *bool
}

// Optional is a field that may be absent, null or a value.
type Optional[T any] struct {
	Set   bool
	Value *T
}

// Create registers an endpoint with a fresh secret.
func (s *Service) Create(ctx context.Context, in Input) (domain.WebhookEndpoint, error) {
	if in.URL == nil {
		return domain.WebhookEndpoint{}, invalid("url is required")
	}
	if err := s.check(ctx, in); err != nil {
		return domain.WebhookEndpoint{}, err
	}
	sec, err := signing.NewSecret(nil)
	if err != nil {
		return domain.WebhookEndpoint{}, err
	}
	e := domain.WebhookEndpoint{URL: *in.URL, Secret: sec.Bytes()}
	if in.Description != nil {
		e.Description = *in.Description
	}
	if in.EventTypes != nil {
		e.EventTypes = *in.EventTypes
	}
	e.UserID = in.UserID.Value
	if in.Provider.Value != nil {
		e.Provider = domain.Provider(*in.Provider.Value)
	}
	return s.Store.CreateWebhookEndpoint(ctx, e)
}

// Update changes an endpoint.
func (s *Service) Update(ctx context.Context, id string, in Input) (domain.WebhookEndpoint, error) {
	if err := s.check(ctx, in); err != nil {
		return domain.WebhookEndpoint{}, err
	}
	p := store.WebhookEndpointPatch{URL: in.URL, Description: in.Description, EventTypes: in.EventTypes, Now: s.now()}
	if in.UserID.Set {
		p.UserID, p.ClearUser = in.UserID.Value, in.UserID.Value == nil
	}
	if in.Provider.Set {
		var prov domain.Provider
		if in.Provider.Value != nil {
			prov = domain.Provider(*in.Provider.Value)
		}
		p.Provider = &prov
	}
	if in.Disabled != nil {
		on := !*in.Disabled
		p.Enabled, p.DisabledReason = &on, "disabled through the API"
	}
	e, err := s.Store.UpdateWebhookEndpoint(ctx, id, p)
	if err == nil && e.Enabled {
		s.trigger(ctx, id)
	}
	return e, err
}

// check validates the fields a create or update sets.
func (s *Service) check(ctx context.Context, in Input) error {
	if in.URL != nil {
		if err := s.Guard.ValidateURL(*in.URL); err != nil {
			return fmt.Errorf("%w: %w", ErrInvalid, err)
		}
	}
	if in.EventTypes != nil {
		known := map[string]bool{}
		for _, i := range event.Catalog() {
			known[i.Name] = true
		}
		for _, t := range *in.EventTypes {
			if !known[t] {
				return invalid("filter_types: unknown event type %q (GET /api/v1/webhooks/event-types lists them)", t)
			}
		}
	}
	if in.UserID.Value != nil {
		if _, err := s.Store.User(ctx, *in.UserID.Value); errors.Is(err, store.ErrNotFound) {
			return invalid("user_id: no user %s", *in.UserID.Value)
		} else if err != nil {
			return err
		}
	}
	return nil
}

// Secret returns the endpoint's current secret.
func (s *Service) Secret(ctx context.Context, id string) (signing.Secret, error) {
	e, err := s.Store.WebhookEndpoint(ctx, id)
	if err != nil {
		return signing.Secret{}, err
	}
	return signing.SecretFromBytes(e.Secret)
}

// Rotate gives the endpoint a new secret; the old one signs too for
// RotationOverlap.
func (s *Service) Rotate(ctx context.Context, id string) (signing.Secret, error) {
	sec, err := signing.NewSecret(nil)
	if err != nil {
		return signing.Secret{}, err
	}
	if _, err := s.Store.RotateWebhookSecret(ctx, id, sec.Bytes(), s.now().Add(RotationOverlap)); err != nil {
		return signing.Secret{}, err
	}
	return sec, nil
}

// Test queues an example event of eventType to the endpoint, outside the
// change feed (its own lane, so it never waits behind real events).
func (s *Service) Test(ctx context.Context, id, eventType string) (domain.WebhookMessage, error) {
	if eventType == "" {
		eventType = "workout.created"
	}
	if !slices.ContainsFunc(event.Catalog(), func(i event.Info) bool { return i.Name == eventType }) {
		return domain.WebhookMessage{}, invalid("event_type: unknown event type %q", eventType)
	}
	now := s.now()
	body, err := json.Marshal(event.Envelope{Type: eventType, Timestamp: now.UTC().Format(time.RFC3339Nano),
		UserID: "00000000-0000-0000-0000-000000000000", Data: json.RawMessage(`{"test":true}`)})
	if err != nil {
		return domain.WebhookMessage{}, err
	}
	m, err := s.Store.AddWebhookMessage(ctx, domain.WebhookMessage{ID: uuid.Must(uuid.NewV7()).String(), EndpointID: id, Lane: "test:" + now.Format(time.RFC3339Nano),
		EventType: eventType, Payload: body, NextAttemptAt: &now, CreatedAt: now})
	if err == nil {
		s.trigger(ctx, id)
	}
	return m, err
}

// Replay delivers every change since `since` again.
func (s *Service) Replay(ctx context.Context, id string, since time.Time) (int64, error) {
	cur, err := s.Store.ReplayWebhookMessages(ctx, id, since)
	if err == nil {
		s.trigger(ctx, id)
	}
	return cur, err
}

// Recover queues the failed messages since `since` again.
func (s *Service) Recover(ctx context.Context, id string, since time.Time) (int, error) {
	n, err := s.Store.RecoverWebhookMessages(ctx, id, since, s.now())
	if err == nil && n > 0 {
		s.trigger(ctx, id)
	}
	return n, err
}

// trigger starts a delivery pass; a failure only delays it until the
// dispatcher's next look.
func (s *Service) trigger(ctx context.Context, id string) {
	if s.Trigger != nil {
		_ = s.Trigger(ctx, id)
	}
}
