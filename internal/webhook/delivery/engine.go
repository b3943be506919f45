package delivery

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// Renderer turns outbox changes into event bodies. It is an alias of an
// unnamed interface so a renderer's ForBatch (a renderer for one fan-out
// batch, which may cache reads across it) can return it without naming
// this package.
type Renderer = interface {
	// EventType names the event a change is ("" when it sends none),
	// without I/O, so filters apply before anything is read.
	EventType(c domain.Change) string
	// Render returns the message body of change c as event type.
	Render(ctx context.Context, c domain.Change, eventType string) ([]byte, error)
}

// Options configures an Engine.
type Options struct {
	Store    store.Store
	Renderer Renderer
	Sender   *Sender
	Logger   *slog.Logger
	// Now is the clock (default time.Now).
	Now func() time.Time
	// Parallel is how many attempts of one endpoint run at once (one
	// per user lane at most); default 32.
	Parallel int
	// Batch is how many changes one fan-out step reads; default 500.
	Batch int
	// Slice bounds one pass; the job is then put back to run again so
	// endpoints share workers (default 30 s).
	Slice time.Duration
}

// Engine runs delivery passes.
type Engine struct {
	o Options
}

// NewEngine returns an Engine.
func NewEngine(o Options) (*Engine, error) {
	if o.Store == nil || o.Renderer == nil || o.Sender == nil {
		return nil, errors.New("delivery: store, renderer and sender are required")
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	o.Parallel = cmp.Or(o.Parallel, 32)
	o.Batch = cmp.Or(o.Batch, 500)
	o.Slice = cmp.Or(o.Slice, 30*time.Second)
	return &Engine{o: o}, nil
}

// Pass fans the endpoint's new changes out into messages and delivers
// every message due, until nothing is left to do now or the slice ends.
// It returns when it should run again: zero when nothing is pending, now
// when the slice ended with work left.
func (e *Engine) Pass(ctx context.Context, endpointID string) (time.Time, error) {
	start := e.o.Now()
	for ctx.Err() == nil {
		ep, err := e.o.Store.WebhookEndpoint(ctx, endpointID)
		if errors.Is(err, store.ErrNotFound) {
			return time.Time{}, nil // deleted: nothing more to do
		}
		if err != nil {
			return time.Time{}, err
		}
		if !ep.Enabled {
			return time.Time{}, nil
		}
		fanned, err := e.fanout(ctx, ep)
		if err != nil {
			return time.Time{}, err
		}
		sent, err := e.deliver(ctx, ep)
		if err != nil {
			return time.Time{}, err
		}
		if !fanned && sent == 0 {
			break
		}
		if e.o.Now().Sub(start) >= e.o.Slice {
			now := e.o.Now()
			return now, e.o.Store.SetWebhookNextDue(ctx, endpointID, &now)
		}
	}
	if err := ctx.Err(); err != nil {
		return time.Time{}, err
	}
	next, err := e.o.Store.NextWebhookAttempt(ctx, endpointID)
	if err != nil {
		return time.Time{}, err
	}
	// The dispatcher reads this to know when the endpoint has work again.
	if err := e.o.Store.SetWebhookNextDue(ctx, endpointID, next); err != nil || next == nil {
		return time.Time{}, err
	}
	return *next, nil
}

// fanout turns the next changes after the endpoint's cursor into its
// messages, moving the cursor in the same transaction. It reports
// whether the cursor moved.
func (e *Engine) fanout(ctx context.Context, ep domain.WebhookEndpoint) (bool, error) {
	cs, err := e.o.Store.Changes(ctx, ep.Cursor, e.o.Batch)
	if err != nil || len(cs) == 0 {
		return false, err
	}
	var msgs []domain.WebhookMessage
	now := e.o.Now()
	r := e.o.Renderer
	if b, ok := r.(interface{ ForBatch() Renderer }); ok {
		r = b.ForBatch()
	}
	for _, c := range cs {
		typ := r.EventType(c)
		if !wants(ep, c, typ) {
			continue
		}
		body, err := r.Render(ctx, c, typ)
		if err != nil {
			return false, fmt.Errorf("delivery: render change %d: %w", c.Seq, err)
		}
		msgs = append(msgs, domain.WebhookMessage{EndpointID: ep.ID, Seq: c.Seq, Lane: c.UserID, Ord: c.Seq,
			UserID: c.UserID, Provider: c.Provider, EventType: typ, Payload: body, NextAttemptAt: &now, CreatedAt: now})
	}
	err = e.o.Store.EnqueueWebhookMessages(ctx, ep.ID, ep.Cursor, cs[len(cs)-1].Seq, msgs)
	if errors.Is(err, store.ErrConflict) {
		return true, nil // another pass moved the cursor: read again
	}
	return err == nil, err
}

// wants applies the endpoint's filters.
func wants(ep domain.WebhookEndpoint, c domain.Change, typ string) bool {
	switch {
	case typ == "":
		return false
	case ep.UserID != nil && *ep.UserID != c.UserID:
		return false
	case ep.Provider != "" && ep.Provider != c.Provider:
		return false
	case len(ep.EventTypes) > 0 && !slices.Contains(ep.EventTypes, typ):
		return false
	}
	return true
}

// Signer is the endpoint's signer: its secret and, until the rotation's
// overlap ends, the previous one.
func Signer(ep domain.WebhookEndpoint, now time.Time) (*signing.Signer, error) {
	cur, err := signing.SecretFromBytes(ep.Secret)
	if err != nil {
		return nil, err
	}
	if len(ep.PreviousSecret) > 0 && ep.PreviousUntil != nil && now.Before(*ep.PreviousUntil) {
		if prev, err := signing.SecretFromBytes(ep.PreviousSecret); err == nil {
			return signing.NewSigner(cur, prev)
		}
	}
	return signing.NewSigner(cur)
}

// deliver sends the due head message of each lane, at most Parallel at
// once, and records every attempt. It returns how many it attempted.
func (e *Engine) deliver(ctx context.Context, ep domain.WebhookEndpoint) (int, error) {
	now := e.o.Now()
	due, err := e.o.Store.DueWebhookMessages(ctx, ep.ID, now, e.o.Parallel*4)
	if err != nil || len(due) == 0 {
		return 0, err
	}
	signer, err := Signer(ep, now)
	if err != nil {
		return 0, fmt.Errorf("delivery: endpoint %s secret: %w", ep.ID, err)
	}
	outs := make([]Outcome, len(due))
	starts := make([]time.Time, len(due))
	sem := make(chan struct{}, e.o.Parallel)
	var wg sync.WaitGroup
	for i, m := range due {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			starts[i] = e.o.Now()
			outs[i] = e.o.Sender.Send(ctx, ep.URL, m.ID, m.Payload, signer, starts[i])
		})
	}
	wg.Wait()
	if ctx.Err() != nil {
		// Stopping: attempts cut short are not recorded; the messages
		// stay pending and go out again after the restart.
		return 0, ctx.Err()
	}
	rs, h := e.judge(ep, due, outs, starts)
	if err := e.o.Store.RecordWebhookAttempts(ctx, ep.ID, rs, h); err != nil {
		return 0, err
	}
	if h.Disable != "" {
		e.o.Logger.WarnContext(ctx, "endpoint.disabled", slog.String("endpoint_id", ep.ID), slog.String("reason", h.Disable))
	}
	return len(due), nil
}

// judge turns outcomes into the messages' next state and the endpoint's
// health.
func (e *Engine) judge(ep domain.WebhookEndpoint, due []domain.WebhookMessage, outs []Outcome, starts []time.Time) ([]store.WebhookResult, store.WebhookHealth) {
	now := e.o.Now()
	rs := make([]store.WebhookResult, len(due))
	anyOK, gone := false, false
	for i, m := range due {
		o := outs[i]
		a := domain.WebhookAttempt{MessageID: m.ID, EndpointID: ep.ID, Attempt: m.Attempts + 1, StatusCode: o.StatusCode,
			Latency: o.Latency, ResponseBody: o.Body, StartedAt: starts[i]}
		if o.Err != nil {
			a.Error = o.Err.Error()
		}
		r := store.WebhookResult{Attempt: a, Status: domain.WebhookSucceeded}
		switch {
		case o.OK():
			anyOK = true
		case o.StatusCode == 410:
			// Gone: the receiver asks for no more; the message waits
			// for the endpoint to be re-enabled.
			gone = true
			r.Status, r.NextAttemptAt = domain.WebhookPending, &now
		default:
			if d, ok := NextDelay(a.Attempt, o.RetryAfter); ok {
				at := now.Add(d)
				r.Status, r.NextAttemptAt = domain.WebhookPending, &at
			} else {
				r.Status = domain.WebhookFailed
			}
		}
		rs[i] = r
	}
	h := store.WebhookHealth{At: now}
	switch {
	case gone:
		h.Disable = "the endpoint answered 410 Gone"
	case anyOK:
	case ep.FailingSince != nil && now.Sub(*ep.FailingSince) >= DisableAfter:
		h.Disable = "failing for 5 days"
	default:
		h.FailingSince = &now
	}
	return rs, h
}
