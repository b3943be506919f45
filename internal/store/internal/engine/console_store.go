package engine

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

var (
	_ store.Console = (*Store)(nil)
	_ store.Console = (*Tx)(nil)
)

// CreateAdmin implements store.Console in its own transaction.
func (s *Store) CreateAdmin(ctx context.Context, a domain.Admin) (domain.Admin, error) {
	return write(s, ctx, func(t *Tx) (domain.Admin, error) { return t.CreateAdmin(ctx, a) })
}

// SetAdminPassword implements store.Console in its own transaction.
func (s *Store) SetAdminPassword(ctx context.Context, id, hash string) error {
	return exec(s, ctx, func(t *Tx) error { return t.SetAdminPassword(ctx, id, hash) })
}

// AdminLoginFailed implements store.Console in its own transaction.
func (s *Store) AdminLoginFailed(ctx context.Context, id string, maxFailures int, lockUntil time.Time) (domain.Admin, error) {
	return write(s, ctx, func(t *Tx) (domain.Admin, error) { return t.AdminLoginFailed(ctx, id, maxFailures, lockUntil) })
}

// AdminLoginSucceeded implements store.Console in its own transaction.
func (s *Store) AdminLoginSucceeded(ctx context.Context, id string, at time.Time) error {
	return exec(s, ctx, func(t *Tx) error { return t.AdminLoginSucceeded(ctx, id, at) })
}

// CreateAdminSession implements store.Console in its own transaction.
func (s *Store) CreateAdminSession(ctx context.Context, se domain.AdminSession) error {
	return exec(s, ctx, func(t *Tx) error { return t.CreateAdminSession(ctx, se) })
}

// DeleteAdminSession implements store.Console in its own transaction.
func (s *Store) DeleteAdminSession(ctx context.Context, tokenHash []byte) error {
	return exec(s, ctx, func(t *Tx) error { return t.DeleteAdminSession(ctx, tokenHash) })
}

// DeleteExpiredAdminSessions implements store.Console in its own transaction.
func (s *Store) DeleteExpiredAdminSessions(ctx context.Context, now time.Time) (int, error) {
	return write(s, ctx, func(t *Tx) (int, error) { return t.DeleteExpiredAdminSessions(ctx, now) })
}

// Admin implements store.Console on the read pool.
func (s *Store) Admin(ctx context.Context, id string) (domain.Admin, error) {
	return s.tx(s.b.Read()).Admin(ctx, id)
}

// AdminByUsername implements store.Console on the read pool.
func (s *Store) AdminByUsername(ctx context.Context, username string) (domain.Admin, error) {
	return s.tx(s.b.Read()).AdminByUsername(ctx, username)
}

// ListAdmins implements store.Console on the read pool.
func (s *Store) ListAdmins(ctx context.Context) ([]domain.Admin, error) {
	return s.tx(s.b.Read()).ListAdmins(ctx)
}

// AdminSession implements store.Console on the read pool.
func (s *Store) AdminSession(ctx context.Context, tokenHash []byte, now time.Time) (domain.AdminSession, domain.Admin, error) {
	return s.tx(s.b.Read()).AdminSession(ctx, tokenHash, now)
}

// Overview implements store.Console on the read pool.
func (s *Store) Overview(ctx context.Context, since time.Time) (store.Overview, error) {
	return s.tx(s.b.Read()).Overview(ctx, since)
}
