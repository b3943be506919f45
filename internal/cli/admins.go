package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/wearhouse/wearhouse/internal/console"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/store"
)

// adminUsage is the synopsis of the admin command.
const adminUsage = "admin create --username U [--role admin|readonly] [--password-stdin] | list | passwd --username U [--password-stdin]"

// runAdmin manages the operator accounts of the console. It works beside
// a running server on SQLite, as apikeys does.
func runAdmin(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: wearhouse %s", errUsage, adminUsage)
	}
	switch args[0] {
	case "create", "passwd":
		fs := newFlagSet("admin "+args[0], env)
		username := fs.String("username", "", "the operator's sign-in name (required)")
		role := fs.String("role", string(domain.AdminRoleAdmin), "admin (may change things) or readonly")
		fromStdin := fs.Bool("password-stdin", false, "read the password from the first line of standard input instead of generating one")
		return withAdminStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if *username == "" {
				return fmt.Errorf("%w: --username is required", errUsage)
			}
			if r := domain.AdminRole(*role); !r.Valid() {
				return fmt.Errorf("%w: --role must be admin or readonly", errUsage)
			}
			pw, generated, err := adminPassword(env, *fromStdin)
			if err != nil {
				return err
			}
			db := store.Console(st)
			if args[0] == "create" {
				err = createAdmin(ctx, db, *username, domain.AdminRole(*role), pw)
			} else {
				err = setAdminPassword(ctx, db, *username, pw)
			}
			if err != nil {
				return err
			}
			if generated {
				// The password alone on stdout, shown this once.
				fmt.Fprintln(env.Stdout, pw)
			}
			return nil
		})
	case "list":
		return withAdminStore(ctx, env, newFlagSet("admin list", env), args[1:], func(st store.Store) error {
			db := store.Console(st)
			as, err := db.ListAdmins(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "USERNAME\tROLE\tCREATED\tLAST SIGN-IN\tFAILED")
			for _, a := range as {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", a.Username, a.Role, fmtTime(&a.CreatedAt), fmtTime(a.LastLoginAt), a.FailedLogins)
			}
			return tw.Flush()
		})
	}
	return fmt.Errorf("%w: wearhouse %s", errUsage, adminUsage)
}

// adminPassword reads the password from stdin or generates one (130
// random bits).
func adminPassword(env Env, fromStdin bool) (pw string, generated bool, err error) {
	if !fromStdin {
		return rand.Text(), true, nil
	}
	if env.Stdin == nil {
		return "", false, fmt.Errorf("%w: no standard input to read the password from", errUsage)
	}
	line, err := bufio.NewReader(env.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", false, fmt.Errorf("read password: %w", err)
	}
	pw = strings.TrimRight(line, "\r\n")
	if len(pw) < console.MinPasswordLength {
		return "", false, fmt.Errorf("%w: the password must have at least %d characters", errUsage, console.MinPasswordLength)
	}
	return pw, false, nil
}

func createAdmin(ctx context.Context, db store.Console, username string, role domain.AdminRole, pw string) error {
	_, err := db.CreateAdmin(ctx, domain.Admin{Username: username, PasswordHash: console.HashPassword(pw), Role: role})
	if errors.Is(err, store.ErrConflict) {
		return fmt.Errorf("operator %q exists already: use `wearhouse admin passwd --username %s`", username, username)
	}
	return err
}

func setAdminPassword(ctx context.Context, db store.Console, username, pw string) error {
	a, err := db.AdminByUsername(ctx, username)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no operator %q: see `wearhouse admin list`", username)
	}
	if err != nil {
		return err
	}
	return db.SetAdminPassword(ctx, a.ID, console.HashPassword(pw))
}
