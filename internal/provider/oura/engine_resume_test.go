package oura

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/wearhouse/wearhouse/internal/domain"
	"github.com/wearhouse/wearhouse/internal/provider"
	"github.com/wearhouse/wearhouse/internal/provider/providertest"
	simoura "github.com/wearhouse/wearhouse/internal/simulator/oura"
	"github.com/wearhouse/wearhouse/internal/simulator/truth"
	"github.com/wearhouse/wearhouse/internal/store"
	"github.com/wearhouse/wearhouse/internal/store/storetest"
	"github.com/wearhouse/wearhouse/internal/syncer"
)

// requestLog counts the requests the connector sends, per URL path. It
// counts on the client side, when a request is sent, so a count read
// after a sync returns is exact (the simulator's counters record a
// request only after its answer is written).
type requestLog struct {
	mu   sync.Mutex
	sent map[string]int
	last string
	next http.RoundTripper
}

// RoundTrip counts r under its route. The daily activity a heart-rate
// chunk reads for the wearer's offsets (right after its heartrate pages;
// heart rate is the last type walked) counts as heart rate: it is part of
// that chunk.
func (l *requestLog) RoundTrip(r *http.Request) (*http.Response, error) {
	hr := simoura.CollectionPrefix + path(TypeHeartRate)
	key := r.URL.Path
	l.mu.Lock()
	if key == simoura.CollectionPrefix+path(TypeDailyActivity) && l.last == hr {
		key = hr
	}
	l.last = key
	l.sent[key]++
	l.mu.Unlock()
	return l.next.RoundTrip(r)
}

// take returns the counts so far and starts again from zero.
func (l *requestLog) take() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := l.sent
	l.sent = map[string]int{}
	return out
}

// countRequests gives the connector a client that counts its requests,
// limited by budget (nil: unlimited).
func countRequests(b *testBundle, budget provider.Budget) *requestLog {
	l := &requestLog{sent: map[string]int{}, next: http.DefaultTransport}
	b.p.o.Client = provider.NewClient(provider.ClientOptions{Now: b.clock.Now, Budget: budget,
		HTTP: &http.Client{Transport: l, Timeout: 5 * time.Second}})
	return l
}

// reopenable opens the same store again, as a restarted process would.
type reopenable func(t *testing.T) func() store.Store

var reopenableEngines = map[string]reopenable{
	"SQLite": func(t *testing.T) func() store.Store {
		path, box := t.TempDir()+"/wearhouse.db", storetest.NewBox(t)
		return func() store.Store { return storetest.OpenSQLite(t, path, box) }
	},
	"Postgres": func(t *testing.T) func() store.Store {
		url, box := storetest.PostgresSchemaURL(t), storetest.NewBox(t)
		return func() store.Store { return storetest.OpenPostgres(t, url, box) }
	},
}

// TestInterruptedBackfillResumesExactly kills a backfill early (inside
// the first collections), midway (inside the daily documents) and late
// (inside heart rate), checks that every cursor and continuation then
// stored covers only documents already stored, reopens the store as a
// restarted process and finishes: the store equals an uninterrupted
// backfill of the same member, and the two runs together made the
// uninterrupted run's requests plus only the snapshots read again and
// the unfinished heart-rate chunk.
func TestInterruptedBackfillResumesExactly(t *testing.T) {
	t.Parallel()
	for name, open := range reopenableEngines {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if name == "Postgres" && os.Getenv(storetest.PostgresEnv) == "" {
				t.Skipf("%s is not set", storetest.PostgresEnv)
			}
			b := setup(t, truth.Options{Users: 1, Days: resumeDays}, resumeConfig())
			// The uninterrupted backfill, on a store of its own.
			ref := newEngine(t, b, storetest.NewSQLite(t), resumeDays+2)
			refConn := ref.connect(t, 0)
			sent := countRequests(b, nil)
			run := ref.sync(t, refConn, syncer.SourceBackfill)
			require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
			clean := sent.take()
			total := 0
			for _, n := range clean {
				total += n
			}
			require.Greater(t, total, 40, "enough pages to interrupt")
			ref.requireBackfillComplete(t, refConn, resumeDays+2)

			// Sequential: the cases share the simulator and swap the
			// connector's client.
			for _, killAt := range []int{4, total / 2, total - 3} {
				t.Run(fmt.Sprint(killAt), func(t *testing.T) {
					interruptAt(t, b, open(t), int64(killAt), ref, refConn, clean)
				})
			}
		})
	}
}

// interruptAt is one TestInterruptedBackfillResumesExactly case.
func interruptAt(t *testing.T, b *testBundle, open func() store.Store, killAt int64, ref *engine, refConn domain.Connection,
	clean map[string]int) {
	first := open()
	e := newEngine(t, b, first, resumeDays+2)
	c := e.connect(t, 0)
	kill := &providertest.KillBudget{At: killAt}
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	kill.Cancel = cancel
	sent := countRequests(b, kill)
	_, err := e.sy.Sync(ctx, syncer.Request{ConnectionID: c.ID, Source: syncer.SourceBackfill})
	require.ErrorIs(t, err, context.Canceled)
	killed := sent.take()
	states := e.requireProgressBehindData(t, c)
	require.NoError(t, first.Close())

	second := open()
	e = newEngine(t, b, second, resumeDays+2)
	sent = countRequests(b, nil)
	run := e.sync(t, c, syncer.SourceBackfill)
	require.Equal(t, domain.SyncSuccess, run.Status, run.Error)
	resumed := sent.take()
	e.requireBackfillComplete(t, c, resumeDays+2)
	for _, dt := range e.p.DataTypes() {
		require.Equal(t, storedDocs(t, ref.st, refConn.UserID, dt.Name), storedDocs(t, second, c.UserID, dt.Name),
			"%s equals the uninterrupted backfill's", dt.Name)
	}
	for _, dt := range e.p.DataTypes() {
		route := simoura.CollectionPrefix + path(dt.Name)
		want, before, after := clean[route], killed[route], resumed[route]
		switch st := states[dt.Name]; {
		case !dt.Windowed, st == untouched:
			require.Equal(t, want, after, "%s: read as in a clean backfill", dt.Name)
		case st == midway && dt.Name == TypeHeartRate:
			// Heart rate is stored a whole 30-day chunk at a time.
			require.Equal(t, want, after, "%s: the unfinished chunk is read again, nothing more", dt.Name)
		case st == midway:
			require.Equal(t, want, before+after, "%s: resumed at the first page not stored", dt.Name)
		case st == finished:
			// As every pull does, a finished type reads its last 48 hours
			// again (one page here), to catch documents Oura filled in late.
			require.LessOrEqual(t, after, 1, "%s: only the lookback is read again", dt.Name)
		}
	}
}

// Where an interrupted backfill left a data type.
const (
	untouched = "untouched"
	midway    = "midway"
	finished  = "finished"
)

// requireProgressBehindData checks what an interrupted backfill left,
// and returns it per windowed type: a type with a cursor (finished) has
// all of its documents stored; a type with a continuation (midway) has
// some stored and not all; a type with neither (untouched) has none. At
// most one type is midway.
func (e *engine) requireProgressBehindData(t *testing.T, c domain.Connection) map[string]string {
	t.Helper()
	ctx := t.Context()
	x := store.SyncExtra(e.st)
	token := e.accessToken(t, c)
	w := e.backfillWindow(resumeDays + 2)
	states := map[string]string{}
	middle := 0
	for _, dt := range e.p.DataTypes() {
		if !dt.Windowed {
			continue
		}
		stored := storedDocs(t, e.st, c.UserID, dt.Name)
		_, cerr := e.st.Cursor(ctx, c.ID, dt.Name)
		_, perr := x.SyncProgress(ctx, c.ID, dt.Name)
		switch {
		case cerr == nil:
			states[dt.Name] = finished
			require.Equal(t, e.served(t, token, dt, w), stored, "%s has a cursor, so all of it is stored", dt.Name)
		case perr == nil:
			states[dt.Name] = midway
			middle++
			served := e.served(t, token, dt, w)
			require.NotEmpty(t, stored, "%s has a continuation, so a page of it is stored", dt.Name)
			require.Less(t, len(stored), len(served), "%s is not finished", dt.Name)
			for id, body := range stored {
				require.Equal(t, served[id], body, "%s %s", dt.Name, id)
			}
		default:
			states[dt.Name] = untouched
			require.True(t, errors.Is(cerr, store.ErrNotFound) && errors.Is(perr, store.ErrNotFound), "%s: %v %v", dt.Name, cerr, perr)
			require.Empty(t, stored, "%s has no progress, so nothing of it is stored", dt.Name)
		}
	}
	require.LessOrEqual(t, middle, 1)
	return states
}
