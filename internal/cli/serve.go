package cli

import (
	"context"
	"fmt"
	"net"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/server"
)

func runServe(ctx context.Context, env Env, args []string) error {
	fs := newFlagSet("serve", env)
	printConfig := fs.Bool("print-config", false, "print the effective configuration (secrets redacted) and exit")
	cfg, err := loadConfig(fs, env, args)
	if err != nil {
		return err
	}
	if *printConfig {
		cfg.Print(env.Stdout)
		if cfg.SecretKey == "" && cfg.Engine() == config.EngineSQLite {
			fmt.Fprintf(env.Stdout, "# WEARHOUSE_SECRET_KEY is empty: the key in %s is used (generated at the first start when missing)\n",
				server.SecretKeyPath(cfg))
		}
		return nil
	}
	log := newLogger(cfg, env.Stderr)
	st, err := server.OpenStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	defer st.Close()
	srv, err := server.New(cfg, st, log)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	return srv.Run(ctx, ln)
}

func runMigrate(ctx context.Context, env Env, args []string) error {
	cfg, err := loadConfig(newFlagSet("migrate", env), env, args)
	if err != nil {
		return err
	}
	log := newLogger(cfg, env.Stderr)
	st, err := server.OpenStore(ctx, cfg, log)
	if err != nil {
		return err
	}
	log.Info("migrations applied", "store", st.Engine())
	return st.Close()
}
