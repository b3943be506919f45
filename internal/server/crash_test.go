package server

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/apikey"
	"github.com/wearhouse/wearhouse/internal/config"
	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/jobs"
	"github.com/wearhouse/wearhouse/internal/secret"
	"github.com/wearhouse/wearhouse/internal/simulator"
	"github.com/wearhouse/wearhouse/internal/simulator/simkit"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
)

// crashTuning makes takeovers happen in about a second: slices of 300 ms,
// a beat every 100 ms, a lease of 600 ms checked every 50 ms.
var crashTuning = JobTuning{Timing: jobs.Timing{Slice: 300 * time.Millisecond, Beat: 100 * time.Millisecond, Lease: 600 * time.Millisecond},
	LeaseCheck: 50 * time.Millisecond, FollowPoll: 50 * time.Millisecond, Fast: true}

// crashWorld is the simulated providers every crash test syncs from and
// what one uninterrupted backfill of person 0 stores.
type crashWorld struct {
	cluster *simulator.Cluster
	key     string // the secret key every process shares
	want    map[string]int64
	total   int64
}

const crashRedirect = "/crash/connected"

// newCrashWorld starts the simulators and measures the reference: an
// in-process server that is never killed.
func newCrashWorld(t *testing.T) *crashWorld {
	t.Helper()
	clock := simkit.NewFakeClock(time.Now().UTC())
	cluster, err := simulator.Start(t.Context(), simulator.Options{Users: 1, Days: 45, Seed: 11, Clock: clock, Unmetered: true,
		Logger: slog.New(slog.DiscardHandler)})
	require.NoError(t, err)
	t.Cleanup(func() { _ = cluster.Close(context.Background()) })
	w := &crashWorld{cluster: cluster, key: secret.NewKey()}

	addr := freeAddr(t)
	cfg := w.config(filepath.Join(t.TempDir(), "ref.db"), addr)
	log := slog.New(slog.DiscardHandler)
	st, err := OpenStore(t.Context(), cfg, log)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	srv, err := New(cfg, st, log, WithJobTuning(crashTuning))
	require.NoError(t, err)
	ln, err := net.Listen("tcp", addr)
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- srv.Run(ctx, ln) }()
	user, key := w.seed(t, st)
	w.connect(t, "http://"+addr, key, user)

	base := "http://" + addr
	require.Eventually(t, func() bool { return w.synced(t, base, key, user) }, 60*time.Second, 20*time.Millisecond, "the reference backfill")
	w.want = stats(t, st, user)
	w.total = progress(t, base, key, user)
	require.Positive(t, w.total)
	cancel()
	require.NoError(t, <-done)
	// From now on every provider answers slowly, so a backfill lasts long
	// enough to be killed at several points.
	for _, e := range cluster.Endpoints {
		body := strings.NewReader(`{"route":"*","kind":"slow","delay":"15ms","probability":1}`)
		res, err := http.Post(e.BaseURL+"/_sim/faults", "application/json", body)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, http.StatusNoContent, res.StatusCode)
	}
	return w
}

// config is a process's configuration on database dbURL, reached at addr.
func (w *crashWorld) config(dbURL, addr string) config.Config {
	cfg := config.Defaults()
	cfg.DatabaseURL = dbURL
	cfg.SecretKey = w.key
	cfg.BaseURL = "http://" + addr
	cfg.LogLevel = "warn"
	cfg.BackfillDays = 60
	cfg.RedirectAllowlist = []string{cfg.BaseURL + crashRedirect}
	for _, e := range w.cluster.Endpoints {
		pc := cfg.Providers[e.Name]
		pc.APIURL, pc.AuthURL, pc.TokenURL = strings.TrimRight(e.API, "/"), e.Authorize, e.Token
		pc.ClientID, pc.ClientSecret = e.ClientID, e.ClientSecret
		pc.RateLimit = "1000/1s"
		cfg.Providers[e.Name] = pc
	}
	return cfg
}

// seed creates the API key and the user on a migrated store.
func (w *crashWorld) seed(t *testing.T, st store.Store) (string, string) {
	t.Helper()
	key, rec := apikey.Generate("crash", time.Now())
	_, err := st.CreateAPIKey(t.Context(), rec)
	require.NoError(t, err)
	email := "crash@example.com"
	u, err := st.CreateUser(t.Context(), domain.User{Email: &email, CreatedAt: time.Now()})
	require.NoError(t, err)
	return u.ID, key
}

// connect runs the real OAuth round trip for every provider: the
// process's authorize route, the simulator's consent, the callback.
func (w *crashWorld) connect(t *testing.T, base, key, userID string) {
	t.Helper()
	client := &http.Client{Timeout: 30 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		if req.URL.Path == crashRedirect {
			return http.ErrUseLastResponse
		}
		return nil
	}}
	for _, e := range w.cluster.Endpoints {
		q := url.Values{"user_id": {userID}, "redirect_uri": {base + crashRedirect}}
		req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+"/api/v1/oauth/"+e.Name+"/authorize?"+q.Encode(), nil)
		require.NoError(t, err)
		req.Header.Set("X-Open-Wearables-API-Key", key)
		res, err := client.Do(req)
		require.NoError(t, err)
		var auth struct {
			URL string `json:"authorization_url"`
		}
		require.NoError(t, json.NewDecoder(res.Body).Decode(&auth))
		res.Body.Close()
		res, err = client.Get(auth.URL + "&sim_user=0")
		require.NoError(t, err)
		res.Body.Close()
		back, err := url.Parse(res.Header.Get("Location"))
		require.NoError(t, err)
		require.Equal(t, "success", back.Query().Get("status"), "connect %s: %s", e.Name, back.Query().Get("error"))
	}
}

// stats is what st holds for the user, per provider and type (data
// source ids differ between databases).
func stats(t *testing.T, st store.Store, userID string) map[string]int64 {
	t.Helper()
	ds, err := st.DataStats(t.Context(), store.StatsQuery{UserID: userID})
	require.NoError(t, err)
	out := map[string]int64{}
	for _, s := range ds.Series {
		out[fmt.Sprintf("series %s %d", s.Provider, s.TypeID)] += s.Count
	}
	for _, e := range ds.Events {
		out[fmt.Sprintf("event %s %s %s", e.Provider, e.Category, e.Type)] += e.Count
	}
	return out
}

// get decodes the JSON answer of an API GET into v.
func get(t *testing.T, base, key, path string, v any) {
	t.Helper()
	req, err := http.NewRequestWithContext(t.Context(), http.MethodGet, base+path, nil)
	require.NoError(t, err)
	req.Header.Set("X-Open-Wearables-API-Key", key)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode, path)
	require.NoError(t, json.NewDecoder(res.Body).Decode(v))
}

// progress is how much the user has stored, as the API reports it.
func progress(t *testing.T, base, key, userID string) int64 {
	t.Helper()
	var d struct {
		Points   int64 `json:"total_data_points"`
		Workouts int64 `json:"total_workouts"`
		Sleeps   int64 `json:"total_sleep_events"`
	}
	get(t, base, key, "/api/v1/users/"+userID+"/summaries/data", &d)
	return d.Points + d.Workouts + d.Sleeps
}

type apiRun struct {
	Status    string    `json:"status"`
	StartedAt time.Time `json:"started_at"`
}

// synced reports, through the API, whether every connection of the user
// finished a sync and no run is left in progress.
func (w *crashWorld) synced(t *testing.T, base, key, userID string) bool {
	t.Helper()
	var conns []struct {
		LastSyncedAt *time.Time `json:"last_synced_at"`
	}
	get(t, base, key, "/api/v1/users/"+userID+"/connections", &conns)
	if len(conns) != len(w.cluster.Endpoints) {
		return false
	}
	for _, c := range conns {
		if c.LastSyncedAt == nil {
			return false
		}
	}
	var runs []apiRun
	get(t, base, key, "/api/v1/sync/runs?status=in_progress&user_id="+userID, &runs)
	return len(runs) == 0
}

// requireSynced waits up to 30 s for synced, showing the runs and
// connections if it never is.
func (w *crashWorld) requireSynced(t *testing.T, base, key, userID, what string) {
	t.Helper()
	if assert.Eventually(t, func() bool { return w.synced(t, base, key, userID) }, 30*time.Second, 10*time.Millisecond, what) {
		return
	}
	var runs, conns []map[string]any
	get(t, base, key, "/api/v1/users/"+userID+"/sync/runs?limit=100", &runs)
	get(t, base, key, "/api/v1/users/"+userID+"/connections", &conns)
	t.Fatalf("runs: %v\nconnections: %v", runs, conns)
}

// resumedSince reports whether a sync run started after at: a process
// picked the work up again.
func resumedSince(t *testing.T, base, key, userID string, at time.Time) bool {
	t.Helper()
	var runs []apiRun
	get(t, base, key, "/api/v1/users/"+userID+"/sync/runs?limit=100", &runs)
	for _, r := range runs {
		if r.StartedAt.After(at) {
			return true
		}
	}
	return false
}

// requireRecovered checks the end state after crashes: the same records
// as the uninterrupted reference (none lost, none duplicated), no run in
// progress, every run a success or interrupted — at least one of them
// interrupted — and no sync job left to do.
func (w *crashWorld) requireRecovered(t *testing.T, st store.Store, userID string, r jobs.Runner) {
	t.Helper()
	require.Equal(t, w.want, stats(t, st, userID), "records after the crashes equal an uninterrupted backfill")
	runs, err := st.ListSyncRuns(t.Context(), store.SyncRunQuery{UserID: userID, Limit: 1000})
	require.NoError(t, err)
	interrupted := 0
	for _, run := range runs {
		require.Contains(t, []domain.SyncRunStatus{domain.SyncSuccess, "interrupted"}, run.Status, "run %s: %s", run.ID, run.Error)
		if run.Status == "interrupted" {
			interrupted++
		}
	}
	require.Positive(t, interrupted, "the killed runs are closed as interrupted")
	// The last job records its completion just after its run (River
	// completes jobs in batches); then nothing is left to do — a pull the
	// planner scheduled for later may wait.
	require.Eventually(t, func() bool {
		js, err := r.Jobs(t.Context(), jobs.SyncArgs{}.Kind())
		require.NoError(t, err)
		for _, j := range js {
			if !slices.Contains([]string{"completed", "cancelled", "scheduled"}, string(j.State)) {
				return false
			}
		}
		return true
	}, 10*time.Second, 10*time.Millisecond, "every sync job has ended")
}

// inspector is an insert-only job client on st, to look at jobs.
func inspector(st store.Store) (jobs.Runner, error) {
	switch db := any(st).(type) {
	case interface{ Pool() *pgxpool.Pool }:
		return jobs.NewPostgres(db.Pool(), jobs.Options{})
	case interface{ DB() *sql.DB }:
		return jobs.NewSQLite(db.DB(), jobs.Options{})
	}
	return nil, fmt.Errorf("no job client for %T", st)
}

// TestCrashRecovery kills real wearhouse processes (SIGKILL) during a
// backfill from the simulators and checks that the work resumes by
// itself within seconds and ends exactly as an uninterrupted backfill:
// on one process restarted after each kill (SQLite and PostgreSQL), and
// on three PostgreSQL replicas, one killed while it runs the backfill.
func TestCrashRecovery(t *testing.T) {
	t.Parallel()
	w := newCrashWorld(t)
	t.Run("restart/SQLite", func(t *testing.T) {
		t.Parallel()
		w.killAndRestart(t, filepath.Join(t.TempDir(), "w.db"))
	})
	t.Run("restart/Postgres", func(t *testing.T) {
		t.Parallel()
		w.killAndRestart(t, storetest.PostgresSchemaURL(t))
	})
	t.Run("replicas/Postgres", func(t *testing.T) {
		t.Parallel()
		w.killReplica(t, storetest.PostgresSchemaURL(t))
	})
}

// killAndRestart runs one process on dbURL, kills it at three points of
// the backfill (as soon as anything is stored, past a third, past two
// thirds) and restarts it each time. The process owns a SQLite file
// while it runs, so progress is watched through the API.
func (w *crashWorld) killAndRestart(t *testing.T, dbURL string) {
	addr := freeAddr(t)
	cfg := w.config(dbURL, addr)
	st, err := OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	user, key := w.seed(t, st)
	require.NoError(t, st.Close())
	spec := childSpec{Config: cfg, Addr: addr, Tuning: crashTuning}
	spec.Tuning.ClientID = "restart-0"
	p := startChild(t, "process", spec)
	w.connect(t, p.base, key, user)
	var killedAt time.Time
	for i, share := range []int64{0, 33, 66} {
		require.Eventually(t, func() bool { return progress(t, p.base, key, user) > w.total*share/100 }, 30*time.Second,
			5*time.Millisecond, "backfill past %d%%", share)
		require.False(t, w.synced(t, p.base, key, user), "killed mid-backfill")
		killedAt = p.kill()
		spec.Tuning.ClientID = "restart-" + strconv.Itoa(i+1)
		p = startChild(t, "process", spec)
		require.Eventually(t, func() bool { return resumedSince(t, p.base, key, user, killedAt) }, 30*time.Second, 5*time.Millisecond)
		t.Logf("kill %d (past %d%%): the backfill resumed %s after SIGKILL (restart included)", i+1, share,
			time.Since(killedAt).Round(time.Millisecond))
	}
	w.requireSynced(t, p.base, key, user, "all work done within 30 s of the last kill")
	t.Logf("all work done %s after the last SIGKILL", time.Since(killedAt).Round(time.Millisecond))
	p.stop(t)
	st, err = OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	r, err := inspector(st)
	require.NoError(t, err)
	w.requireRecovered(t, st, user, r)
}

// killReplica runs three replicas on one PostgreSQL database and kills,
// halfway through the backfill, the one working a backfill job; the
// survivors take it over.
func (w *crashWorld) killReplica(t *testing.T, dbURL string) {
	addrs := []string{freeAddr(t), freeAddr(t), freeAddr(t)}
	cfg := w.config(dbURL, addrs[0])
	st, err := OpenStore(t.Context(), cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	user, key := w.seed(t, st)
	r, err := inspector(st)
	require.NoError(t, err)
	replicas := map[string]*child{}
	for i, addr := range addrs {
		spec := childSpec{Config: cfg, Addr: addr, Tuning: crashTuning}
		spec.Tuning.ClientID = "replica-" + strconv.Itoa(i)
		replicas[spec.Tuning.ClientID] = startChild(t, spec.Tuning.ClientID, spec)
	}
	w.connect(t, replicas["replica-0"].base, key, user)
	var victim string
	var job int64
	require.Eventually(t, func() bool {
		js, err := r.Jobs(t.Context(), jobs.SyncArgs{}.Kind())
		require.NoError(t, err)
		for _, j := range js {
			// Halfway through, so the 30 s after the kill measure the
			// takeover and the rest of a backfill, not all of it.
			if j.State == "running" && len(j.AttemptedBy) > 0 && progress(t, replicas["replica-0"].base, key, user) > w.total/2 {
				victim, job = j.AttemptedBy[len(j.AttemptedBy)-1], j.ID
				return true
			}
		}
		return false
	}, 30*time.Second, 5*time.Millisecond, "a replica runs a backfill")
	killedAt := replicas[victim].kill()
	var survivor *child
	for name, c := range replicas {
		if name != victim {
			survivor = c
		}
	}
	require.Eventually(t, func() bool {
		js, err := r.Jobs(t.Context(), jobs.SyncArgs{}.Kind())
		require.NoError(t, err)
		for _, j := range js {
			if j.ID == job {
				return j.AttemptedBy[len(j.AttemptedBy)-1] != victim || j.State == "completed"
			}
		}
		return false
	}, 30*time.Second, 5*time.Millisecond, "a surviving replica takes the job over")
	t.Logf("%s killed while running job %d; a survivor took it over %s later", victim, job, time.Since(killedAt).Round(time.Millisecond))
	w.requireSynced(t, survivor.base, key, user, "all work done within 30 s of the kill")
	t.Logf("all work done %s after the SIGKILL", time.Since(killedAt).Round(time.Millisecond))
	w.requireRecovered(t, st, user, r)
	for name, c := range replicas {
		if name != victim {
			c.stop(t)
		}
	}
}
