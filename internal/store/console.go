package store

import (
	"context"
	"time"

	"github.com/wearhouse/wearhouse/internal/domain"
)

// Console is the storage of the operator console: its accounts, their
// signed-in sessions and the overview's counts. It is part of both Store
// and Tx.
type Console interface {
	// CreateAdmin stores a new operator; a username already taken is
	// ErrConflict.
	CreateAdmin(ctx context.Context, a domain.Admin) (domain.Admin, error)
	Admin(ctx context.Context, id string) (domain.Admin, error)
	AdminByUsername(ctx context.Context, username string) (domain.Admin, error)
	ListAdmins(ctx context.Context) ([]domain.Admin, error)
	// SetAdminPassword replaces an operator's password hash and lifts a
	// lock-out.
	SetAdminPassword(ctx context.Context, id, hash string) error
	// AdminLoginFailed counts one wrong password in one statement (two
	// replicas counting at once both count) and locks the account until
	// lockUntil once maxFailures are reached; it returns the account.
	AdminLoginFailed(ctx context.Context, id string, maxFailures int, lockUntil time.Time) (domain.Admin, error)
	// AdminLoginSucceeded resets the failure count and records the time.
	AdminLoginSucceeded(ctx context.Context, id string, at time.Time) error

	CreateAdminSession(ctx context.Context, s domain.AdminSession) error
	// AdminSession returns the session with this token hash and its
	// operator, ErrNotFound when unknown or expired at now.
	AdminSession(ctx context.Context, tokenHash []byte, now time.Time) (domain.AdminSession, domain.Admin, error)
	DeleteAdminSession(ctx context.Context, tokenHash []byte) error
	// DeleteExpiredAdminSessions removes the sessions expired at now.
	DeleteExpiredAdminSessions(ctx context.Context, now time.Time) (int, error)

	// Overview counts what the console's first page shows.
	Overview(ctx context.Context, since time.Time) (Overview, error)
}

// Overview is the whole installation at a glance.
type Overview struct {
	Users int
	// Connections counts connections per provider and status.
	Connections []ConnectionCount
	// Runs counts sync runs started since the query's time, per
	// provider and status.
	Runs []RunCount
	// Failing lists the connections that are not active or whose latest
	// run failed, most recent first (at most 50).
	Failing []FailingConnection
	// Budgets are the shared rate budgets' windows as last counted, per
	// provider and window length.
	Budgets []RateBudgetUse
}

// RateBudgetUse is one window of a provider's rate budget shared through
// the database (rate_budgets, written by the sync engine's shared budget,
// which runs on PostgreSQL; SQLite's single process counts in memory).
// Used counts the window that started at WindowStart: once it has ended
// nothing of it is in use.
type RateBudgetUse struct {
	Provider     domain.Provider
	Bucket       string
	WindowStart  time.Time
	Window       time.Duration
	Limit        int
	Used         int
	BlockedUntil *time.Time
}

// ConnectionCount is one (provider, status) cell of the overview.
type ConnectionCount struct {
	Provider domain.Provider
	Status   domain.ConnectionStatus
	Count    int
}

// RunCount is one (provider, status) cell of the recent sync runs.
type RunCount struct {
	Provider domain.Provider
	Status   domain.SyncRunStatus
	Count    int
	Fetched  int64
}

// FailingConnection is a connection that needs an operator's look.
type FailingConnection struct {
	UserID   string
	Provider domain.Provider
	Status   domain.ConnectionStatus
	Reason   string
	// LastError is the error of the connection's latest run, if it failed.
	LastError string
	At        time.Time
}
