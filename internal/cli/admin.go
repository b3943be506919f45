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

// withStore loads config from fs/args, opens the store and runs fn.
func withStore(ctx context.Context, env Env, fs *flag.FlagSet, args []string, fn func(store.Store) error) error {
	cfg, err := loadConfig(fs, env, args)
	if err != nil {
		return err
	}
	st, err := server.OpenStore(ctx, cfg, newLogger(cfg, env.Stderr))
	if err != nil {
		return err
	}
	defer st.Close()
	return fn(st)
}

func runUsers(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("%w: wearhouse users create [--email E] [--first-name F] [--last-name L]", errUsage)
	}
	fs := newFlagSet("users create", env)
	email := fs.String("email", "", "e-mail address")
	first := fs.String("first-name", "", "first name")
	last := fs.String("last-name", "", "last name")
	return withStore(ctx, env, fs, args[1:], func(st store.Store) error {
		u := domain.User{FirstName: optional(*first), LastName: optional(*last), Email: optional(*email), CreatedAt: time.Now()}
		u, err := st.CreateUser(ctx, u)
		if err != nil {
			return err
		}
		fmt.Fprintln(env.Stdout, u.ID)
		return nil
	})
}

func runAPIKeys(ctx context.Context, env Env, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("%w: wearhouse apikeys create --name NAME | list | revoke ID", errUsage)
	}
	switch args[0] {
	case "create":
		fs := newFlagSet("apikeys create", env)
		name := fs.String("name", "", "a name to recognise the key by (required)")
		return withStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if *name == "" {
				return fmt.Errorf("%w: --name is required", errUsage)
			}
			key, rec := apikey.Generate(*name, time.Now())
			if _, err := st.CreateAPIKey(ctx, rec); err != nil {
				return err
			}
			// The key alone on stdout, so `KEY=$(wearhouse apikeys create …)` works.
			fmt.Fprintln(env.Stdout, key)
			return nil
		})
	case "list":
		return withStore(ctx, env, newFlagSet("apikeys list", env), args[1:], func(st store.Store) error {
			keys, err := st.ListAPIKeys(ctx)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tNAME\tPREFIX\tCREATED\tLAST USED\tSTATUS")
			for _, k := range keys {
				status := "active"
				if !k.Active() {
					status = "revoked"
				}
				fmt.Fprintf(tw, "%s\t%s\t%s…\t%s\t%s\t%s\n", k.ID, k.Name, k.Prefix,
					k.CreatedAt.UTC().Format(time.RFC3339), fmtTime(k.LastUsedAt), status)
			}
			return tw.Flush()
		})
	case "revoke":
		fs := newFlagSet("apikeys revoke", env)
		return withStore(ctx, env, fs, args[1:], func(st store.Store) error {
			if fs.NArg() != 1 {
				return fmt.Errorf("%w: wearhouse apikeys revoke ID", errUsage)
			}
			err := st.RevokeAPIKey(ctx, fs.Arg(0), time.Now())
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no API key with id %s", fs.Arg(0))
			}
			return err
		})
	}
	return fmt.Errorf("%w: unknown apikeys subcommand %q", errUsage, args[0])
}

func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func fmtTime(t *time.Time) string {
	if t == nil {
		return "never"
	}
	return t.UTC().Format(time.RFC3339)
}
