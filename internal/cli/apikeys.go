package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/server"
	"github.com/wearhouse/wearhouse/internal/store"
)

// apikeysUsage is the synopsis of the apikeys command.
const apikeysUsage = "apikeys create --name NAME | list | revoke ID | rotate [--grace D] ID"

// withAdminStore is withStore for commands that must also work while a
// server runs on the same SQLite file (server.OpenAdminStore).
func withAdminStore(ctx context.Context, env Env, fs *flag.FlagSet, args []string, fn func(store.Store) error) error {
	cfg, err := loadConfig(fs, env, args)
	if err != nil {
		return err
	}
	st, err := server.OpenAdminStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func runAPIKeys(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: wearhouse %s", errUsage, apikeysUsage)
	}
	switch args[0] {
	case "create":
		fs := newFlagSet("apikeys create", env)
		name := fs.String("name", "", "a name to recognise the key by (required)")
		return withAdminStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if *name == "" {
				return fmt.Errorf("%w: --name is required", errUsage)
			}
			c, err := apikey.Create(ctx, st, *name, time.Now())
			if err != nil {
				return err
			}
			// The key alone on stdout, so `KEY=$(wearhouse apikeys create …)` works.
			fmt.Fprintln(env.Stdout, c.Key)
			return nil
		})
	case "list":
		return withAdminStore(ctx, env, newFlagSet("apikeys list", env), args[1:], func(st store.Store) error {
			keys, err := st.ListAPIKeys(ctx)
			if err != nil {
				return err
			}
			return printKeys(env, keys, time.Now())
		})
	case "revoke":
		fs := newFlagSet("apikeys revoke", env)
		return withAdminStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if fs.NArg() != 1 {
				return fmt.Errorf("%w: wearhouse apikeys revoke ID", errUsage)
			}
			_, err := apikey.Revoke(ctx, st, fs.Arg(0), time.Now())
			return keyError(fs.Arg(0), err)
		})
	case "rotate":
		fs := newFlagSet("apikeys rotate", env)
		grace := fs.Duration("grace", 0, "how long the old key keeps working (at most 168h); 0 revokes it at once")
		return withAdminStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if fs.NArg() != 1 {
				return fmt.Errorf("%w: wearhouse apikeys rotate [--grace D] ID", errUsage)
			}
			if *grace < 0 || *grace > apikey.MaxGrace {
				return fmt.Errorf("%w: --grace must be between 0 and %s", errUsage, apikey.MaxGrace)
			}
			c, err := apikey.Rotate(ctx, st, fs.Arg(0), *grace, time.Now())
			if err != nil {
				return keyError(fs.Arg(0), err)
			}
			fmt.Fprintln(env.Stdout, c.Key)
			fmt.Fprintf(env.Stderr, "new key %s replaces %s, which stops working at %s\n",
				c.Record.ID, c.Replaces.ID, c.Replaces.RevokedAt.UTC().Format(time.RFC3339))
			return nil
		})
	}
	return fmt.Errorf("%w: unknown apikeys subcommand %q", errUsage, args[0])
}

// keyError turns the store's refusals into plain sentences.
func keyError(id string, err error) error {
	switch {
	case errors.Is(err, store.ErrNotFound):
		return fmt.Errorf("no API key with id %s", id)
	case errors.Is(err, store.ErrLastAPIKey):
		return fmt.Errorf("%s is the last active API key: create another one first (or rotate this one)", id)
	case errors.Is(err, store.ErrAPIKeyRevoked):
		return fmt.Errorf("API key %s is already revoked or rotated", id)
	}
	return err
}

// printKeys writes the key table: the prefix only, never the key.
func printKeys(env Env, keys []domain.APIKey, now time.Time) error {
	tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tCREATED\tLAST USED\tSTATUS")
	for _, k := range keys {
		fmt.Fprintf(tw, "%s\t%s\t%s…\t%s\t%s\t%s\n", k.ID, k.Name, k.Prefix,
			k.CreatedAt.UTC().Format(time.RFC3339), fmtTime(k.LastUsedAt), keyStatus(k, now))
	}
	return tw.Flush()
}

// keyStatus is active, revoked, or when a rotated key stops working.
func keyStatus(k domain.APIKey, now time.Time) string {
	switch {
	case k.RevokedAt == nil:
		return "active"
	case k.ActiveAt(now):
		return "expires " + k.RevokedAt.UTC().Format(time.RFC3339)
	}
	return "revoked"
}
