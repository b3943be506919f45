package server

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/webhook/signing"
)

// hookCounter is a webhook receiver counting what it gets.
type hookCounter struct {
	mu    sync.Mutex
	seen  map[string]int     // webhook-id → deliveries
	order map[string][]int64 // user → change ids, first delivery of each
	total int
}

func newHookCounter(t *testing.T) (*hookCounter, *httptest.Server) {
	h := &hookCounter{seen: map[string]int{}, order: map[string][]int64{}}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var env struct {
			UserID   string `json:"user_id"`
			ChangeID int64  `json:"change_id"`
		}
		_ = json.Unmarshal(body, &env)
		id := r.Header.Get("webhook-id")
		h.mu.Lock()
		h.total++
		h.seen[id]++
		if h.seen[id] == 1 {
			h.order[env.UserID] = append(h.order[env.UserID], env.ChangeID)
		}
		h.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}))
	t.Cleanup(srv.Close)
	return h, srv
}

func (h *hookCounter) distinct() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.seen)
}

// TestWebhookDeliveryAcrossKills kills the delivering process with
// SIGKILL five times during a burst of outbox changes and restarts it:
// every change reaches the receiver (0 lost), every user's changes first
// arrive in change order, and every message ends delivered exactly once
// in the store. A message whose attempt was in flight at the kill is sent
// again (at least once; receivers deduplicate by webhook-id): the test
// reports how many.
func TestWebhookDeliveryAcrossKills(t *testing.T) {
	t.Parallel()
	t.Run("SQLite", func(t *testing.T) {
		t.Parallel()
		webhookKills(t, filepath.Join(t.TempDir(), "w.db"), 1)
	})
	t.Run("Postgres/replicas", func(t *testing.T) {
		t.Parallel()
		webhookKills(t, storetest.PostgresSchemaURL(t), 2)
	})
}

func webhookKills(t *testing.T, dbURL string, replicas int) {
	const users, perUser = 20, 150
	const total = users * perUser
	h, rc := newHookCounter(t)
	addrs := make([]string, replicas)
	for i := range addrs {
		addrs[i] = freeAddr(t)
	}
	cfg := config.Defaults()
	cfg.DatabaseURL, cfg.SecretKey, cfg.BaseURL, cfg.LogLevel = dbURL, secret.NewKey(), "http://"+addrs[0], "warn"
	cfg.Webhooks.AllowLoopback = true

	st, err := OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	sec, err := signing.NewSecret(nil)
	require.NoError(t, err)
	ep, err := st.CreateWebhookEndpoint(t.Context(), domain.WebhookEndpoint{URL: rc.URL, Secret: sec.Bytes()})
	require.NoError(t, err)
	burst(t, st, users, perUser)
	require.NoError(t, st.Close())

	specs := make([]childSpec, replicas)
	procs := make([]*child, replicas)
	for i := range procs {
		c := cfg
		c.Addr = addrs[i]
		specs[i] = childSpec{Config: c, Addr: addrs[i], Tuning: crashTuning}
		specs[i].Tuning.ClientID = fmt.Sprintf("hooks-%d-0", i)
		procs[i] = startChild(t, "process "+strconv.Itoa(i), specs[i])
	}
	kills := 5
	for k := 1; k <= kills; k++ {
		require.Eventually(t, func() bool { return h.distinct() >= k*total/(kills+2) }, 60*time.Second, 2*time.Millisecond)
		require.Less(t, h.distinct(), total, "killed mid-burst")
		i := k % replicas
		procs[i].kill()
		specs[i].Tuning.ClientID = fmt.Sprintf("hooks-%d-%d", i, k)
		procs[i] = startChild(t, "process "+strconv.Itoa(i), specs[i])
	}
	require.Eventually(t, func() bool { return h.distinct() == total }, 60*time.Second, 5*time.Millisecond, "every change delivered")
	for _, p := range procs {
		p.stop(t)
	}

	h.mu.Lock()
	defer h.mu.Unlock()
	require.Len(t, h.seen, total, "0 lost")
	for u, seqs := range h.order {
		for i := 1; i < len(seqs); i++ {
			require.Less(t, seqs[i-1], seqs[i], "user %s: changes first arrive in order", u)
		}
	}
	st, err = OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	defer st.Close()
	delivered := 0
	before := ""
	for {
		ms, err := st.ListWebhookMessages(t.Context(), store.WebhookMessageQuery{EndpointID: ep.ID, BeforeID: before, Limit: 500})
		require.NoError(t, err)
		if len(ms) == 0 {
			break
		}
		for _, m := range ms {
			require.Equal(t, domain.WebhookSucceeded, m.Status)
			delivered++
		}
		before = ms[len(ms)-1].ID
	}
	require.Equal(t, total, delivered, "one message per change, each delivered")
	t.Logf("%d changes, %d kills: %d delivered, 0 lost, %d sent again after a kill (in flight when the process died)",
		total, kills, len(h.seen), h.total-len(h.seen))
}

// burst writes perUser sleep sessions for each of users new users.
func burst(t *testing.T, st store.Store, users, perUser int) {
	t.Helper()
	for range users {
		u, err := st.CreateUser(t.Context(), domain.User{})
		require.NoError(t, err)
		ds, err := st.EnsureDataSource(t.Context(), domain.DataSource{UserID: u.ID, Provider: domain.ProviderWHOOP})
		require.NoError(t, err)
		evs := make([]domain.Event, perUser)
		for i := range evs {
			start := time.Date(2025, 1, 1, 22, 0, 0, 0, time.UTC).Add(time.Duration(i) * 24 * time.Hour)
			evs[i] = domain.Event{RecordMeta: domain.RecordMeta{UserID: u.ID, DataSourceID: ds.ID, ProviderRecordID: "s" + strconv.Itoa(i)},
				Category: domain.CategorySleep, Type: "sleep_session", StartTime: start, EndTime: start.Add(8 * time.Hour)}
		}
		_, err = st.UpsertEvents(t.Context(), evs)
		require.NoError(t, err)
	}
}
