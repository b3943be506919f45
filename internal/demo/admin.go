package demo

import (
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// Operator sign-in of the demo's console. The password is kept beside
// the API key (mode 0600) so a second run prints the same one; only its
// argon2id hash is in the database.
const (
	adminFile = "demo-admin-password"
	// AdminUsername is the demo console's operator.
	AdminUsername = "demo"
)

// demoAdmin returns the demo operator's password, creating the account
// (or resetting its password when the saved one is gone) as needed.
func demoAdmin(ctx context.Context, dir string, st store.Store) (string, error) {
	db := store.Console(st)
	path := filepath.Join(dir, adminFile)
	saved := ""
	if b, err := os.ReadFile(path); err == nil {
		saved = strings.TrimSpace(string(b))
	}
	a, err := db.AdminByUsername(ctx, AdminUsername)
	switch {
	case err == nil && saved != "" && console.CheckPassword(a.PasswordHash, saved) == nil:
		return saved, nil
	case err != nil && !errors.Is(err, store.ErrNotFound):
		return "", fmt.Errorf("demo: find operator: %w", err)
	}
	pw := rand.Text()
	if err == nil {
		err = db.SetAdminPassword(ctx, a.ID, console.HashPassword(pw))
	} else {
		_, err = db.CreateAdmin(ctx, domain.Admin{Username: AdminUsername, PasswordHash: console.HashPassword(pw), Role: domain.AdminRoleAdmin})
	}
	if err != nil {
		return "", fmt.Errorf("demo: create operator: %w", err)
	}
	if err := os.WriteFile(path, []byte(pw+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("demo: save operator password: %w", err)
	}
	return pw, nil
}
