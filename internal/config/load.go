package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// Defaults returns the configuration with every default applied.
func Defaults() Config {
	c := Config{Providers: map[string]ProviderConfig{}}
	for _, s := range Settings() {
		_ = s.set(&c, s.Default) // defaults are valid by construction; tested.
	}
	return c
}

// RegisterFlags adds one flag per setting to fs and returns a function that
// applies defaults, then environment variables from getenv, then the flags
// that were set, and validates the result.
func RegisterFlags(fs *flag.FlagSet, getenv func(string) string) func() (Config, error) {
	settings := Settings()
	vals := make([]*string, len(settings))
	for i, s := range settings {
		// The default is shown by --help; only a flag given on the command
		// line overrides the environment.
		vals[i] = fs.String(s.Flag, s.Default, s.Help+" (env "+s.Env+")")
	}
	return func() (Config, error) {
		c := Defaults()
		set := map[string]bool{}
		fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
		var errs []error
		for i, s := range settings {
			v, ok := getenv(s.Env), getenv(s.Env) != ""
			if set[s.Flag] {
				v, ok = *vals[i], true
			}
			if !ok {
				continue
			}
			if err := s.set(&c, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", s.Env, err))
			}
		}
		if err := errors.Join(errs...); err != nil {
			return Config{}, err
		}
		return c, c.Validate()
	}
}

// Print writes the effective configuration, one NAME=value per line, with
// secrets redacted (a password inside a database URL included).
func (c Config) Print(w io.Writer) {
	for _, s := range Settings() {
		v := s.get(c)
		switch {
		case v == "":
		case s.Env == "WEARHOUSE_DATABASE_URL":
			v = redactURL(v)
		case s.Secret:
			v = "[redacted]"
		}
		fmt.Fprintf(w, "%s=%s\n", s.Env, v)
	}
}

func redactURL(v string) string {
	if !strings.Contains(v, "://") {
		return v
	}
	u, err := url.Parse(v)
	if err != nil {
		return "[redacted]"
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "redacted")
	}
	return u.String()
}
