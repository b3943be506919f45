package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
)

// childEnv carries a childSpec to the test binary re-executed as a
// wearhouse process (TestCrashChild).
const childEnv = "WEARHOUSE_TEST_CRASH_CHILD"

// childSpec is what a child process runs: `wearhouse serve` with cfg on
// addr, its jobs tuned by tuning.
type childSpec struct {
	Config config.Config
	Addr   string
	Tuning JobTuning
}

// TestCrashChild is not a test: it is the wearhouse process the crash
// tests start and kill (the test binary re-executed with childEnv set).
// It serves until SIGTERM or until it is killed.
func TestCrashChild(t *testing.T) {
	raw := os.Getenv(childEnv)
	if raw == "" {
		t.Skip("runs only as the child process of the crash tests")
	}
	var spec childSpec
	require.NoError(t, json.Unmarshal([]byte(raw), &spec))
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))
	st, err := OpenStore(ctx, spec.Config, log)
	require.NoError(t, err)
	defer st.Close()
	srv, err := New(spec.Config, st, log, WithJobTuning(spec.Tuning))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", spec.Addr)
	require.NoError(t, err)
	require.NoError(t, srv.Run(ctx, ln))
}

// child is one running wearhouse process.
type child struct {
	name string
	base string
	cmd  *exec.Cmd
	done chan struct{}
	mu   sync.Mutex
	logs bytes.Buffer
}

func (c *child) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logs.Write(p)
}

// startChild starts spec as a process and waits until it is ready.
func startChild(t *testing.T, name string, spec childSpec) *child {
	t.Helper()
	raw, err := json.Marshal(spec)
	require.NoError(t, err)
	c := &child{name: name, base: "http://" + spec.Addr, done: make(chan struct{})}
	c.cmd = exec.Command(os.Args[0], "-test.run=^TestCrashChild$", "-test.count=1")
	c.cmd.Env = append(os.Environ(), childEnv+"="+string(raw))
	c.cmd.Stdout, c.cmd.Stderr = c, c
	require.NoError(t, c.cmd.Start())
	go func() { _ = c.cmd.Wait(); close(c.done) }()
	t.Cleanup(func() {
		c.kill()
		if t.Failed() {
			t.Logf("%s output:\n%s", c.name, c.output())
		}
	})
	require.Eventually(t, func() bool {
		select {
		case <-c.done:
			return true
		default:
		}
		res, err := http.Get(c.base + "/readyz")
		if err != nil {
			return false
		}
		res.Body.Close()
		return res.StatusCode == http.StatusOK
	}, 30*time.Second, 10*time.Millisecond, "%s never got ready", name)
	select {
	case <-c.done:
		t.Fatalf("%s exited at start:\n%s", name, c.output())
	default:
	}
	return c
}

func (c *child) output() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.logs.String()
}

// kill sends SIGKILL and returns once the process is gone, with the
// moment it was killed.
func (c *child) kill() time.Time {
	at := time.Now()
	if c.cmd.Process != nil {
		_ = c.cmd.Process.Signal(syscall.SIGKILL)
	}
	<-c.done
	return at
}

// stop asks the process to shut down (SIGTERM) and waits for it.
func (c *child) stop(t *testing.T) {
	t.Helper()
	require.NoError(t, c.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-c.done:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop", c.name)
	}
	require.True(t, c.cmd.ProcessState.Success(), "%s stops cleanly on SIGTERM:\n%s", c.name, c.output())
}

// freeAddr returns a loopback address with a free port, kept by every
// restart of one child (its callback URL names it).
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	return fmt.Sprintf("127.0.0.1:%d", ln.Addr().(*net.TCPAddr).Port)
}
