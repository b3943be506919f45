package cli

import (
	"context"
	"flag"
	"fmt"
	"time"

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
