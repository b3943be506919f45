package whooplabs

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Connections is the part of store.Store the patient mapping reads.
type Connections interface {
	ConnectionsByProviderUser(ctx context.Context, p domain.Provider, providerUserID string) ([]domain.Connection, error)
	ActiveConnections(ctx context.Context, p domain.Provider) ([]domain.Connection, error)
}

// Options configures NewService.
type Options struct {
	Client      *Client
	Connections Connections
	// CacheTTL is how long a read is served from memory (default 5 min):
	// WHOOP changes requisitions rarely and partners poll them.
	CacheTTL time.Duration
	// CacheSize bounds the cached requisitions and service requests
	// (default 10,000 each).
	CacheSize int
	// ReplayTTL and ReplaySize bound the idempotency keys kept (default
	// 24 h and 10,000 keys).
	ReplayTTL  time.Duration
	ReplaySize int
	Now        func() time.Time
}

// Service is what the API routes call.
type Service struct {
	o    Options
	reqs *cache[Requisition]
	srs  *cache[ServiceRequest]
	// users caches the patient → user mapping like the reads: mapping by
	// email scans the active WHOOP connections, which a partner polling
	// its requisitions should not pay on every read.
	users   *cache[string]
	replays *replays
}

// RequisitionView is a requisition and the wearhouse user its patient
// maps to ("" when no WHOOP connection matches).
type RequisitionView struct {
	Requisition
	UserID string
}

// NewService builds the service.
func NewService(o Options) *Service {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.CacheTTL <= 0 {
		o.CacheTTL = 5 * time.Minute
	}
	if o.CacheSize <= 0 {
		o.CacheSize = 10_000
	}
	if o.ReplayTTL <= 0 {
		o.ReplayTTL = 24 * time.Hour
	}
	if o.ReplaySize <= 0 {
		o.ReplaySize = 10_000
	}
	return &Service{o: o, reqs: newCache[Requisition](o.CacheSize, o.CacheTTL, o.Now), srs: newCache[ServiceRequest](o.CacheSize, o.CacheTTL, o.Now),
		users: newCache[string](o.CacheSize, o.CacheTTL, o.Now), replays: newReplays(o.ReplaySize, o.ReplayTTL, o.Now)}
}

// Configured reports whether partner credentials are set.
func (s *Service) Configured() bool { return s.o.Client != nil && s.o.Client.Configured() }

// Requisition returns a requisition (cached) with its patient's user.
func (s *Service) Requisition(ctx context.Context, id string) (RequisitionView, error) {
	if err := ValidateID("requisition id", id); err != nil {
		return RequisitionView{}, err
	}
	r, ok := s.reqs.get(id)
	if !ok {
		var err error
		if r, err = s.o.Client.Requisition(ctx, id); err != nil {
			return RequisitionView{}, err
		}
		s.reqs.put(id, r)
		for _, sr := range r.ServiceRequests {
			s.srs.put(sr.ID, sr)
		}
	}
	user, err := s.cachedPatientUser(ctx, r.Patient)
	if err != nil {
		return RequisitionView{}, err
	}
	return RequisitionView{Requisition: r, UserID: user}, nil
}

// ServiceRequest returns a service request (cached).
func (s *Service) ServiceRequest(ctx context.Context, id string) (ServiceRequest, error) {
	if err := ValidateID("service request id", id); err != nil {
		return ServiceRequest{}, err
	}
	if sr, ok := s.srs.get(id); ok {
		return sr, nil
	}
	sr, err := s.o.Client.ServiceRequest(ctx, id)
	if err != nil {
		return ServiceRequest{}, err
	}
	s.srs.put(id, sr)
	return sr, nil
}

// UpdateRequisitionStatus validates and sends a status for every service
// request of the requisition; key (may be "") makes a retry a no-op.
func (s *Service) UpdateRequisitionStatus(ctx context.Context, id, key string, u StatusUpdate) error {
	if err := errors.Join(ValidateID("requisition id", id), ValidateStatus(u)); err != nil {
		return err
	}
	_, err := s.replays.do(ctx, "requisition-status/"+id, key, u, func() (any, error) {
		err := s.o.Client.UpdateRequisitionStatus(ctx, id, u)
		if err == nil {
			if r, ok := s.reqs.get(id); ok {
				for _, sr := range r.ServiceRequests {
					s.srs.drop(sr.ID)
				}
			}
			s.reqs.drop(id)
		}
		return nil, err
	})
	return err
}

// UpdateServiceRequestStatus validates and sends one service request's
// status and returns it as WHOOP now has it.
func (s *Service) UpdateServiceRequestStatus(ctx context.Context, id, key string, u StatusUpdate) (ServiceRequest, error) {
	if err := errors.Join(ValidateID("service request id", id), ValidateStatus(u)); err != nil {
		return ServiceRequest{}, err
	}
	v, err := s.replays.do(ctx, "service-request-status/"+id, key, u, func() (any, error) {
		sr, err := s.o.Client.UpdateServiceRequestStatus(ctx, id, u)
		if err == nil {
			s.srs.put(id, sr)
			s.reqs.dropWhere(func(r Requisition) bool { return hasServiceRequest(r, id) })
		}
		return sr, err
	})
	sr, _ := v.(ServiceRequest)
	return sr, err
}

// CreateDiagnosticReport validates and submits results for a service
// request; with a key, a retry returns the first answer without sending.
func (s *Service) CreateDiagnosticReport(ctx context.Context, id, key string, d DiagnosticReport) (CreatedReport, error) {
	if err := errors.Join(ValidateID("service request id", id), ValidateReport(d)); err != nil {
		return CreatedReport{}, err
	}
	v, err := s.replays.do(ctx, "diagnostic-report/"+id, key, d, func() (any, error) {
		return s.o.Client.CreateDiagnosticReport(ctx, id, d)
	})
	rep, _ := v.(CreatedReport)
	return rep, err
}

func hasServiceRequest(r Requisition, id string) bool {
	for _, sr := range r.ServiceRequests {
		if sr.ID == id {
			return true
		}
	}
	return false
}

// cachedPatientUser is patientUser through the users cache (keyed by the
// patient id and email, so a patient whose email WHOOP changes is mapped
// again). A user who connects WHOOP is found within CacheTTL.
func (s *Service) cachedPatientUser(ctx context.Context, p Patient) (string, error) {
	k := p.ID + "\x00"
	if p.Email != nil {
		k += strings.ToLower(*p.Email)
	}
	if u, ok := s.users.get(k); ok {
		return u, nil
	}
	u, err := s.patientUser(ctx, p)
	if err != nil {
		return "", err
	}
	s.users.put(k, u)
	return u, nil
}

// patientUser maps a patient to the wearhouse user with that WHOOP
// connection: by WHOOP user id when WHOOP names the patient by it, else by
// the patient's email matching an active WHOOP connection's account email
// (WHOOP's partner patient ids are UUIDs, its developer API user ids are
// integers, so the email is what usually links them). "" when none or
// several users match.
func (s *Service) patientUser(ctx context.Context, p Patient) (string, error) {
	if s.o.Connections == nil {
		return "", nil
	}
	conns, err := s.o.Connections.ConnectionsByProviderUser(ctx, domain.ProviderWHOOP, p.ID)
	if err != nil {
		return "", fmt.Errorf("whooplabs: patient %s: %w", p.ID, err)
	}
	if len(conns) == 0 && p.Email != nil && *p.Email != "" {
		all, err := s.o.Connections.ActiveConnections(ctx, domain.ProviderWHOOP)
		if err != nil {
			return "", fmt.Errorf("whooplabs: patient %s: %w", p.ID, err)
		}
		for _, c := range all {
			if c.ProviderUsername != nil && strings.EqualFold(*c.ProviderUsername, *p.Email) {
				conns = append(conns, c)
			}
		}
	}
	user := ""
	for _, c := range conns {
		if user != "" && c.UserID != user {
			return "", nil // ambiguous: claim no one rather than the wrong one
		}
		user = c.UserID
	}
	return user, nil
}

// cache is a bounded map with a time to live; the oldest entries go when
// it is full.
type cache[T any] struct {
	mu    sync.Mutex
	max   int
	ttl   time.Duration
	now   func() time.Time
	items map[string]cached[T]
}

type cached[T any] struct {
	v  T
	at time.Time
}

func newCache[T any](max int, ttl time.Duration, now func() time.Time) *cache[T] {
	return &cache[T]{max: max, ttl: ttl, now: now, items: map[string]cached[T]{}}
}

func (c *cache[T]) get(k string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.items[k]
	if !ok || c.now().Sub(e.at) >= c.ttl {
		var zero T
		return zero, false
	}
	return e.v, true
}

func (c *cache[T]) put(k string, v T) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if _, ok := c.items[k]; !ok && len(c.items) >= c.max {
		oldest, at := "", c.now()
		for key, e := range c.items {
			if !e.at.After(at) {
				oldest, at = key, e.at
			}
		}
		delete(c.items, oldest)
	}
	c.items[k] = cached[T]{v: v, at: c.now()}
}

func (c *cache[T]) drop(k string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.items, k)
}

func (c *cache[T]) dropWhere(f func(T) bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for k, e := range c.items {
		if f(e.v) {
			delete(c.items, k)
		}
	}
}
