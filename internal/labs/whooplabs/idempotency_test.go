package whooplabs

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestReplaysAreBoundedAndSingleFlight(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r := newReplays(2, time.Hour, func() time.Time { return now })
	var sent atomic.Int32
	send := func() (any, error) { sent.Add(1); return "ok", nil }
	ctx := context.Background()
	for _, k := range []string{"a", "b", "c"} {
		_, err := r.do(ctx, "op", k, 1, send)
		require.NoError(t, err)
	}
	require.Equal(t, 2, r.len(), "at most max keys")
	_, err := r.do(ctx, "op", "a", 1, send)
	require.NoError(t, err)
	require.EqualValues(t, 4, sent.Load(), "the evicted oldest key is sent again")
	_, err = r.do(ctx, "op", "c", 1, send)
	require.NoError(t, err)
	require.EqualValues(t, 4, sent.Load(), "a kept key is not")

	// Concurrent retries of one key wait for the first attempt.
	release := make(chan struct{})
	var calls atomic.Int32
	slow := func() (any, error) { calls.Add(1); <-release; return "done", nil }
	var wg sync.WaitGroup
	results := make([]any, 5)
	for i := range results {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i], _ = r.do(ctx, "op", "slow", 1, slow)
		}()
	}
	require.Eventually(t, func() bool { return calls.Load() == 1 }, time.Second, time.Millisecond)
	close(release)
	wg.Wait()
	require.EqualValues(t, 1, calls.Load())
	for _, v := range results {
		require.Equal(t, "done", v)
	}
}
