package api

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"
	"time"
)

type routeKey struct{}

// routeLabel carries the matched spec route out to the observing
// middleware, which runs before routing and so cannot see it otherwise.
type routeLabel struct{ pattern string }

func setRoute(ctx context.Context, pattern string) {
	if l, ok := ctx.Value(routeKey{}).(*routeLabel); ok {
		l.pattern = pattern
	}
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

func (r *statusRecorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// observe recovers panics (a 500, never a dropped connection), records
// metrics by route pattern and writes one access-log line per request.
// It never logs headers or bodies: they carry API keys and health data.
func (s *Server) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		label := &routeLabel{}
		rec := &statusRecorder{ResponseWriter: w}
		r = r.WithContext(context.WithValue(r.Context(), routeKey{}, label))
		defer func() {
			if p := recover(); p != nil {
				s.log.ErrorContext(r.Context(), "panic serving request",
					slog.String("path", r.URL.Path), slog.String("panic", fmt.Sprint(p)), slog.String("stack", string(debug.Stack())))
				if rec.status == 0 {
					writeError(rec, r, s.log, fmt.Errorf("panic: %v", p))
				}
			}
			pattern := label.pattern
			if pattern == "" {
				pattern = r.Pattern
			}
			d := time.Since(start)
			s.metrics.ObserveHTTP(pattern, r.Method, rec.status, d)
			s.log.LogAttrs(r.Context(), slog.LevelDebug, "request",
				slog.String("method", r.Method), slog.String("route", pattern),
				slog.Int("status", rec.status), slog.Duration("duration", d))
		}()
		next.ServeHTTP(rec, r)
	})
}
