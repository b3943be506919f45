package oura

import (
	"bytes"
	"cmp"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
)

// Webhook headers (seed, "Step 4: Receiving and Processing Events").
const (
	HeaderSignature = "x-oura-signature"
	HeaderTimestamp = "x-oura-timestamp"
)

// Sign returns Oura's signature: HMAC-SHA256 keyed with the client secret
// over the timestamp header value followed by the body, as upper-case hex.
// The seed's example signs JSON.stringify of the parsed body; the
// simulator sends compact JSON without HTML escaping, which is the same
// bytes, so signing the raw body verifies either way.
func Sign(secret, timestamp string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(timestamp))
	mac.Write(body)
	return strings.ToUpper(hex.EncodeToString(mac.Sum(nil)))
}

// Advance moves the server's clock (when it is a FakeClock) and the world
// forward by d and sends webhooks for what changed. Use Notify instead when
// several simulators share one world.
func (s *Server) Advance(ctx context.Context, d time.Duration) ([]Event, error) {
	if fc, ok := s.clock.(*simkit.FakeClock); ok {
		fc.Advance(d)
	}
	return s.Notify(ctx, s.env.world.Advance(d))
}

// Notify turns truth changes, and the derived documents (tags, sessions,
// rest-mode periods) that appeared since the last call, into webhook
// events for users connected to the app, and POSTs each to the matching
// unexpired subscriptions, signed. It returns the events in time order;
// delivery results are in Webhooks().Deliveries(). A callback answering
// 410 Gone cancels its subscription, as Oura documents.
func (s *Server) Notify(ctx context.Context, changes []truth.Change) ([]Event, error) {
	s.mu.Lock()
	from := s.notified
	s.notified = s.env.world.Now()
	to := s.notified
	s.mu.Unlock()
	var out []Event
	for _, c := range changes {
		if s.isConnected(c.Person.OuraUserID) {
			out = append(out, s.changeEvents(c)...)
		}
	}
	for _, p := range s.env.world.People() {
		if s.isConnected(p.OuraUserID) {
			out = append(out, s.derivedEvents(p, from, to)...)
		}
	}
	slices.SortStableFunc(out, func(a, b Event) int { return cmp.Compare(a.EventTime, b.EventTime) })
	for _, ev := range out {
		if err := ctx.Err(); err != nil {
			return out, fmt.Errorf("oura: send webhooks: %w", err)
		}
		if err := s.deliver(ctx, ev); err != nil {
			return out, err
		}
	}
	return out, nil
}

// event builds one event about a person's document.
func (s *Server) event(p *truth.Person, op, dataType, key string, at time.Time) Event {
	return Event{EventType: op, DataType: dataType, ObjectID: s.env.id(p, dataType, key), EventTime: utc(at), UserID: p.OuraUserID}
}

// changeEvents maps one truth change to Oura events. A day appearing
// creates its daily documents; a day ending updates the ones still
// accumulating; a main sleep being scored updates the scores that depend
// on it. Workouts do not change when scored, so only create and delete.
func (s *Server) changeEvents(c truth.Change) []Event {
	p, at := c.Person, c.At
	op := map[truth.ChangeOp]string{truth.Created: OpCreate, truth.Updated: OpUpdate, truth.Deleted: OpDelete}[c.Op]
	switch c.Kind {
	case truth.KindSleep:
		out := []Event{s.event(p, op, DataSleep, c.ID, at)}
		if sl, ok := p.Sleep(c.ID); ok && c.Op == truth.Updated && !sl.Nap && sl.State == truth.Scored {
			day := s.env.date(sl.Day)
			out = append(out, s.event(p, OpUpdate, DataDailySleep, day, at), s.event(p, OpUpdate, DataDailyReadiness, day, at))
		}
		return out
	case truth.KindWorkout:
		if c.Op == truth.Updated {
			return nil
		}
		return []Event{s.event(p, op, DataWorkout, c.ID, at)}
	case truth.KindDay:
		types := []string{DataDailyActivity, DataDailyStress, DataDailyResilience}
		if c.Op == truth.Created {
			types = append(types, DataDailySleep, DataDailyReadiness, DataDailySpO2, DataDailyCardiovascularAge, DataSleepTime)
			if d, ok := p.Day(c.ID); ok && s.env.hasVO2Max(p, d) {
				types = append(types, DataVO2Max)
			}
		}
		var out []Event
		for _, dt := range types {
			out = append(out, s.event(p, op, dt, c.ID, at))
		}
		return out
	default:
		return nil
	}
}

// derivedEvents lists the creations (and rest-mode endings) of derived
// documents in (from, to].
func (s *Server) derivedEvents(p *truth.Person, from, to time.Time) []Event {
	var out []Event
	in := func(t time.Time) bool { return t.After(from) && !t.After(to) }
	for _, d := range p.Days() {
		if d.End.Before(from.Add(-48 * time.Hour)) {
			continue
		}
		for _, t := range s.env.tagsOf(p, d) {
			if in(t.visibleAt()) {
				out = append(out, s.event(p, OpCreate, DataEnhancedTag, t.key(), t.visibleAt()),
					s.event(p, OpCreate, DataTag, t.key(), t.visibleAt()))
			}
		}
		if ss, ok := s.env.sessionOf(p, d); ok && in(ss.visibleAt()) {
			out = append(out, s.event(p, OpCreate, DataSession, d.Date, ss.visibleAt()))
		}
	}
	for _, r := range s.env.restModes(p) {
		if in(r.visibleAt()) {
			out = append(out, s.event(p, OpCreate, DataRestModePeriod, r.first.Date, r.visibleAt()))
		}
		if in(r.end) {
			out = append(out, s.event(p, OpUpdate, DataRestModePeriod, r.first.Date, r.end))
		}
	}
	return out
}

// deliver POSTs ev to every unexpired subscription for its type.
func (s *Server) deliver(ctx context.Context, ev Event) error {
	now := s.clock.Now()
	s.mu.Lock()
	var targets []Subscription
	for _, id := range s.order {
		sub := s.subs[id]
		if sub.EventType == ev.EventType && sub.DataType == ev.DataType && now.Before(sub.expires) {
			targets = append(targets, sub.Subscription)
		}
	}
	s.mu.Unlock()
	if len(targets) == 0 {
		return nil
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // JSON.stringify does not escape <, > and &
	if err := enc.Encode(ev); err != nil {
		return fmt.Errorf("oura: encode webhook: %w", err)
	}
	body := bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
	ts := strconv.FormatInt(now.Unix(), 10)
	h := http.Header{}
	h.Set("Content-Type", "application/json")
	h.Set(HeaderTimestamp, ts)
	h.Set(HeaderSignature, Sign(s.cfg.ClientSecret, ts, body))
	for _, sub := range targets {
		for range s.cfg.WebhookAttempts {
			d := s.hooks.Send(ctx, sub.CallbackURL, body, h)
			if d.Status == http.StatusGone {
				s.mu.Lock()
				s.removeLocked(sub.ID)
				s.mu.Unlock()
				break
			}
			if d.Err == nil {
				break
			}
			s.cfg.Logger.LogAttrs(ctx, slog.LevelWarn, "oura simulator: webhook delivery failed",
				slog.String("subscription_id", sub.ID), slog.String("error", d.Err.Error()))
		}
	}
	return nil
}
