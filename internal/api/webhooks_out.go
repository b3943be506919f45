package api

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/google/uuid"
	"github.com/oapi-codegen/nullable"

	"github.com/wearhouse/wearhouse/internal/api/apigen"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/event"
	"github.com/wearhouse/wearhouse/internal/webhook/manage"
)

// Outgoing webhook management (Open Wearables 0.9.0's /webhooks routes,
// served by wearhouse itself rather than a Svix server).

// ListWebhookEndpoints implements GET /api/v1/webhooks/endpoints.
func (s *Server) ListWebhookEndpoints(ctx context.Context, _ apigen.ListWebhookEndpointsRequestObject) (apigen.ListWebhookEndpointsResponseObject, error) {
	es, err := s.store.ListWebhookEndpoints(ctx)
	if err != nil {
		return nil, fmt.Errorf("api: list webhook endpoints: %w", err)
	}
	out := make(apigen.ListWebhookEndpoints200JSONResponse, len(es))
	for i, e := range es {
		out[i] = endpointWire(e)
	}
	return out, nil
}

// CreateWebhookEndpoint implements POST /api/v1/webhooks/endpoints.
func (s *Server) CreateWebhookEndpoint(ctx context.Context, req apigen.CreateWebhookEndpointRequestObject) (apigen.CreateWebhookEndpointResponseObject, error) {
	b := req.Body
	in := manage.Input{URL: &b.Url, Description: b.Description, EventTypes: nullableList(b.FilterTypes),
		UserID: optionalUUID(b.UserId), Provider: optionalString(b.Provider)}
	e, err := s.hooks.Create(ctx, in)
	if err != nil {
		return nil, err
	}
	return apigen.CreateWebhookEndpoint201JSONResponse(endpointWire(e)), nil
}

// GetWebhookEndpoint implements GET /api/v1/webhooks/endpoints/{endpoint_id}.
func (s *Server) GetWebhookEndpoint(ctx context.Context, req apigen.GetWebhookEndpointRequestObject) (apigen.GetWebhookEndpointResponseObject, error) {
	e, err := s.store.WebhookEndpoint(ctx, req.EndpointId.String())
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.GetWebhookEndpoint200JSONResponse(endpointWire(e)), nil
}

// UpdateWebhookEndpoint implements PATCH /api/v1/webhooks/endpoints/{endpoint_id}.
func (s *Server) UpdateWebhookEndpoint(ctx context.Context, req apigen.UpdateWebhookEndpointRequestObject) (apigen.UpdateWebhookEndpointResponseObject, error) {
	b := req.Body
	in := manage.Input{URL: b.Url, Description: b.Description, EventTypes: nullableList(b.FilterTypes),
		UserID: optionalUUID(b.UserId), Provider: optionalString(b.Provider), Disabled: b.Disabled}
	e, err := s.hooks.Update(ctx, req.EndpointId.String(), in)
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.UpdateWebhookEndpoint200JSONResponse(endpointWire(e)), nil
}

// DeleteWebhookEndpoint implements DELETE /api/v1/webhooks/endpoints/{endpoint_id}.
func (s *Server) DeleteWebhookEndpoint(ctx context.Context, req apigen.DeleteWebhookEndpointRequestObject) (apigen.DeleteWebhookEndpointResponseObject, error) {
	if err := s.store.DeleteWebhookEndpoint(ctx, req.EndpointId.String()); err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.DeleteWebhookEndpoint204Response{}, nil
}

// GetWebhookEndpointSecret implements GET …/endpoints/{endpoint_id}/secret.
func (s *Server) GetWebhookEndpointSecret(ctx context.Context, req apigen.GetWebhookEndpointSecretRequestObject) (apigen.GetWebhookEndpointSecretResponseObject, error) {
	sec, err := s.hooks.Secret(ctx, req.EndpointId.String())
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.GetWebhookEndpointSecret200JSONResponse{Key: sec.Encode()}, nil
}

// RotateWebhookEndpointSecret implements POST …/endpoints/{endpoint_id}/secret/rotate.
func (s *Server) RotateWebhookEndpointSecret(ctx context.Context, req apigen.RotateWebhookEndpointSecretRequestObject) (apigen.RotateWebhookEndpointSecretResponseObject, error) {
	sec, err := s.hooks.Rotate(ctx, req.EndpointId.String())
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.RotateWebhookEndpointSecret200JSONResponse{Key: sec.Encode()}, nil
}

// TestWebhookEndpoint implements POST …/endpoints/{endpoint_id}/test.
func (s *Server) TestWebhookEndpoint(ctx context.Context, req apigen.TestWebhookEndpointRequestObject) (apigen.TestWebhookEndpointResponseObject, error) {
	typ := ""
	if req.Body != nil {
		typ = deref(req.Body.EventType, "")
	}
	m, err := s.hooks.Test(ctx, req.EndpointId.String(), typ)
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.TestWebhookEndpoint200JSONResponse(messageWire(m)), nil
}

// ReplayWebhookEndpoint implements POST …/endpoints/{endpoint_id}/replay.
func (s *Server) ReplayWebhookEndpoint(ctx context.Context, req apigen.ReplayWebhookEndpointRequestObject) (apigen.ReplayWebhookEndpointResponseObject, error) {
	since, _, err := parseTime("since", req.Params.Since)
	if err != nil {
		return nil, err
	}
	cur, err := s.hooks.Replay(ctx, req.EndpointId.String(), since)
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.ReplayWebhookEndpoint202JSONResponse{Cursor: cur}, nil
}

// RecoverWebhookEndpoint implements POST …/endpoints/{endpoint_id}/recover.
func (s *Server) RecoverWebhookEndpoint(ctx context.Context, req apigen.RecoverWebhookEndpointRequestObject) (apigen.RecoverWebhookEndpointResponseObject, error) {
	n, err := s.hooks.Recover(ctx, req.EndpointId.String(), req.Body.Since)
	if err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	return apigen.RecoverWebhookEndpoint202JSONResponse{Recovered: n}, nil
}

// ListWebhookEventTypes implements GET /api/v1/webhooks/event-types.
func (s *Server) ListWebhookEventTypes(context.Context, apigen.ListWebhookEventTypesRequestObject) (apigen.ListWebhookEventTypesResponseObject, error) {
	cat := event.Catalog()
	out := make(apigen.ListWebhookEventTypes200JSONResponse, len(cat))
	for i, c := range cat {
		out[i] = apigen.WebhookEventType{Name: c.Name, Description: c.Description}
	}
	return out, nil
}

// ListWebhookMessages implements GET /api/v1/webhooks/messages.
func (s *Server) ListWebhookMessages(ctx context.Context, req apigen.ListWebhookMessagesRequestObject) (apigen.ListWebhookMessagesResponseObject, error) {
	p := req.Params
	limit := deref(p.Limit, 50)
	q := store.WebhookMessageQuery{Limit: limit + 1, EventTypes: deref(p.EventTypes, nil)}
	if p.EndpointId != nil {
		q.EndpointID = p.EndpointId.String()
	}
	if p.Status != nil {
		q.Status = domain.WebhookMessageStatus(*p.Status)
	}
	if p.Iterator != nil {
		q.BeforeID = p.Iterator.String()
	}
	ms, err := s.store.ListWebhookMessages(ctx, q)
	if err != nil {
		return nil, iteratorErr(err)
	}
	out := apigen.ListWebhookMessages200JSONResponse{Data: []apigen.WebhookMessage{}, Done: len(ms) <= limit}
	ms = ms[:min(len(ms), limit)]
	for _, m := range ms {
		out.Data = append(out.Data, messageWire(m))
	}
	out.Iterator, out.PrevIterator = pageIterators(len(ms), func(i int) string { return ms[i].ID }, !out.Done)
	return out, nil
}

// ListWebhookMessageAttempts implements GET /api/v1/webhooks/messages/{message_id}/attempts.
func (s *Server) ListWebhookMessageAttempts(ctx context.Context, req apigen.ListWebhookMessageAttemptsRequestObject) (apigen.ListWebhookMessageAttemptsResponseObject, error) {
	if _, err := s.store.WebhookMessage(ctx, req.MessageId.String()); err != nil {
		if isNotFound(err) {
			return nil, notFound("webhook message %s not found", req.MessageId)
		}
		return nil, err
	}
	page, err := s.attempts(ctx, store.WebhookAttemptQuery{MessageID: req.MessageId.String()}, req.Params.Limit, req.Params.Iterator)
	return apigen.ListWebhookMessageAttempts200JSONResponse(page), err
}

// ListWebhookEndpointAttempts implements GET …/endpoints/{endpoint_id}/attempts.
func (s *Server) ListWebhookEndpointAttempts(ctx context.Context, req apigen.ListWebhookEndpointAttemptsRequestObject) (apigen.ListWebhookEndpointAttemptsResponseObject, error) {
	if _, err := s.store.WebhookEndpoint(ctx, req.EndpointId.String()); err != nil {
		return nil, endpointErr(req.EndpointId.String(), err)
	}
	page, err := s.attempts(ctx, store.WebhookAttemptQuery{EndpointID: req.EndpointId.String()}, req.Params.Limit, req.Params.Iterator)
	return apigen.ListWebhookEndpointAttempts200JSONResponse(page), err
}

// attempts reads a page of attempts with their endpoints' URLs.
func (s *Server) attempts(ctx context.Context, q store.WebhookAttemptQuery, limitP *int, iter *uuid.UUID) (apigen.WebhookAttemptPage, error) {
	limit := deref(limitP, 50)
	q.Limit = limit + 1
	if iter != nil {
		q.BeforeID = iter.String()
	}
	as, err := s.store.ListWebhookAttempts(ctx, q)
	if err != nil {
		return apigen.WebhookAttemptPage{}, fmt.Errorf("api: list webhook attempts: %w", err)
	}
	out := apigen.WebhookAttemptPage{Data: []apigen.WebhookAttempt{}, Done: len(as) <= limit}
	as = as[:min(len(as), limit)]
	urls := map[string]string{}
	for _, a := range as {
		if _, ok := urls[a.EndpointID]; !ok {
			if e, err := s.store.WebhookEndpoint(ctx, a.EndpointID); err == nil {
				urls[a.EndpointID] = e.URL
			}
		}
		out.Data = append(out.Data, attemptWire(a, urls[a.EndpointID]))
	}
	out.Iterator, out.PrevIterator = pageIterators(len(as), func(i int) string { return as[i].ID }, !out.Done)
	return out, nil
}

// pageIterators are a Svix-style page's iterators: the last item's id
// continues (when there is more), the first's would go back.
func pageIterators(n int, id func(int) string, more bool) (next, prev nullable.Nullable[string]) {
	if n == 0 {
		return nullable.NewNullNullable[string](), nullable.NewNullNullable[string]()
	}
	next = nullable.NewNullNullable[string]()
	if more {
		next = nullable.NewNullableWithValue(id(n - 1))
	}
	return next, nullable.NewNullableWithValue(id(0))
}

// iteratorErr reports an iterator naming no message.
func iteratorErr(err error) error {
	if isNotFound(err) {
		return badRequest("iterator: no such message")
	}
	return fmt.Errorf("api: list webhook messages: %w", err)
}

// endpointErr names a missing endpoint.
func endpointErr(id string, err error) error {
	if isNotFound(err) {
		return notFound("webhook endpoint %s not found", id)
	}
	return err
}

func endpointWire(e domain.WebhookEndpoint) apigen.WebhookEndpoint {
	out := apigen.WebhookEndpoint{Id: mustUUID(e.ID), Url: e.URL, Description: e.Description, Disabled: !e.Enabled,
		DisabledAt: nullTime(e.DisabledAt), FailingSince: nullTime(e.FailingSince), CreatedAt: e.CreatedAt.UTC(), UpdatedAt: e.UpdatedAt.UTC(),
		FilterTypes: nullable.NewNullNullable[[]string](), UserId: nullable.NewNullNullable[uuid.UUID](),
		Provider: nullable.NewNullNullable[string](), DisabledReason: nullable.NewNullNullable[string]()}
	if len(e.EventTypes) > 0 {
		out.FilterTypes = nullable.NewNullableWithValue(e.EventTypes)
	}
	if e.UserID != nil {
		out.UserId = nullable.NewNullableWithValue(mustUUID(*e.UserID))
	}
	if e.Provider != "" {
		out.Provider = nullable.NewNullableWithValue(string(e.Provider))
	}
	if e.DisabledReason != "" {
		out.DisabledReason = nullable.NewNullableWithValue(e.DisabledReason)
	}
	return out
}

func messageWire(m domain.WebhookMessage) apigen.WebhookMessage {
	out := apigen.WebhookMessage{Id: mustUUID(m.ID), EventType: m.EventType, Timestamp: m.CreatedAt.UTC(), Tags: []string{},
		Channels: []string{}, EndpointId: mustUUID(m.EndpointID), Status: apigen.WebhookMessageStatus(m.Status), Attempts: m.Attempts,
		NextAttemptAt: nullTime(m.NextAttemptAt), EventId: nullable.NewNullNullable[string]()}
	if m.Seq != 0 {
		out.EventId = nullable.NewNullableWithValue(strconv.FormatInt(m.Seq, 10))
	}
	if m.UserID != "" {
		out.Channels = append(out.Channels, "user."+m.UserID)
	}
	_ = json.Unmarshal(m.Payload, &out.Payload)
	return out
}

func attemptWire(a domain.WebhookAttempt, url string) apigen.WebhookAttempt {
	out := apigen.WebhookAttempt{Id: mustUUID(a.ID), MsgId: mustUUID(a.MessageID), EndpointId: mustUUID(a.EndpointID), Url: url,
		Response: a.ResponseBody, ResponseStatusCode: a.StatusCode, ResponseDurationMs: int(a.Latency / time.Millisecond),
		Status: 2, Timestamp: a.StartedAt.UTC(), Error: nullable.NewNullNullable[string]()}
	if a.StatusCode >= 200 && a.StatusCode < 300 {
		out.Status = 0
	}
	if a.Error != "" {
		out.Error = nullable.NewNullableWithValue(a.Error)
	}
	return out
}

// nullableList reads an optional, nullable list: absent is nil, null or
// a list is a pointer (to nil for null: every event).
func nullableList(n nullable.Nullable[[]string]) *[]string {
	if !n.IsSpecified() {
		return nil
	}
	if n.IsNull() {
		return new([]string)
	}
	v := n.MustGet()
	return &v
}

func optionalUUID(n nullable.Nullable[uuid.UUID]) manage.Optional[string] {
	if !n.IsSpecified() {
		return manage.Optional[string]{}
	}
	if n.IsNull() {
		return manage.Optional[string]{Set: true}
	}
	v := n.MustGet().String()
	return manage.Optional[string]{Set: true, Value: &v}
}

func optionalString(n nullable.Nullable[string]) manage.Optional[string] {
	if !n.IsSpecified() {
		return manage.Optional[string]{}
	}
	if n.IsNull() {
		return manage.Optional[string]{Set: true}
	}
	v := n.MustGet()
	return manage.Optional[string]{Set: true, Value: &v}
}
