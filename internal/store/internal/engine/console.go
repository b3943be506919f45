package engine

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

const adminCols = "id, username, password_hash, role, failed_logins, locked_until, last_login_at, created_at"

func scanAdmin(r Rows) (domain.Admin, error) {
	var a domain.Admin
	var role string
	var locked, last *int64
	var created int64
	if err := r.Scan(&a.ID, &a.Username, &a.PasswordHash, &role, &a.FailedLogins, &locked, &last, &created); err != nil {
		return domain.Admin{}, err
	}
	a.Role, a.LockedUntil, a.LastLoginAt, a.CreatedAt = domain.AdminRole(role), fromMSPtr(locked), fromMSPtr(last), fromMS(created)
	return a, nil
}

// CreateAdmin stores a new operator account. The username is claimed
// under a lock first so a taken one is ErrConflict on both engines, not a
// driver error.
func (t *Tx) CreateAdmin(ctx context.Context, a domain.Admin) (domain.Admin, error) {
	if a.Username == "" || a.PasswordHash == "" || !a.Role.Valid() {
		return domain.Admin{}, fmt.Errorf("store: create admin: username, password hash and a valid role are required: %w", store.ErrInvalid)
	}
	if t.d.LockKeys != nil {
		if _, err := t.db.Exec(ctx, t.d.LockKeys(1), "wearhouse:admin:"+a.Username); err != nil {
			return domain.Admin{}, fmt.Errorf("store: lock admin: %w", err)
		}
	}
	if _, err := t.AdminByUsername(ctx, a.Username); err == nil {
		return domain.Admin{}, fmt.Errorf("store: admin %q exists: %w", a.Username, store.ErrConflict)
	} else if !isNotFound(err) {
		return domain.Admin{}, err
	}
	a.ID, a.CreatedAt, a.FailedLogins, a.LockedUntil, a.LastLoginAt = orNewID(a.ID), t.clock(), 0, nil, nil
	_, err := t.db.Exec(ctx, "INSERT INTO admins ("+adminCols+") VALUES (?1, ?2, ?3, ?4, 0, NULL, NULL, ?5)",
		a.ID, a.Username, a.PasswordHash, string(a.Role), ms(a.CreatedAt))
	if err != nil {
		return domain.Admin{}, fmt.Errorf("store: create admin: %w", err)
	}
	return a, nil
}

// Admin reads one operator by id.
func (t *Tx) Admin(ctx context.Context, id string) (domain.Admin, error) {
	a, err := scanOne(ctx, t.db, "SELECT "+adminCols+" FROM admins WHERE id = ?1", []any{id}, scanAdmin)
	if err != nil {
		return domain.Admin{}, fmt.Errorf("store: admin %s: %w", id, err)
	}
	return a, nil
}

// AdminByUsername reads one operator by username.
func (t *Tx) AdminByUsername(ctx context.Context, username string) (domain.Admin, error) {
	a, err := scanOne(ctx, t.db, "SELECT "+adminCols+" FROM admins WHERE username = ?1", []any{username}, scanAdmin)
	if err != nil {
		return domain.Admin{}, fmt.Errorf("store: admin %q: %w", username, err)
	}
	return a, nil
}

// ListAdmins lists operators by username.
func (t *Tx) ListAdmins(ctx context.Context) ([]domain.Admin, error) {
	as, err := list(ctx, t.db, "SELECT "+adminCols+" FROM admins ORDER BY username", nil, scanAdmin)
	if err != nil {
		return nil, fmt.Errorf("store: list admins: %w", err)
	}
	return as, nil
}

// SetAdminPassword replaces the hash and lifts any lock-out.
func (t *Tx) SetAdminPassword(ctx context.Context, id, hash string) error {
	n, err := t.db.Exec(ctx, "UPDATE admins SET password_hash = ?1, failed_logins = 0, locked_until = NULL WHERE id = ?2", hash, id)
	return rowsOrNotFound(n, err, "set admin password", id)
}

// AdminLoginFailed counts a wrong password in one UPDATE, so concurrent
// failures on two replicas are both counted, then reads the account.
func (t *Tx) AdminLoginFailed(ctx context.Context, id string, maxFailures int, lockUntil time.Time) (domain.Admin, error) {
	n, err := t.db.Exec(ctx, `UPDATE admins SET failed_logins = failed_logins + 1,
    locked_until = CASE WHEN failed_logins + 1 >= ?1 THEN ?2 ELSE locked_until END WHERE id = ?3`,
		maxFailures, ms(MS(lockUntil)), id)
	if err := rowsOrNotFound(n, err, "admin login failed", id); err != nil {
		return domain.Admin{}, err
	}
	return t.Admin(ctx, id)
}

// AdminLoginSucceeded resets the failures and records the sign-in.
func (t *Tx) AdminLoginSucceeded(ctx context.Context, id string, at time.Time) error {
	n, err := t.db.Exec(ctx, "UPDATE admins SET failed_logins = 0, locked_until = NULL, last_login_at = ?1 WHERE id = ?2", ms(MS(at)), id)
	return rowsOrNotFound(n, err, "admin login", id)
}

// CreateAdminSession stores a signed-in session.
func (t *Tx) CreateAdminSession(ctx context.Context, s domain.AdminSession) error {
	if len(s.TokenHash) == 0 || s.CSRF == "" {
		return fmt.Errorf("store: create admin session: token hash and CSRF token are required: %w", store.ErrInvalid)
	}
	_, err := t.db.Exec(ctx, "INSERT INTO admin_sessions (token_hash, admin_id, csrf, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
		s.TokenHash, s.AdminID, s.CSRF, ms(MS(s.CreatedAt)), ms(MS(s.ExpiresAt)))
	if err != nil {
		return fmt.Errorf("store: create admin session: %w", err)
	}
	return nil
}

// AdminSession reads a live session and its operator in one query.
func (t *Tx) AdminSession(ctx context.Context, tokenHash []byte, now time.Time) (domain.AdminSession, domain.Admin, error) {
	type pair struct {
		s domain.AdminSession
		a domain.Admin
	}
	cols := "a." + strings.ReplaceAll(adminCols, ", ", ", a.")
	p, err := scanOne(ctx, t.db, "SELECT s.csrf, s.created_at, s.expires_at, "+cols+
		" FROM admin_sessions s JOIN admins a ON a.id = s.admin_id WHERE s.token_hash = ?1 AND s.expires_at > ?2",
		[]any{tokenHash, ms(now)}, func(r Rows) (pair, error) {
			var p pair
			var role string
			var created, expires, acreated int64
			var locked, last *int64
			err := r.Scan(&p.s.CSRF, &created, &expires, &p.a.ID, &p.a.Username, &p.a.PasswordHash, &role, &p.a.FailedLogins, &locked, &last, &acreated)
			p.s.TokenHash, p.s.AdminID, p.s.CreatedAt, p.s.ExpiresAt = tokenHash, p.a.ID, fromMS(created), fromMS(expires)
			p.a.Role, p.a.LockedUntil, p.a.LastLoginAt, p.a.CreatedAt = domain.AdminRole(role), fromMSPtr(locked), fromMSPtr(last), fromMS(acreated)
			return p, err
		})
	if err != nil {
		return domain.AdminSession{}, domain.Admin{}, fmt.Errorf("store: admin session: %w", err)
	}
	return p.s, p.a, nil
}

// DeleteAdminSession signs a session out (no-op when already gone).
func (t *Tx) DeleteAdminSession(ctx context.Context, tokenHash []byte) error {
	if _, err := t.db.Exec(ctx, "DELETE FROM admin_sessions WHERE token_hash = ?1", tokenHash); err != nil {
		return fmt.Errorf("store: delete admin session: %w", err)
	}
	return nil
}

// DeleteExpiredAdminSessions removes sessions expired at now.
func (t *Tx) DeleteExpiredAdminSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := t.db.Exec(ctx, "DELETE FROM admin_sessions WHERE expires_at <= ?1", ms(now))
	if err != nil {
		return 0, fmt.Errorf("store: delete expired admin sessions: %w", err)
	}
	return int(n), nil
}
