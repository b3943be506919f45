package oura

import (
	"bytes"
	"cmp"
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/provider"
)

// WebhookPath is where Oura's events and verification GETs arrive,
// relative to WEARHOUSE_BASE_URL.
const WebhookPath = "/api/v1/providers/oura/webhooks"

// EnsureInterval is how often EnsureSubscriptions should run: often
// enough that a subscription lost at Oura is recreated within hours, and
// far more often than any renewal deadline.
const EnsureInterval = 6 * time.Hour

// Subscription is one webhook subscription as Oura shows it (seed,
// "Webhook Subscription Routes").
type Subscription struct {
	ID             string `json:"id"`
	CallbackURL    string `json:"callback_url"`
	EventType      string `json:"event_type"`
	DataType       string `json:"data_type"`
	ExpirationTime string `json:"expiration_time"`
}

// SubscriptionOptions configures NewSubscriptions.
type SubscriptionOptions struct {
	// APIURL is the Oura API base (default the real one).
	APIURL       string
	ClientID     string
	ClientSecret string
	// CallbackURL is where Oura posts events:
	// WEARHOUSE_BASE_URL + WebhookPath.
	CallbackURL string
	// VerificationToken is WEARHOUSE_OURA_WEBHOOK_VERIFICATION_TOKEN; Oura
	// echoes it in the verification GET.
	VerificationToken string
	// DataTypes and EventTypes to subscribe to (default WebhookTypes and
	// EventTypes: one subscription per pair).
	DataTypes, EventTypes []string
	// RenewBefore renews a subscription this long before its
	// expiration_time (default 14 days; Oura does not document the
	// lifetime, Open Wearables assumes 90 days).
	RenewBefore time.Duration
	// Client is the Oura app's shared rate-budgeted client.
	Client *provider.Client
	// Now is the clock deciding what is due for renewal.
	Now func() time.Time
}

// SubscriptionState is what the last Ensure found and did for one
// (data type, event type) pair.
type SubscriptionState struct {
	DataType  string    `json:"data_type"`
	EventType string    `json:"event_type"`
	ID        string    `json:"id,omitempty"`
	ExpiresAt time.Time `json:"expires_at,omitzero"`
	// Action is "kept", "renewed", "created" or "failed".
	Action string `json:"action"`
	Error  string `json:"error,omitempty"`
}

// SubscriptionsState is the manager's view for the API and dashboard.
type SubscriptionsState struct {
	CallbackURL   string              `json:"callback_url"`
	CheckedAt     time.Time           `json:"checked_at,omitzero"`
	Subscriptions []SubscriptionState `json:"subscriptions"`
	// Removed lists duplicate subscriptions deleted by the last run.
	Removed []string `json:"removed,omitempty"`
	Error   string   `json:"error,omitempty"`
}

// Subscriptions keeps Oura's app-level webhook subscriptions in place:
// one per (data type, event type) pointing at CallbackURL, renewed before
// they expire, recreated when Oura lost them. It also answers Oura's
// verification GET. Safe for concurrent use.
type Subscriptions struct {
	o SubscriptionOptions

	mu    sync.Mutex
	state SubscriptionsState
}

// NewSubscriptions builds a manager.
func NewSubscriptions(o SubscriptionOptions) *Subscriptions {
	o.APIURL = strings.TrimRight(cmp.Or(o.APIURL, DefaultAPIURL), "/")
	if len(o.DataTypes) == 0 {
		o.DataTypes = WebhookTypes()
	}
	if len(o.EventTypes) == 0 {
		o.EventTypes = EventTypes()
	}
	if o.RenewBefore <= 0 {
		o.RenewBefore = 14 * 24 * time.Hour
	}
	if o.Client == nil {
		o.Client = provider.NewClient(provider.ClientOptions{})
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	return &Subscriptions{o: o, state: SubscriptionsState{CallbackURL: o.CallbackURL}}
}

// Configured reports whether subscriptions can be managed: the app's
// credentials, a callback URL and a verification token are all needed.
func (s *Subscriptions) Configured() bool {
	return len(s.Missing()) == 0
}

// State returns what the last Ensure found.
func (s *Subscriptions) State() SubscriptionsState {
	s.mu.Lock()
	defer s.mu.Unlock()
	st := s.state
	st.Subscriptions = append([]SubscriptionState(nil), st.Subscriptions...)
	st.Removed = append([]string(nil), st.Removed...)
	return st
}

// Ensure lists the app's subscriptions and, for every wanted pair, keeps
// a live one, renews one expiring within RenewBefore (recreating it when
// Oura no longer knows its id), or creates a missing one; extra
// subscriptions for the same pair and callback are deleted. Creating
// makes Oura call the verification GET, so the server must be serving
// AnswerChallenge at CallbackURL by then. Subscriptions for other
// callback URLs are left alone. It returns the new state and the failures
// joined; a failed pair does not stop the others.
func (s *Subscriptions) Ensure(ctx context.Context) (SubscriptionsState, error) {
	st := SubscriptionsState{CallbackURL: s.o.CallbackURL, CheckedAt: s.o.Now().UTC()}
	if !s.Configured() {
		err := fmt.Errorf("oura: webhook subscriptions: %w: client id/secret, callback URL and verification token are required", provider.ErrNotConfigured)
		st.Error = err.Error()
		s.set(st)
		return st, err
	}
	existing, err := s.List(ctx)
	if err != nil {
		st.Error = err.Error()
		s.set(st)
		return st, err
	}
	mine := map[[2]string][]Subscription{}
	for _, sub := range existing {
		if sub.CallbackURL == s.o.CallbackURL {
			k := [2]string{strings.ToLower(sub.DataType), sub.EventType}
			mine[k] = append(mine[k], sub)
		}
	}
	var errs []error
	for _, dt := range s.o.DataTypes {
		for _, et := range s.o.EventTypes {
			subs := mine[[2]string{dt, et}]
			for _, extra := range subs[min(1, len(subs)):] {
				if err := s.delete(ctx, extra.ID); err != nil {
					errs = append(errs, err)
					continue
				}
				st.Removed = append(st.Removed, extra.ID)
			}
			var cur *Subscription
			if len(subs) > 0 {
				cur = &subs[0]
			}
			ps, err := s.ensureOne(ctx, dt, et, cur, st.CheckedAt)
			if err != nil {
				errs = append(errs, err)
			}
			st.Subscriptions = append(st.Subscriptions, ps)
		}
	}
	err = errors.Join(errs...)
	if err != nil {
		st.Error = err.Error()
	}
	s.set(st)
	return st, err
}

// ensureOne keeps, renews or creates the subscription of one pair.
func (s *Subscriptions) ensureOne(ctx context.Context, dt, et string, cur *Subscription, now time.Time) (SubscriptionState, error) {
	ps := SubscriptionState{DataType: dt, EventType: et, Action: "kept"}
	if cur != nil {
		ps.ID = cur.ID
		exp, err := time.Parse(time.RFC3339, cur.ExpirationTime)
		if err == nil && exp.Sub(now) > s.o.RenewBefore {
			ps.ExpiresAt = exp
			return ps, nil
		}
		renewed, err := s.call(ctx, http.MethodPut, "/v2/webhook/subscription/renew/"+url.PathEscape(cur.ID), nil)
		if err == nil {
			return s.result(ps, "renewed", renewed)
		}
		if !gone(err) {
			return s.failed(ps, err)
		}
		// Oura answers 403 for an id it does not know: recreate it.
	}
	body := map[string]string{"callback_url": s.o.CallbackURL, "verification_token": s.o.VerificationToken, "event_type": et, "data_type": dt}
	created, err := s.call(ctx, http.MethodPost, "/v2/webhook/subscription", body)
	if err != nil {
		return s.failed(ps, err)
	}
	return s.result(ps, "created", created)
}

// gone reports whether Oura no longer knows a subscription id (403 per
// the seed, 404 to be safe).
func gone(err error) bool {
	return provider.IsStatus(err, http.StatusForbidden) || provider.IsStatus(err, http.StatusNotFound)
}

func (s *Subscriptions) result(ps SubscriptionState, action string, raw []byte) (SubscriptionState, error) {
	var sub Subscription
	if err := json.Unmarshal(raw, &sub); err != nil {
		return s.failed(ps, provider.Malformed("subscription", err))
	}
	ps.Action, ps.ID = action, cmp.Or(sub.ID, ps.ID)
	if exp, err := time.Parse(time.RFC3339, sub.ExpirationTime); err == nil {
		ps.ExpiresAt = exp
	}
	return ps, nil
}

func (s *Subscriptions) failed(ps SubscriptionState, err error) (SubscriptionState, error) {
	err = fmt.Errorf("oura: webhook subscription %s/%s: %w", ps.DataType, ps.EventType, err)
	ps.Action, ps.Error = "failed", err.Error()
	return ps, err
}

func (s *Subscriptions) set(st SubscriptionsState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.state = st
}

// List returns the app's subscriptions as Oura has them.
func (s *Subscriptions) List(ctx context.Context) ([]Subscription, error) {
	raw, err := s.call(ctx, http.MethodGet, "/v2/webhook/subscription", nil)
	if err != nil {
		return nil, fmt.Errorf("oura: list webhook subscriptions: %w", err)
	}
	var out []Subscription
	if err := json.Unmarshal(raw, &out); err != nil {
		return nil, fmt.Errorf("oura: list webhook subscriptions: %w", provider.Malformed("subscription list", err))
	}
	return out, nil
}

func (s *Subscriptions) delete(ctx context.Context, id string) error {
	if _, err := s.call(ctx, http.MethodDelete, "/v2/webhook/subscription/"+url.PathEscape(id), nil); err != nil {
		return fmt.Errorf("oura: delete webhook subscription %s: %w", id, err)
	}
	return nil
}

// call sends one webhook-API request with the app's x-client-id and
// x-client-secret headers, through the app's rate budget.
func (s *Subscriptions) call(ctx context.Context, method, p string, body any) ([]byte, error) {
	var rd *bytes.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("oura: encode request: %w", err)
		}
		rd = bytes.NewReader(b)
	} else {
		rd = bytes.NewReader(nil)
	}
	req, err := http.NewRequestWithContext(ctx, method, s.o.APIURL+p, rd)
	if err != nil {
		return nil, fmt.Errorf("oura: build request: %w", err)
	}
	req.Header.Set("x-client-id", s.o.ClientID)
	req.Header.Set("x-client-secret", s.o.ClientSecret)
	req.Header.Set("Accept", "application/json")
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	return s.o.Client.Do(req, true)
}

// AnswerChallenge answers Oura's verification GET
// (?verification_token=…&challenge=…): 200 {"challenge": …} when the token
// matches the configured one (compared in constant time), 401 otherwise.
func (s *Subscriptions) AnswerChallenge(q url.Values) (int, []byte) {
	tok, challenge := q.Get("verification_token"), q.Get("challenge")
	if s.o.VerificationToken == "" || challenge == "" ||
		subtle.ConstantTimeCompare([]byte(tok), []byte(s.o.VerificationToken)) != 1 {
		return http.StatusUnauthorized, []byte(`{"detail":"invalid verification token"}`)
	}
	b, err := json.Marshal(map[string]string{"challenge": challenge})
	if err != nil {
		return http.StatusInternalServerError, []byte(`{"detail":"internal error"}`)
	}
	return http.StatusOK, b
}

// ServeHTTP serves AnswerChallenge, for mounting at
// GET /api/v1/providers/oura/webhooks.
func (s *Subscriptions) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	status, body := s.AnswerChallenge(r.URL.Query())
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
