package logging

import (
	"bytes"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestQuieterLowersInfoKeepsWarnings(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		level slog.Level
		want  []string // what a handler at level writes
	}{
		{name: "Info", level: slog.LevelInfo, want: []string{"level=WARN msg=warned", "level=ERROR msg=failed"}},
		{name: "Debug", level: slog.LevelDebug, want: []string{"level=DEBUG msg=chatter", "level=DEBUG msg=counts", "level=WARN msg=warned"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			l := Quieter(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: tt.level,
				ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
					if a.Key == slog.TimeKey {
						return slog.Attr{}
					}
					return a
				}})))
			l.Debug("chatter")
			l.With("queue", "default").Info("counts")
			l.Warn("warned")
			l.Error("failed")
			for _, w := range tt.want {
				require.Contains(t, buf.String(), w)
			}
			if tt.level == slog.LevelInfo {
				require.NotContains(t, buf.String(), "counts", "INFO is logged at DEBUG")
				require.NotContains(t, buf.String(), "chatter")
			}
		})
	}
	require.Nil(t, Quieter(nil))
}
