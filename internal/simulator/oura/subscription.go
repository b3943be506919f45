package oura

import (
	"cmp"
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
)

// subscription is a stored webhook subscription.
type subscription struct {
	Subscription
	verificationToken string
	expires           time.Time
}

// view is the subscription as the API shows it.
func (s *subscription) view() Subscription {
	out := s.Subscription
	out.ExpirationTime = s.expires.UTC().Format(time.RFC3339)
	return out
}

// app authenticates the webhook API's x-client-id / x-client-secret pair
// (seed, "ClientIdAuth" and "ClientSecretAuth").
func (s *Server) app(h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, secret := r.Header.Get("x-client-id"), r.Header.Get("x-client-secret")
		if id != s.cfg.ClientID || subtle.ConstantTimeCompare([]byte(secret), []byte(s.cfg.ClientSecret)) != 1 {
			writeError(w, r, http.StatusUnauthorized, "invalid x-client-id or x-client-secret")
			return
		}
		h(w, r)
	}
}

// Subscriptions returns the app's subscriptions in creation order,
// expired ones included.
func (s *Server) Subscriptions() []Subscription {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Subscription, 0, len(s.order))
	for _, id := range s.order {
		out = append(out, s.subs[id].view())
	}
	return out
}

func (s *Server) listSubscriptions(w http.ResponseWriter, _ *http.Request) {
	simkit.WriteJSON(w, http.StatusOK, s.Subscriptions())
}

// invalid answers 422 naming a body field, as FastAPI does.
func invalid(w http.ResponseWriter, field, msg string) {
	simkit.WriteJSON(w, http.StatusUnprocessableEntity, ValidationError{Detail: []ValidationErrorItem{
		{Loc: []string{"body", field}, Msg: msg, Type: "value_error"},
	}})
}

// checkKinds validates event_type and data_type against the seed's enums.
func checkKinds(w http.ResponseWriter, eventType, dataType string) bool {
	if !slices.Contains([]string{OpCreate, OpUpdate, OpDelete}, eventType) {
		invalid(w, "event_type", "must be one of create, update, delete")
		return false
	}
	if !slices.Contains(DataTypes(), dataType) {
		invalid(w, "data_type", "unknown data type "+dataType)
		return false
	}
	return true
}

// createSubscription implements POST /v2/webhook/subscription: the
// callback must answer the verification challenge before the subscription
// exists; then it is answered 201 with its expiration_time.
func (s *Server) createSubscription(w http.ResponseWriter, r *http.Request) {
	var req CreateSubscription
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		invalid(w, "body", "invalid JSON: "+err.Error())
		return
	}
	switch {
	case req.CallbackURL == "":
		invalid(w, "callback_url", "field required")
		return
	case req.VerificationToken == "":
		invalid(w, "verification_token", "field required")
		return
	case !checkKinds(w, req.EventType, req.DataType):
		return
	}
	if err := s.verify(r.Context(), req.CallbackURL, req.VerificationToken); err != nil {
		writeError(w, r, http.StatusBadRequest, err.Error())
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sub := range s.subs {
		if sub.CallbackURL == req.CallbackURL && sub.EventType == req.EventType && sub.DataType == req.DataType {
			writeError(w, r, http.StatusConflict, "subscription already exists: "+sub.ID)
			return
		}
	}
	sub := &subscription{
		Subscription:      Subscription{ID: randomUUID(), CallbackURL: req.CallbackURL, EventType: req.EventType, DataType: req.DataType},
		verificationToken: req.VerificationToken,
		expires:           s.clock.Now().Add(s.cfg.SubscriptionTTL),
	}
	s.subs[sub.ID] = sub
	s.order = append(s.order, sub.ID)
	simkit.WriteJSON(w, http.StatusCreated, sub.view())
}

// verify performs Oura's verification GET: callback_url with
// verification_token and a fresh challenge, which the callback must echo
// as {"challenge": …} with a 2xx status.
func (s *Server) verify(ctx context.Context, callback, token string) error {
	u, err := url.Parse(callback)
	if err != nil || !u.IsAbs() {
		return fmt.Errorf("webhook verification failed: invalid callback_url %q", callback)
	}
	challenge := randomHex(16)
	q := u.Query()
	q.Set("verification_token", token)
	q.Set("challenge", challenge)
	u.RawQuery = q.Encode()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return fmt.Errorf("webhook verification failed: %w", err)
	}
	resp, err := s.cfg.HTTPClient.Do(req)
	if err != nil {
		return fmt.Errorf("webhook verification failed: %w", err)
	}
	defer func() { _ = resp.Body.Close() }()
	body, err := io.ReadAll(io.LimitReader(resp.Body, 1<<16))
	if err != nil {
		return fmt.Errorf("webhook verification failed: read answer: %w", err)
	}
	var got Challenge
	if resp.StatusCode/100 != 2 || json.Unmarshal(body, &got) != nil || got.Challenge != challenge {
		return fmt.Errorf("webhook verification failed: callback answered %d %q, want the challenge echoed", resp.StatusCode, body)
	}
	return nil
}

// lookup finds a subscription or answers 403 as the seed documents
// ("Webhook with specified id does not exist.").
func (s *Server) lookup(w http.ResponseWriter, r *http.Request) (*subscription, bool) {
	sub, ok := s.subs[r.PathValue("id")]
	if !ok {
		writeError(w, r, http.StatusForbidden, "Webhook with specified id does not exist.")
	}
	return sub, ok
}

func (s *Server) getSubscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub, ok := s.lookup(w, r); ok {
		simkit.WriteJSON(w, http.StatusOK, sub.view())
	}
}

// updateSubscription implements PUT /v2/webhook/subscription/{id}. A new
// callback_url is verified again before it replaces the old one.
func (s *Server) updateSubscription(w http.ResponseWriter, r *http.Request) {
	var req UpdateSubscription
	if err := json.NewDecoder(r.Body).Decode(&req); err != nil {
		invalid(w, "body", "invalid JSON: "+err.Error())
		return
	}
	if req.VerificationToken == "" {
		invalid(w, "verification_token", "field required")
		return
	}
	s.mu.Lock()
	sub, ok := s.lookup(w, r)
	var next subscription
	if ok {
		next = *sub
	}
	s.mu.Unlock()
	if !ok {
		return
	}
	next.verificationToken = req.VerificationToken
	next.CallbackURL = cmp.Or(deref(req.CallbackURL), next.CallbackURL)
	next.EventType = cmp.Or(deref(req.EventType), next.EventType)
	next.DataType = cmp.Or(deref(req.DataType), next.DataType)
	if !checkKinds(w, next.EventType, next.DataType) {
		return
	}
	if next.CallbackURL != sub.CallbackURL {
		if err := s.verify(r.Context(), next.CallbackURL, next.verificationToken); err != nil {
			writeError(w, r, http.StatusBadRequest, err.Error())
			return
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if cur, ok := s.lookup(w, r); ok {
		*cur = next
		simkit.WriteJSON(w, http.StatusOK, cur.view())
	}
}

func (s *Server) deleteSubscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub, ok := s.lookup(w, r); ok {
		s.removeLocked(sub.ID)
		w.WriteHeader(http.StatusNoContent)
	}
}

// renewSubscription implements PUT /v2/webhook/subscription/renew/{id}:
// expiration_time moves to a full lifetime from now, expired or not.
func (s *Server) renewSubscription(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if sub, ok := s.lookup(w, r); ok {
		sub.expires = s.clock.Now().Add(s.cfg.SubscriptionTTL)
		simkit.WriteJSON(w, http.StatusOK, sub.view())
	}
}

// removeLocked deletes a subscription; s.mu must be held.
func (s *Server) removeLocked(id string) {
	delete(s.subs, id)
	s.order = slices.DeleteFunc(s.order, func(x string) bool { return x == id })
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// randomHex returns n random bytes as hex.
func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b)
}

// randomUUID returns a random version-4 UUID.
func randomUUID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}
