// Package logging adapts the logs of the libraries wearhouse embeds to its
// own levels: River reports every migration check, client start and stop,
// and its producers' job counts every few seconds at INFO, which would
// bury wearhouse's own lines (and print on every CLI command). Their
// warnings and errors keep their level.
package logging

import (
	"context"
	"log/slog"
)

// Quieter returns a logger that writes through l's handler with every
// record below WARN lowered to DEBUG; nil stays nil.
func Quieter(l *slog.Logger) *slog.Logger {
	if l == nil {
		return nil
	}
	return slog.New(quiet{l.Handler()})
}

// quiet is the handler Quieter wraps around another.
type quiet struct{ next slog.Handler }

func lower(l slog.Level) slog.Level {
	if l < slog.LevelWarn {
		return min(l, slog.LevelDebug)
	}
	return l
}

func (q quiet) Enabled(ctx context.Context, l slog.Level) bool { return q.next.Enabled(ctx, lower(l)) }

func (q quiet) Handle(ctx context.Context, r slog.Record) error {
	r.Level = lower(r.Level)
	return q.next.Handle(ctx, r)
}

func (q quiet) WithAttrs(as []slog.Attr) slog.Handler { return quiet{q.next.WithAttrs(as)} }

func (q quiet) WithGroup(name string) slog.Handler { return quiet{q.next.WithGroup(name)} }
